import { isGitSource, importFromFolder, importFromGit, importFromMarketplace } from '../../automation/skillImport';
import { DEFAULT_MARKETPLACE_URL, MARKETPLACE_KEY_ENV, MarketplaceClient } from '../../automation/marketplaceClient';
import type { SkillEntry } from '../../protocol/automation';
import type { CommandSpec } from '../commandSpec';
import type { CliContext } from '../context';
import { CliError, EXIT_OK, UsageError } from '../errors';
import { table, truncate } from '../format/table';

const ACTIONS = ['sync', 'import', 'search', 'vet'] as const;

export const skillsCommand: CommandSpec = {
  name: 'skills',
  summary: 'The skill catalog (.viban/skills.json): list, sync, import (folder, git URL, marketplace), search, vet',
  usage: ['skills [--json]', 'skills sync', 'skills import <path|git-url[#ref]|marketplace:<id>>', 'skills search <query>', 'skills vet <id>'],
  options: { json: { type: 'boolean' } },
  optionHelp: { json: 'Print the catalog (or search results) as JSON' },
  examples: ['viban skills', 'viban skills import ./my-skills/summarize', 'viban skills import https://example.com/skills.git#v1.2.0', 'viban skills search "prd writer"', 'viban skills import marketplace:acme-prd-writer', 'viban skills vet summarize'],
  positionals: { min: 0, max: 2, names: ['action', 'argument'] },
  async run(ctx, args) {
    const [action, arg] = args.positionals;
    if (action !== undefined && !(ACTIONS as readonly string[]).includes(action)) throw new UsageError(`unknown skills action "${action}" (${ACTIONS.join(', ')})`, 'skills');
    if ((action === 'import' || action === 'search' || action === 'vet') && !arg) throw new UsageError(`missing argument: viban skills ${action} <${action === 'search' ? 'query' : action === 'vet' ? 'id' : 'source'}>`, 'skills');
    if ((action === undefined || action === 'sync') && arg) throw new UsageError(`unexpected argument "${arg}"`, 'skills');
    const runtime = await ctx.runtime();
    const catalog = runtime.automation.catalog;
    const fail = (err: Error): never => {
      throw new CliError(err.message);
    };
    switch (action) {
      case undefined: {
        const { skills, problems } = await catalog.rescan().catch(fail);
        problems.forEach((p) => ctx.out.info(`viban: warning: ${p}`));
        if (args.values.json) ctx.out.line(JSON.stringify(skills, null, 2));
        else if (!skills.length) ctx.out.info('No skills. Add .viban/skills/<id>/SKILL.md, `viban skills import`, or `viban recipes init --template coding`.');
        else printSkills(ctx, skills);
        return EXIT_OK;
      }
      case 'sync': {
        const { skills, problems, dropped } = await catalog.rescan().catch(fail);
        problems.forEach((p) => ctx.out.info(`viban: warning: ${p}`));
        dropped.forEach((id) => ctx.out.info(`viban: ${id} changed since it was vetted: now experimental (viban skills vet ${id})`));
        ctx.out.line(`${skills.length} skill${skills.length === 1 ? '' : 's'} in the catalog.`);
        return EXIT_OK;
      }
      case 'vet': {
        const skill = await catalog.vet(arg!).catch(fail);
        ctx.out.line(`${skill.id} vetted at ${skill.contentHash.slice(0, 19)}`);
        return EXIT_OK;
      }
      case 'search': {
        const found = await (await marketplace(ctx)).search(arg!).catch(fail);
        if (args.values.json) ctx.out.line(JSON.stringify(found, null, 2));
        else if (!found.length) ctx.out.info(`Nothing found for "${arg}".`);
        else table(['ID', 'NAME', 'AUTHOR', 'DESCRIPTION'], found.map((s) => [s.id, s.name, s.author ?? '', truncate(s.description, 50)])).forEach((l) => ctx.out.line(l));
        return EXIT_OK;
      }
      case 'import': {
        const source = arg!;
        const imported = source.startsWith('marketplace:')
          ? [await importFromMarketplace(catalog, await marketplace(ctx), source.slice('marketplace:'.length)).catch(fail)]
          : isGitSource(source)
            ? await importFromGit(catalog, source).catch(fail)
            : await importFromFolder(catalog, source).catch(fail);
        for (const s of imported) ctx.out.line(`Imported ${s.id} (${s.source}${s.pinnedCommit ? ` @ ${s.pinnedCommit.slice(0, 12)}` : ''}) as ${s.trust}; vet it with \`viban skills vet ${s.id}\` to use it in fully_auto.`);
        return EXIT_OK;
      }
    }
    return EXIT_OK;
  },
};

function printSkills(ctx: CliContext, skills: SkillEntry[]): void {
  const badge = (t: SkillEntry['trust']) => ctx.out.style(t === 'vetted' ? 'green' : t === 'community' ? 'yellow' : 'dim', t);
  table(['ID', 'NAME', 'TRUST', 'SOURCE', 'VERSION', 'OUTPUTS'], skills.map((s) => [s.id, truncate(s.name, 28), badge(s.trust), s.source + (s.pinnedCommit ? `@${s.pinnedCommit.slice(0, 7)}` : ''), s.version, s.outputs.join(', ')])).forEach((l) => ctx.out.line(l));
}

async function marketplace(ctx: CliContext): Promise<MarketplaceClient> {
  const settings = await ctx.settings();
  return new MarketplaceClient({ baseUrl: settings.skills?.marketplaceUrl ?? DEFAULT_MARKETPLACE_URL, apiKey: process.env[MARKETPLACE_KEY_ENV] || undefined });
}
