// Running a task graph in the foreground, as `viban run-all` does: the durable queue claims only
// this graph's jobs, tasks start by tier in dependency order, a line per start/end/hold, checks
// after each success, Ctrl+C stops cleanly. Shared by `viban run-all` (a column or the board) and
// `viban assist --yes` (exactly the plan's tasks), so a plan runs through the same path.
import { createGraphRunner } from '../../app/graphRuns';
import { blockedByOf, tierOf, type GraphRunner, type GraphRunSummary, type GraphScope } from '../../graph';
import { RunQueue } from '../../queue/runQueue';
import type { PermissionMode } from '../../executors/types';
import type { CliContext } from '../context';
import { graphEventLine } from './runAllLines';
import { graphVerifier } from './runAllVerify';
import { graphPlacer } from './runAllPlace';

const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
const ACCEPTED_COLUMN = 'done';

export interface ForegroundGraphOptions {
  scope: GraphScope;
  mode: PermissionMode;
  concurrency: number;
  explicit: { executorId?: string; model?: string };
  /** The progress lines go to stderr (a caller printing JSON on stdout keeps it parseable). */
  progressToStderr?: boolean;
}

export interface ForegroundGraphResult {
  summary: GraphRunSummary;
  /** The user stopped it (Ctrl+C, SIGTERM). */
  stopped: boolean;
}

export async function runGraphInForeground(ctx: CliContext, opts: ForegroundGraphOptions): Promise<ForegroundGraphResult> {
  const settings = await ctx.settings();
  const runtime = await ctx.runtime();
  let runner: GraphRunner | undefined;
  const queue = await RunQueue.open(
    { root: runtime.root, board: runtime.board, sessions: runtime.sessions, store: runtime.store, redactor: ctx.io.redactor, onProblem: (p) => ctx.out.info(`viban: warning: ${p.message}`) },
    // This process runs its own graph's jobs and nothing else (a window's queued work stays the window's).
    { concurrency: opts.concurrency, queue: { accepts: (job) => runner !== undefined && job.payload.graphRunId === runner.id } },
  );
  let stopped = false;
  const say = (line: string) => (opts.progressToStderr ? ctx.out.info(line) : ctx.out.line(line));
  const interrupt = () => {
    if (stopped) return;
    stopped = true;
    ctx.out.info('Stopping the graph: nothing new starts, running tasks are stopped…');
    void runner?.stop();
  };
  try {
    const tiers = (id: string) => {
      const t = runtime.board.current.board.tasks.find((x) => x.id === id);
      return t ? tierOf(t) : 'B';
    };
    const defaultExecutorId = await ctx.defaultExecutorId();
    runner = createGraphRunner({
      runtime,
      queue,
      tiers: () => settings.tiers,
      defaultExecutorId: () => defaultExecutorId,
      explicit: opts.explicit,
      permissionMode: opts.mode,
      doneWhen: settings.graph?.doneWhen,
      acceptedColumn: ACCEPTED_COLUMN,
      concurrency: () => opts.concurrency,
      place: await graphPlacer(runtime),
      verify: graphVerifier(ctx, runtime, settings.verify),
      onEvent: (e) => {
        if (e.type === 'plan') return say(describePlan(runtime.board.current.board.tasks, e.order, e.skipped));
        const line = graphEventLine(e, ctx.out, tiers);
        if (line) say(line);
      },
      onProblem: (m) => ctx.out.info(`viban: warning: ${m}`),
    });
    for (const s of STOP_SIGNALS) ctx.io.signals.on(s, interrupt);
    const summary = await runner.run(opts.scope);
    return { summary, stopped };
  } finally {
    for (const s of STOP_SIGNALS) ctx.io.signals.off(s, interrupt);
    await queue.dispose();
  }
}

function describePlan(tasks: ReadonlyArray<{ id: string; title: string; blockedBy?: string[] }>, order: string[], skipped: Array<{ taskId: string; reason: string }>): string {
  if (order.length === 0) return skipped.length ? `Nothing to run: all ${skipped.length} task(s) are already done.` : 'Nothing to run: there are no tasks here.';
  const linked = order.filter((id) => blockedByOf(tasks.find((t) => t.id === id)! as never).length > 0).length;
  return `Running ${order.length} task(s)${linked ? `, ${linked} waiting for others` : ''}${skipped.length ? `; ${skipped.length} already done` : ''}.`;
}
