// Argument parsing on node:util parseArgs (no dependency). Global options may appear anywhere;
// the first bare word is the command, and the rest is parsed strictly against that command's
// options so a typo ("--mdoe") is an error, never silently ignored.
import { parseArgs } from 'node:util';
import type { CommandSpec, OptionSpecs, ParsedArgs } from './commandSpec';
import { UsageError } from './errors';

export const GLOBAL_OPTIONS: OptionSpecs = {
  workspace: { type: 'string', short: 'w' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
};

export const GLOBAL_OPTION_HELP: Record<string, string> = {
  workspace: 'Folder whose .viban/ store to use (default: the current folder)',
  help: 'Show help (for a command: viban <command> --help)',
  version: 'Print the version',
};

/** Splits off the command word: the first token that is neither an option nor an option's value. */
export function splitCommand(argv: string[]): { command: string | undefined; rest: string[] } {
  const valued = new Set(['--workspace', '-w']);
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    if (token === '--') break;
    if (valued.has(token)) {
      i++;
      continue;
    }
    if (token.startsWith('-') && token !== '-') continue;
    return { command: token, rest: [...argv.slice(0, i), ...argv.slice(i + 1)] };
  }
  return { command: undefined, rest: argv };
}

/** Parses what follows the command; unknown options, missing values and wrong counts are UsageErrors. */
export function parseCommandArgs(spec: CommandSpec, argv: string[]): ParsedArgs {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: argv, options: { ...GLOBAL_OPTIONS, ...spec.options }, strict: true, allowPositionals: true });
  } catch (err) {
    throw new UsageError(describeParseError(err as Error), spec.name);
  }
  const values = parsed.values as ParsedArgs['values'];
  if (values.help) return { values, positionals: parsed.positionals };
  const { min, max, names } = spec.positionals;
  const count = parsed.positionals.length;
  if (count < min) throw new UsageError(`missing ${names.slice(count, min).map((n) => `<${n}>`).join(' ')}`, spec.name);
  if (count > max) throw new UsageError(`unexpected argument "${parsed.positionals[max]}"${max === 1 && names[0] ? ` (quote the ${names[0]} if it has spaces)` : ''}`, spec.name);
  return { values, positionals: parsed.positionals };
}

/** Parses global options only: `viban --version`, `viban --help`, `viban help run`. */
export function parseGlobalArgs(argv: string[], allowPositionals = false): ParsedArgs {
  try {
    const { values, positionals } = parseArgs({ args: argv, options: GLOBAL_OPTIONS, strict: true, allowPositionals });
    return { values: values as ParsedArgs['values'], positionals };
  } catch (err) {
    throw new UsageError(describeParseError(err as Error));
  }
}

/** parseArgs messages are long and mention "strict"; keep the part a person needs. */
function describeParseError(err: Error): string {
  const code = (err as NodeJS.ErrnoException).code;
  const option = /'([^']+)'/.exec(err.message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) return `unknown option ${option.startsWith('-') ? option : `--${option}`}`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option) {
    const name = /--[\w-]+/.exec(option)?.[0] ?? option;
    return /argument missing/.test(err.message) ? `option ${name} needs a value` : `option ${name} does not take a value`;
  }
  return err.message.split('\n')[0];
}

/** One of a fixed set of values, or a UsageError naming the choices. */
export function oneOf<T extends string>(value: unknown, choices: readonly T[], option: string, command: string): T | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && (choices as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`--${option} must be one of ${choices.join(', ')} (got "${String(value)}")`, command);
}
