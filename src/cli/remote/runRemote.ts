// `viban run <taskId> --remote github [--detach]`: dispatch the task to the repository's Viban
// workflow, then (without --detach) follow the run to completion, printing each step as it
// starts, replay the session's log from the artifact as `viban log` would, and exit as a local
// run does: 0 succeeded, 1 failed or timed out, 130 cancelled. Ctrl+C cancels the workflow run
// (a second Ctrl+C leaves it running and returns; the board keeps following it).
import type { CommandSpec, ParsedArgs } from '../commandSpec';
import type { CliContext } from '../context';
import { CliError, EXIT_FAILED, EXIT_OK, EXIT_STOPPED, UsageError } from '../errors';
import { HumanLogRenderer } from '../format/humanLog';
import { summaryLine } from '../format/summary';
import { RemoteError } from '../../remote/remoteErrors';
import { RemoteFollower } from '../../remote/remoteFollower';
import type { RemoteRun } from '../../store/remote/remoteRunStore';
import { cardLine } from '../../remote/runProgress';
import { REMOTE_PERMISSION_MODES } from '../../remote/workflowTemplate';
import { cliRemoteRunner } from './cliRemote';

const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

export function exitCodeForRemote(run: RemoteRun): number {
  if (run.outcome === 'succeeded') return EXIT_OK;
  if (run.outcome === 'cancelled') return EXIT_STOPPED;
  return EXIT_FAILED;
}

/** Following interval on the command line: `gh run watch`'s default, 3 s (VIBAN_REMOTE_POLL_MS changes it). */
function intervalMs(env: NodeJS.ProcessEnv): number {
  const v = Number(env.VIBAN_REMOTE_POLL_MS);
  return Number.isFinite(v) && v >= 50 ? v : 3_000;
}

export async function runRemote(ctx: CliContext, args: ParsedArgs, spec: CommandSpec): Promise<number> {
  const provider = args.values.remote;
  if (provider !== 'github') throw new UsageError(`--remote must be "github" (got "${String(provider)}")`, spec.name);
  if (args.values.worktree) throw new UsageError('--worktree does not apply to --remote: a remote run always works on its own branch (viban/<id>-<title>)', spec.name);
  const mode = typeof args.values.mode === 'string' ? args.values.mode : 'auto-edit';
  if (!(REMOTE_PERMISSION_MODES as readonly string[]).includes(mode)) {
    throw new UsageError(`--mode ${mode} cannot be used with --remote: nobody can answer the agent on a runner; choose ${REMOTE_PERMISSION_MODES.join(', ')}`, spec.name);
  }
  const env = ctx.io.env ?? process.env;
  const runner = await cliRemoteRunner(ctx, env);
  const executorId = typeof args.values.executor === 'string' ? args.values.executor : await ctx.defaultExecutorId();
  const out = ctx.out;
  let record: RemoteRun;
  try {
    record = await runner.dispatch({
      taskId: args.positionals[0],
      executorId,
      permissionMode: mode,
      model: typeof args.values.model === 'string' ? args.values.model : undefined,
      baseBranch: typeof args.values.base === 'string' ? args.values.base : undefined,
    });
  } catch (err) {
    if (err instanceof RemoteError) throw new CliError(err.message, EXIT_FAILED, [err.fix]);
    throw new CliError((err as Error).message);
  }
  out.line(`Dispatched ${record.taskId} to ${record.owner}/${record.repo} (workflow viban.yml on ${record.baseBranch}, run ${record.id}).`);
  if (args.values.detach) {
    out.line(`Follow it with \`viban remote status ${record.taskId}\`; the board follows it too.`);
    return EXIT_OK;
  }

  const follower = new RemoteFollower({ intervalMs: intervalMs(env), onProblem: (m) => out.info(`viban: ${m}`) });
  let last = '';
  const done = new Promise<RemoteRun>((resolve) => {
    runner.onChange((run) => {
      if (run.id !== record.id) return;
      const line = cardLine(run);
      if (line !== last && !run.settledAt) {
        last = line;
        out.line(`${out.style('dim', new Date().toLocaleTimeString())} ${line}`);
      }
      if (run.runUrl && !record.runUrl) {
        record = run;
        out.line(`Run: ${run.runUrl}`);
      }
      if (run.settledAt) resolve(run);
    });
  });
  let interrupts = 0;
  let detached: (() => void) | undefined;
  const detachedP = new Promise<undefined>((r) => (detached = () => r(undefined)));
  const interrupt = () => {
    interrupts++;
    if (interrupts === 1) {
      out.info('Cancelling the workflow run… (press Ctrl+C again to leave it running and return)');
      void runner.cancel(record.id).then(() => follower.wake(), (err: Error) => out.info(`viban: ${err.message}`));
    } else detached?.();
  };
  for (const s of STOP_SIGNALS) ctx.io.signals.on(s, interrupt);
  const stopFollowing = follower.add(runner);
  let final: RemoteRun | undefined;
  try {
    final = await Promise.race([done, detachedP]);
  } finally {
    for (const s of STOP_SIGNALS) ctx.io.signals.off(s, interrupt);
    stopFollowing();
    follower.dispose();
    await follower.idle();
  }
  if (!final) {
    out.info(`Left ${record.id} running on GitHub Actions; \`viban remote status ${record.taskId}\` shows how it goes.`);
    return EXIT_STOPPED;
  }
  await printOutcome(ctx, final);
  return exitCodeForRemote(final);
}

async function printOutcome(ctx: CliContext, run: RemoteRun): Promise<void> {
  const { out } = ctx;
  const runtime = await ctx.runtime();
  if (run.sessionId) {
    const meta = await runtime.store.get(run.sessionId);
    const human = new HumanLogRenderer(out, { cwd: meta?.cwd ?? runtime.root });
    out.line(out.style('bold', `Session ${run.sessionId} (replayed from the run's artifact)`));
    for await (const entry of runtime.store.readLog(run.sessionId)) human.render(entry);
    human.finish();
    if (meta) out.line(summaryLine(meta, out));
  }
  if (run.logTail && run.outcome !== 'succeeded') {
    out.line(out.style('bold', `Last lines of "${run.step?.name ?? 'the job'}":`));
    run.logTail.split('\n').forEach((l) => out.line(`  ${l}`));
  }
  out.line(cardLine(run));
  if (run.prUrl) out.line(`Pull request: ${run.prUrl}`);
  if (run.branch) out.line(`Branch: ${run.branch} · review: viban diff ${run.taskId} · viban accept ${run.taskId}`);
  if (run.error && run.outcome === 'succeeded') out.info(`viban: warning: ${run.error}`);
}
