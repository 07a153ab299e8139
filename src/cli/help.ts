// Help texts, generated from the command specs so usage, options and examples never drift.
import { GLOBAL_OPTIONS, GLOBAL_OPTION_HELP } from './args';
import type { CommandSpec, OptionSpecs } from './commandSpec';
import { COMMANDS } from './commands';

function optionLines(options: OptionSpecs, help: Record<string, string>): string[] {
  const rows = Object.entries(options).map(([name, o]) => {
    const flag = `${o.short ? `-${o.short}, ` : '    '}--${name}${o.type === 'string' ? ` ${valueName(name)}` : ''}`;
    return [flag, help[name] ?? ''] as const;
  });
  const width = Math.max(...rows.map(([f]) => f.length));
  return rows.map(([f, h]) => `  ${f.padEnd(width)}  ${h}`.trimEnd());
}

function valueName(option: string): string {
  return ({ workspace: 'DIR', executor: 'ID', mode: 'MODE', model: 'M', description: 'TEXT', timeout: 'SECONDS', message: 'TEXT', base: 'BRANCH' } as Record<string, string>)[option] ?? 'VALUE';
}

export function generalHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'viban — run AI coding agents on the tasks of a Viban board, from a terminal, a script or CI.',
    'Uses the same .viban/ store as the VS Code extension: runs started here show up live on the board.',
    '',
    'Usage: viban <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Global options:',
    ...optionLines(GLOBAL_OPTIONS, GLOBAL_OPTION_HELP),
    '',
    'Settings: .viban/settings.json (optional) — { "executors": { "default", "paths", "custom", "idleTimeoutMinutes", "api" } }.',
    'API executors (`--executor anthropic` / `openai`): "api": { "anthropic" | "openai": { "model", "baseURL", "temperature",',
    '  "maxTokens", "contextBudgetTokens" }, "prices": { "<model>": { "input", "output" } } (USD per million tokens), "timeoutMinutes" }.',
    '  Base URL: the file, else ANTHROPIC_BASE_URL / OPENAI_BASE_URL. Key: ANTHROPIC_API_KEY / OPENAI_API_KEY.',
    'Keys stay in the environment (ANTHROPIC_API_KEY, …); the agent inherits it. A settings file holding a key (an "apiKey"',
    '  field, a key-shaped value) is refused: it may be committed.',
    'Review loop: `viban run <id> --worktree` works on its own branch; then `viban diff`, `viban accept` or `viban discard`.',
    'Run `viban <command> --help` for its options and examples.',
  ].join('\n');
}

export function usageLines(spec: CommandSpec): string[] {
  return spec.usage.map((u, i) => `${i === 0 ? 'Usage: ' : '       '}viban ${u}`);
}

export function commandHelp(spec: CommandSpec): string {
  return [
    ...usageLines(spec),
    '',
    spec.summary,
    ...(Object.keys(spec.options).length ? ['', 'Options:', ...optionLines(spec.options, spec.optionHelp)] : []),
    '',
    'Global options:',
    ...optionLines(GLOBAL_OPTIONS, GLOBAL_OPTION_HELP),
    '',
    'Examples:',
    ...spec.examples.map((e) => `  ${e}`),
  ].join('\n');
}
