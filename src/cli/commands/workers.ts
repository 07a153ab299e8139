// `viban workers`: who runs this workspace's queue. `viban workers rescue` rescues the runs of
// workers that stopped heartbeating now (any live worker or window also does it on its own);
// `viban workers cleanup` forgets the registrations of workers that are gone.
import type { RescuedJob } from '../../queue/leases';
import { describeAge, NO_WORKER_MESSAGE } from '../../workers/workerHealth';
import { cleanupWorkers, workersOverview } from '../../workers/workersOverview';
import type { CommandSpec } from '../commandSpec';
import type { CliContext } from '../context';
import { EXIT_OK, UsageError } from '../errors';
import { table } from '../format/table';

const ACTIONS = ['rescue', 'cleanup'] as const;

export const workersCommand: CommandSpec = {
  name: 'workers',
  summary: 'List the workers running this workspace\'s queue; rescue the runs of dead ones; clean up stale registrations',
  usage: ['workers [--json]', 'workers rescue', 'workers cleanup'],
  options: { json: { type: 'boolean' } },
  optionHelp: { json: 'Print workers and queue figures as JSON' },
  examples: ['viban workers', 'viban workers --json | jq ".workers[].state"', 'viban workers rescue', 'viban workers cleanup'],
  positionals: { min: 0, max: 1, names: ['action'] },
  async run(ctx, args) {
    const action = args.positionals[0];
    if (action !== undefined && !(ACTIONS as readonly string[]).includes(action)) throw new UsageError(`unknown action "${action}"; use one of ${ACTIONS.join(', ')}`, 'workers');
    if (action === 'rescue') return rescue(ctx);
    if (action === 'cleanup') {
      const removed = await cleanupWorkers(ctx.workspace);
      ctx.out.line(removed.length ? `Removed ${removed.length} stale registration${removed.length === 1 ? '' : 's'}: ${removed.join(', ')}` : 'No stale registrations.');
      return EXIT_OK;
    }
    await ctx.settings(); // checks the workspace exists
    const overview = await workersOverview(ctx.workspace, Date.now(), (p) => ctx.out.info(`viban: warning: ${p.message}`));
    if (args.values.json) {
      const workers = overview.workers.map((w) => ({
        id: w.record.id,
        host: w.record.host,
        pid: w.record.pid,
        state: w.health === 'live' ? w.record.state : w.health,
        health: w.health,
        heartbeatAgeMs: w.heartbeatAgeMs,
        lastHeartbeat: w.record.lastHeartbeat,
        started: w.record.started,
        concurrency: w.record.concurrency,
        running: w.record.running,
        done: w.record.counts.done,
        failed: w.record.counts.failed,
        lost: w.record.counts.lost,
      }));
      ctx.out.line(JSON.stringify({ workers, live: overview.live, queue: overview.queue }, null, 2));
      return EXIT_OK;
    }
    if (overview.workers.length) {
      const rows = overview.workers.map((w) => [
        w.record.id,
        w.health === 'live' ? w.record.state : w.health,
        `${w.record.host}:${w.record.pid}`,
        `${describeAge(w.heartbeatAgeMs)} ago`,
        w.record.running.map((r) => r.sessionId ?? r.jobId).join(' ') || '-',
        String(w.record.counts.done),
        String(w.record.counts.failed),
      ]);
      table(['ID', 'STATE', 'HOST:PID', 'HEARTBEAT', 'RUNNING', 'DONE', 'FAILED'], rows).forEach((l) => ctx.out.line(l));
    }
    const q = overview.queue;
    ctx.out.line(`Queue: ${q.queued} queued, ${q.running} running · failure rate ${Math.round(q.failureRate * 100)}% of ${q.ended} ended`);
    if (overview.live === 0) ctx.out.line(`${NO_WORKER_MESSAGE}: viban worker${q.queued ? ` (${q.queued} run${q.queued === 1 ? '' : 's'} waiting)` : ''}`);
    return EXIT_OK;
  },
};

async function rescue(ctx: CliContext): Promise<number> {
  const runtime = await ctx.runtime();
  const rescued: RescuedJob[] = [];
  // Opening the queue (without running anything) rescues every job whose worker's lease ran out.
  const queue = await runtime.openQueue({ runHere: false, queue: { watch: false }, onRescued: (r) => rescued.push(...r) });
  await queue.settled();
  for (const r of rescued) ctx.out.line(`${r.before.id} (task ${r.before.taskId}${r.sessionId ? `, session ${r.sessionId}` : ''}): ${r.status === 'queued' ? 'queued again' : 'interrupted'} — ${r.reason}`);
  if (!rescued.length) ctx.out.line('Nothing to rescue: every running job has a live worker.');
  return EXIT_OK;
}
