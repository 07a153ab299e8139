import type { CommandSpec } from '../commandSpec';
import { EXIT_OK } from '../errors';
import { table } from '../format/table';

export const executorsCommand: CommandSpec = {
  name: 'executors',
  summary: 'Detect the agents: installed? version? logged in? and what to do if not',
  usage: ['executors [--json]'],
  options: { json: { type: 'boolean' } },
  optionHelp: { json: 'Print the detection results as a JSON array' },
  examples: ['viban executors', 'viban executors --json'],
  positionals: { min: 0, max: 0, names: [] },
  async run(ctx, args) {
    const registry = await ctx.registry();
    const results = await registry.detectAll();
    const rows = results.map(({ executor, detection: d }) => ({
      id: executor.id,
      label: executor.label,
      kind: executor.kind,
      installed: d.installed,
      version: d.version,
      loggedIn: d.loggedIn,
      path: d.path,
      reason: d.reason,
    }));
    if (args.values.json) {
      ctx.out.line(JSON.stringify(rows, null, 2));
      return EXIT_OK;
    }
    const yn = (v: boolean | undefined) => (v === undefined ? 'unknown' : v ? 'yes' : 'no');
    table(
      ['ID', 'LABEL', 'INSTALLED', 'VERSION', 'LOGGED IN', 'REASON'],
      rows.map((r) => [r.id, r.label, yn(r.installed), r.version ?? '-', r.installed ? yn(r.loggedIn) : '-', r.reason ?? '']),
    ).forEach((l) => ctx.out.line(l));
    return EXIT_OK;
  },
};
