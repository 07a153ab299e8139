// `viban memory`: what the project remembers (.viban/memory.json) — list it, add to it, forget.
// The same repository Assist and the MCP server use; no agent runtime is opened for it.
import { MEMORY_CATEGORIES, type MemoryCategory, type MemoryItem } from '../../protocol/memory';
import { MemoryError, MemoryRepository } from '../../memory/memoryRepository';
import { NewerMemorySchemaError } from '../../store/memory/memoryStore';
import { oneOf } from '../args';
import type { CommandSpec } from '../commandSpec';
import type { CliContext } from '../context';
import { CliError, EXIT_OK, UsageError } from '../errors';
import { table } from '../format/table';

const SUBCOMMANDS = ['add', 'forget'] as const;

export const memoryCommand: CommandSpec = {
  name: 'memory',
  summary: 'What the project remembers (decisions, preferences, open questions): list, add, forget',
  usage: ['memory [--category C] [--json]', 'memory add --category C [--key K] [--due DATE] <text>', 'memory forget <id>'],
  options: {
    json: { type: 'boolean' },
    category: { type: 'string', short: 'c' },
    key: { type: 'string', short: 'k' },
    due: { type: 'string' },
  },
  optionHelp: {
    json: 'Print the items (or the added/forgotten item) as JSON',
    category: `One of ${MEMORY_CATEGORIES.join(', ')} (required for add; a filter when listing)`,
    key: 'What the item is about, as a short slug ("social-login"); default: from the first words of the text',
    due: 'For an open question: when to bring it up again (YYYY-MM-DD)',
  },
  examples: [
    'viban memory',
    'viban memory add --category decision "No social login for now"',
    'viban memory add -c open --due 2026-12-12 "Revisit the retry policy"',
    'viban memory --json | jq -r ".items[] | select(.category == \\"decision\\") | .value"',
    'viban memory forget mem_k3j9x2m1qa',
  ],
  positionals: { min: 0, max: 2, names: ['add|forget', 'text|id'] },
  async run(ctx, args) {
    const [sub, arg] = args.positionals;
    if (sub !== undefined && !(SUBCOMMANDS as readonly string[]).includes(sub)) {
      throw new UsageError(`unknown memory action "${sub}"; use \`viban memory\`, \`viban memory add\` or \`viban memory forget\``, 'memory');
    }
    const category = oneOf(args.values.category, MEMORY_CATEGORIES, 'category', 'memory') as MemoryCategory | undefined;
    await ctx.settings(); // checks the workspace folder exists
    const repo = new MemoryRepository(ctx.workspace, { redactor: ctx.io.redactor });
    try {
      if (sub === 'add') return await add(ctx, repo, arg, category, args.values);
      if (sub === 'forget') return await forget(ctx, repo, arg, !!args.values.json);
      if (arg !== undefined) throw new UsageError(`unexpected argument "${arg}"`, 'memory');
      for (const key of ['key', 'due'] as const) if (args.values[key] !== undefined) throw new UsageError(`--${key} is for \`viban memory add\``, 'memory');
      const items = await repo.list({ category });
      warn(ctx, repo);
      if (args.values.json) {
        ctx.out.line(JSON.stringify({ items }, null, 2));
        return EXIT_OK;
      }
      if (!items.length) {
        ctx.out.info(category ? `Nothing remembered in the category ${category}.` : 'Nothing remembered yet. Add a decision with: viban memory add --category decision "…"');
        return EXIT_OK;
      }
      table(['ID', 'CATEGORY', 'CONFIDENCE', 'VALUE'], items.map(row)).forEach((l) => ctx.out.line(l));
      return EXIT_OK;
    } catch (err) {
      if (err instanceof MemoryError || err instanceof NewerMemorySchemaError) throw new CliError(err.message);
      throw err;
    }
  },
};

async function add(ctx: CliContext, repo: MemoryRepository, text: string | undefined, category: MemoryCategory | undefined, values: Record<string, string | boolean | undefined>): Promise<number> {
  if (text === undefined) throw new UsageError('missing <text>: what to remember, in quotes', 'memory');
  if (!category) throw new UsageError(`--category is required for add (one of ${MEMORY_CATEGORIES.join(', ')})`, 'memory');
  const key = typeof values.key === 'string' ? values.key : undefined;
  const due = typeof values.due === 'string' ? values.due : undefined;
  if (due !== undefined && category !== 'open') throw new UsageError('--due is for open questions (--category open)', 'memory');
  const item = await repo.add({ category, value: text, key, due });
  warn(ctx, repo);
  if (values.json) ctx.out.line(JSON.stringify(item, null, 2));
  else {
    ctx.out.line(`Remembered (${item.category}): ${item.value}`);
    // Last line, alone, like `viban add`: scripts take it with `tail -n 1`.
    ctx.out.line(item.id);
  }
  return EXIT_OK;
}

async function forget(ctx: CliContext, repo: MemoryRepository, id: string | undefined, json: boolean): Promise<number> {
  if (id === undefined) throw new UsageError('missing <id> (see `viban memory` for the ids)', 'memory');
  const item = await repo.forget(id);
  warn(ctx, repo);
  if (json) ctx.out.line(JSON.stringify(item, null, 2));
  else ctx.out.line(`Forgot (${item.category}): ${item.value}`);
  return EXIT_OK;
}

function row(item: MemoryItem): string[] {
  const due = item.due ? ` (due ${item.due.slice(0, 10)})` : '';
  return [item.id, item.category, item.confidence.toFixed(2), item.value + due];
}

function warn(ctx: CliContext, repo: MemoryRepository): void {
  for (const p of repo.problems) ctx.out.info(`viban: warning: ${p.message}`);
}
