// `viban worker`: a long-running headless process that runs this workspace's queued agent runs
// (src/workers/worker.ts). Stop it with SIGTERM or Ctrl+C: it claims nothing more, lets running
// runs finish (or hands them back, per .viban/settings.json workers.onStop), deregisters, exits 0.
import { resolveColumnFlow } from '../../app/defaults';
import { FolderRuntime } from '../../app/folderRuntime';
import { Worker, WorkerIdInUseError, DEFAULT_HEARTBEAT_MS, DEFAULT_STALE_MS } from '../../workers/worker';
import type { CommandSpec } from '../commandSpec';
import { agentMcpFor } from '../context';
import { CliError, EXIT_OK, UsageError } from '../errors';

const STOP_SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP'] as const;

export const workerCommand: CommandSpec = {
  name: 'worker',
  summary: 'Run queued agent runs for this workspace until stopped (or, with --once, until the queue is empty)',
  usage: ['worker [--id NAME] [--concurrency N] [--once] [--heartbeat-ms MS] [--stale-ms MS]'],
  options: {
    id: { type: 'string' },
    concurrency: { type: 'string' },
    once: { type: 'boolean' },
    'heartbeat-ms': { type: 'string' },
    'stale-ms': { type: 'string' },
    'idle-exit-ms': { type: 'string' },
  },
  optionHelp: {
    id: 'Name of this worker in .viban/workers/<id>.json (default: <host>-<pid>)',
    concurrency: 'Runs at once in this worker (default: workers.concurrency in .viban/settings.json, else 1)',
    once: 'Run what is queued, then exit',
    'heartbeat-ms': `How often it heartbeats and renews its leases (default ${DEFAULT_HEARTBEAT_MS})`,
    'stale-ms': `After how long without a heartbeat its runs are rescued by others (default ${DEFAULT_STALE_MS})`,
    'idle-exit-ms': 'Exit after this long with nothing queued and nothing running (the VS Code extension sets it)',
  },
  examples: ['viban worker', 'viban worker --id build-box --concurrency 4', 'viban worker --once'],
  positionals: { min: 0, max: 0, names: [] },
  async run(ctx, args) {
    const all = await ctx.settings();
    const settings = all.workers ?? {};
    // Cards move as a window's runs move them: .viban/settings.json's columnFlow, or the one the
    // extension that started this worker handed over (VIBAN_EDITOR_EXECUTORS), else the defaults.
    const flow = resolveColumnFlow(all.columnFlow);
    const id = typeof args.values.id === 'string' ? args.values.id : undefined;
    const concurrency = positiveInt(args.values.concurrency, 'concurrency') ?? settings.concurrency ?? 1;
    const heartbeatMs = positiveInt(args.values['heartbeat-ms'], 'heartbeat-ms') ?? settings.heartbeatMs;
    const staleMs = positiveInt(args.values['stale-ms'], 'stale-ms') ?? settings.staleMs;
    const idleExitMs = positiveInt(args.values['idle-exit-ms'], 'idle-exit-ms');
    const registry = await ctx.registry();
    let worker: Worker;
    try {
      worker = await Worker.start({
        root: ctx.workspace,
        id,
        concurrency,
        perExecutor: settings.perExecutor,
        heartbeatMs,
        staleMs,
        once: !!args.values.once,
        onStop: settings.onStop,
        autoRetry: settings.autoRetry,
        idleExitMs,
        log: (text) => ctx.out.info(text),
        openRuntime: (queue) =>
          FolderRuntime.open(ctx.workspace, registry, ctx.io.redactor, {
            onProblem: (problem) => ctx.out.info(`viban: warning: ${problem.message}`),
            // Its agents get `viban mcp` as a window's or `viban run`'s do (mcp.exposeToAgents).
            agentMcp: agentMcpFor(all, ctx.workspace),
            review: { acceptedColumn: () => flow.accepted },
            flow: () => flow,
            brokenBoard: 'throw',
            // A window (or `viban`) elsewhere answers this worker's approvals through the store.
            shareApprovals: true,
            queue,
          }),
      });
    } catch (err) {
      if (err instanceof WorkerIdInUseError) throw new CliError(err.message);
      if (err instanceof Error && /is not a valid worker id|stale limit/.test(err.message)) throw new UsageError(err.message, 'worker');
      throw err;
    }
    const onSignal = (signal: NodeJS.Signals) => void worker.stop(`${signal} received`);
    for (const s of STOP_SIGNALS) ctx.io.signals.on(s, onSignal);
    try {
      await worker.done;
    } finally {
      for (const s of STOP_SIGNALS) ctx.io.signals.off(s, onSignal);
    }
    const c = worker.counts;
    ctx.out.info(`Worker ${worker.id} stopped: ${c.done} done, ${c.failed} failed${c.lost ? `, ${c.lost} lost to a rescue` : ''}.`);
    return EXIT_OK;
  },
};

export function positiveInt(value: unknown, option: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (typeof value !== 'string' || !Number.isInteger(n) || n <= 0) throw new UsageError(`--${option} must be a positive whole number (got "${String(value)}")`, 'worker');
  return n;
}
