// The shape every command file exports, so main.ts can parse, document and dispatch uniformly.
import type { ParseArgsConfig } from 'node:util';
import type { CliContext } from './context';

export type OptionSpecs = NonNullable<ParseArgsConfig['options']>;

export interface CommandSpec {
  name: string;
  /** One line for the command list. */
  summary: string;
  /** Usage lines without the leading "viban " (e.g. "add <title> [--description TEXT]"). */
  usage: string[];
  /** Options beyond the global ones, with a description for the help text. */
  options: OptionSpecs;
  optionHelp: Record<string, string>;
  examples: string[];
  positionals: { min: number; max: number; names: string[] };
  /** Returns the exit code. */
  run(ctx: CliContext, args: ParsedArgs): Promise<number>;
}

export interface ParsedArgs {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}
