// Permission modes on the command line, and the rule that "ask" needs a person at a terminal.
import type { PermissionMode } from '../../executors/types';
import type { CliContext } from '../context';
import { CliError, EXIT_USAGE } from '../errors';

export const MODES: readonly PermissionMode[] = ['ask', 'auto-edit', 'plan', 'full-auto'];

export const MODE_HELP =
  'Permission mode: ask (approve each tool on the terminal), auto-edit (file edits without asking), plan (read and propose only), full-auto (no questions)';

export function requireTerminalForAsk(ctx: CliContext, mode: PermissionMode, command: string): void {
  if (mode !== 'ask' || ctx.io.stdin.isTTY) return;
  throw new CliError(
    `--mode ask approves each tool on the terminal, but stdin is not a terminal; pass --mode auto-edit, --mode plan or --mode full-auto to \`viban ${command}\` (without a terminal, tools that still need approval are denied)`,
    EXIT_USAGE,
  );
}
