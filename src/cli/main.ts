// The `viban` command: find the command, parse its arguments, run it against the workspace's
// store, and turn every failure into one readable line and an exit code.
import { version } from '../../package.json';
import { parseCommandArgs, parseGlobalArgs, splitCommand } from './args';
import { findCommand } from './commands';
import { CliContext, resolveWorkspace, type CliIo } from './context';
import { BrokenBoardError } from '../store/brokenBoard';
import { brokenBoardCliError } from './brokenStore';
import { CliError, EXIT_FAILED, EXIT_OK, EXIT_USAGE, UsageError } from './errors';
import { commandHelp, generalHelp, usageLines } from './help';

export interface MainEnv extends CliIo {
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export async function main(argv: string[], io: MainEnv): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (err) {
    return report(err, io);
  }
}

async function dispatch(argv: string[], io: MainEnv): Promise<number> {
  const { out } = io;
  const { command, rest } = splitCommand(argv);
  if (command === undefined) {
    const globals = parseGlobalArgs(rest).values;
    if (globals.version) return (out.line(version), EXIT_OK);
    if (globals.help) return (out.line(generalHelp()), EXIT_OK);
    throw new UsageError('no command given');
  }
  if (command === 'help') {
    const about = parseGlobalArgs(rest, true).positionals[0];
    const spec = about ? findCommand(about) : undefined;
    if (about && !spec) throw new UsageError(`unknown command "${about}"`);
    out.line(spec ? commandHelp(spec) : generalHelp());
    return EXIT_OK;
  }
  const spec = findCommand(command);
  if (!spec) throw new UsageError(`unknown command "${command}"`);
  const args = parseCommandArgs(spec, rest);
  if (args.values.help) return (out.line(commandHelp(spec)), EXIT_OK);
  if (args.values.version) return (out.line(version), EXIT_OK);

  const ctx = new CliContext(resolveWorkspace(args.values.workspace, io.cwd), io);
  try {
    return await spec.run(ctx, args);
  } finally {
    await ctx.dispose();
  }
}

function report(thrown: unknown, io: MainEnv): number {
  const { out } = io;
  // Found by whichever step first read or wrote the board: opening the runtime, or an update.
  const err = thrown instanceof BrokenBoardError ? brokenBoardCliError(thrown) : thrown;
  if (err instanceof UsageError) {
    out.error(err.message);
    const spec = err.command ? findCommand(err.command) : undefined;
    if (spec) usageLines(spec).forEach((l) => out.info(l));
    else out.info('Usage: viban <command> [options]  (commands: add, list, run, send, stop, log, sessions, executors, diff, accept, discard, worker, workers, link, unlink, run-all, tier, move, recipes, skills, runs, memory, mcp, remote, webhook)');
    out.info(`Run \`viban ${spec ? `${spec.name} ` : ''}--help\` for more.`);
    return EXIT_USAGE;
  }
  const message = err instanceof Error ? err.message : String(err);
  // One line: the first, and nothing the redactor would mask (Output redacts).
  out.error(message.split('\n')[0]);
  if (err instanceof CliError) err.details.forEach((l) => out.info(`  ${l}`));
  if (io.env.VIBAN_DEBUG === '1' && err instanceof Error && err.stack) io.out.info(err.stack);
  return err instanceof CliError ? err.exitCode : EXIT_FAILED;
}
