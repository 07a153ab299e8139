// Task graph benchmarks (#12). Figures only; nothing here fails a build.
//
// 1. Scheduler efficiency: 200 random DAGs of 50 tasks with known durations (1-10 units), run at
//    concurrency 4. The real GraphScheduler decides every start; time is VIRTUAL (an event loop
//    over completion times), because 200 graphs x 50 real sleeping executors would take hours on
//    this 2-core machine. Figure: makespan / max(critical path, total work / 4), median and worst
//    (target: median <= 1.10). Printed twice: priorities from the known durations, and from unit
//    weights (what a first run without any duration history gets).
// 2. Validating and ordering a 2,000-task graph: validateGraph + remainingPathRanks + building the
//    scheduler (target < 20 ms).
// 2b. The same ratio with real processes for a few DAGs (custom executors that sleep their known
//    duration, 1 s per unit), so the virtual-time figure can be checked against the real runner.
// 3. Ready -> spawned (ready with a free slot -> its session's startedAt): a 40-task graph (chains and fans) through the real GraphRunner, RunQueue,
//    SessionManager and a custom executor (a node process that exits at once), in a temp folder:
//    from the moment a task becomes ready to its session's startedAt (target p95 < 100 ms).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { FolderRuntime } from '../src/app/folderRuntime';
import { createGraphRunner } from '../src/app/graphRuns';
import { createExecutorRegistry } from '../src/executors/builtins';
import { GraphScheduler, criticalPathLength, remainingPathRanks, validateGraph } from '../src/graph';
import { CURRENT_SCHEMA_VERSION, DEFAULT_COLUMNS, type Board, type Task } from '../src/protocol/model';
import { RunQueue } from '../src/queue/runQueue';
import { Redactor } from '../src/secrets/redactor';
import { BenchReport, QUICK, median, percentile, runBench, timeRuns } from './lib/report';
import { tempDir } from './lib/workspace';

const GRAPHS = QUICK ? 40 : 200;
const TASKS = 50;
const WORKERS = 4;

/** Deterministic PRNG (mulberry32), so every run measures the same graphs. */
function rng(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomBoard(n: number, random: () => number, maxPrereqs = 3): Board {
  const tasks: Task[] = [];
  for (let i = 0; i < n; i++) {
    const prereqs = new Set<string>();
    const wanted = Math.floor(random() * (maxPrereqs + 1));
    for (let k = 0; k < wanted && i > 0; k++) prereqs.add(`t${Math.floor(random() * i)}`);
    tasks.push({ id: `t${i}`, columnId: 'todo', order: i, title: `Task ${i}`, description: '', createdAt: '', updatedAt: '', agentStatus: 'idle', ...(prereqs.size && { blockedBy: [...prereqs] }) });
  }
  return { schemaVersion: CURRENT_SCHEMA_VERSION, columns: DEFAULT_COLUMNS.map((c) => ({ ...c })), tasks };
}

/** List scheduling in virtual time with the real scheduler; returns the makespan. */
function simulate(board: Board, durations: Map<string, number>, weighted: boolean): number {
  const validation = validateGraph(board);
  const s = new GraphScheduler({ validation, scope: board.tasks.map((t) => t.id), isDone: () => false, ...(weighted && { weight: (id) => durations.get(id)! }) });
  let now = 0;
  const running: Array<{ id: string; end: number }> = [];
  for (;;) {
    for (const id of s.take(WORKERS - running.length)) running.push({ id, end: now + durations.get(id)! });
    if (running.length === 0) break;
    running.sort((a, b) => a.end - b.end);
    const next = running.shift()!;
    now = next.end;
    s.done(next.id);
  }
  return now;
}

runBench(async () => {
  const report = new BenchReport('graph', 'task graph: scheduler efficiency, validation, ready -> spawned');
  const random = rng(12);
  const ratios = { weighted: [] as number[], unit: [] as number[] };
  for (let g = 0; g < GRAPHS; g++) {
    const board = randomBoard(TASKS, random);
    const durations = new Map(board.tasks.map((t) => [t.id, 1 + Math.floor(random() * 10)]));
    const cp = criticalPathLength(remainingPathRanks(validateGraph(board), (id) => durations.get(id)!));
    const work = [...durations.values()].reduce((a, b) => a + b, 0);
    const bound = Math.max(cp, work / WORKERS);
    ratios.weighted.push(simulate(board, durations, true) / bound);
    ratios.unit.push(simulate(board, durations, false) / bound);
  }
  report.figure({ label: 'efficiency, known durations, median', value: median(ratios.weighted), unit: 'x', target: { max: 1.1 }, note: `${GRAPHS} DAGs x ${TASKS} tasks, concurrency ${WORKERS}, virtual time` });
  report.figure({ label: 'efficiency, known durations, worst', value: Math.max(...ratios.weighted), unit: 'x' });
  report.figure({ label: 'efficiency, unit weights, median', value: median(ratios.unit), unit: 'x', target: { max: 1.1 } });
  report.figure({ label: 'efficiency, unit weights, worst', value: Math.max(...ratios.unit), unit: 'x' });
  report.note('makespans are simulated in virtual time with the real GraphScheduler (real sleeps for 200 graphs would take hours on 2 cores)');

  const big = randomBoard(2000, rng(7), 4);
  const times = await timeRuns(QUICK ? 10 : 50, 5, () => {
    const v = validateGraph(big);
    new GraphScheduler({ validation: v, scope: big.tasks.map((t) => t.id), isDone: () => false });
  });
  report.figure({ label: 'validate + order 2,000 tasks, median', value: median(times), unit: 'ms', target: { max: 20 } });
  report.figure({ label: 'validate + order 2,000 tasks, p95', value: percentile(times, 95), unit: 'ms', target: { max: 20 } });

  // The same measure with real processes: a few of the random DAGs through the real GraphRunner,
  // RunQueue and sessions, each task a custom executor that sleeps its known duration. Node's own
  // start-up per task is in the makespan (real overhead), not in the bound.
  // One duration unit is a second: agent tasks take seconds to minutes, and a node process's own
  // start-up and exit (printed below, ~100-150 ms on 2 busy cores) is then overhead, not the task.
  // With 200 ms units that start-up alone was a third of the average task (ratios 1.28-1.52).
  const REAL = QUICK ? 1 : 2;
  const UNIT_MS = 1000;
  const realRatios: number[] = [];
  const sessionOverheads: number[] = [];
  const realRandom = rng(99);
  for (let g = 0; g < REAL; g++) {
    const shape = randomBoard(TASKS, realRandom);
    const durations = new Map(shape.tasks.map((t) => [t.id, 1 + Math.floor(realRandom() * 10)]));
    const bound = Math.max(criticalPathLength(remainingPathRanks(validateGraph(shape), (id) => durations.get(id)!)), [...durations.values()].reduce((a, b) => a + b, 0) / WORKERS) * UNIT_MS;
    const wsReal = tempDir('graph-real');
    const sleeper = path.join(wsReal, 'sleep.js');
    // The duration travels in the task's title, which is in its prompt.
    writeFileSync(sleeper, "const ms = Number(/sleep=(\\d+)/.exec(process.argv.slice(2).join(' '))?.[1] ?? 0); setTimeout(() => console.log('slept ' + ms), ms);\n");
    const reg = createExecutorRegistry({ paths: () => ({}), idleTimeoutMinutes: () => undefined, custom: () => [{ id: 'sleep', label: 'Sleep', command: process.execPath, args: [sleeper, '{prompt}'], env: {}, outputFormat: 'text' }], api: () => ({}) as never });
    const rt = await FolderRuntime.open(wsReal, reg, new Redactor(), {});
    const idOf = new Map<string, string>();
    for (const t of shape.tasks) idOf.set(t.id, await rt.board.createTask({ title: `${t.title} sleep=${durations.get(t.id)! * UNIT_MS}`, columnId: 'todo' }));
    for (const t of shape.tasks) if (t.blockedBy?.length) await rt.board.link(idOf.get(t.id)!, t.blockedBy.map((p) => idOf.get(p)!));
    let realRunner: ReturnType<typeof createGraphRunner> | undefined;
    const q = await RunQueue.open({ root: wsReal, board: rt.board, sessions: rt.sessions, store: rt.store, redactor: new Redactor() }, { concurrency: WORKERS, queue: { accepts: (j) => j.payload.graphRunId === realRunner?.id } });
    realRunner = createGraphRunner({ runtime: rt, queue: q, tiers: () => undefined, defaultExecutorId: () => 'sleep', permissionMode: 'full-auto', concurrency: () => WORKERS });
    const t0 = performance.now();
    const result = await realRunner.run({ columnId: 'todo' });
    const makespan = performance.now() - t0;
    // Where the time over the bound goes: a session's own life beyond its sleep (node start-up, exit, log writes).
    for (const meta of await rt.store.list()) {
      const title = rt.board.current.board.tasks.find((t) => t.id === meta.taskId)?.title ?? '';
      const slept = Number(/sleep=(\d+)/.exec(title)?.[1] ?? 0);
      if (meta.startedAt && meta.endedAt) sessionOverheads.push(Date.parse(meta.endedAt) - Date.parse(meta.startedAt) - slept);
    }
    await q.dispose();
    await rt.dispose();
    if (result.succeeded.length !== TASKS) throw new Error(`real graph ${g}: ${result.succeeded.length} of ${TASKS} succeeded`);
    realRatios.push(makespan / bound);
  }
  report.figure({ label: 'efficiency, real sleeping executors, median', value: median(realRatios), unit: 'x', target: { max: 1.1 }, note: `${REAL} of the DAGs, ${TASKS} tasks, ${UNIT_MS} ms per duration unit, concurrency ${WORKERS}` });
  report.figure({ label: 'efficiency, real sleeping executors, worst', value: Math.max(...realRatios), unit: 'x' });
  report.figure({ label: 'real: session life beyond its sleep, median', value: median(sessionOverheads), unit: 'ms', note: 'process start-up and exit per task: the main cost over the bound with short sleeps' });

  // Ready -> spawned, through the real parts.
  const ws = tempDir('graph-bench');
  const agent = path.join(ws, 'agent.js');
  writeFileSync(agent, "console.log('ok')\n");
  const redactor = new Redactor();
  const registry = createExecutorRegistry({ paths: () => ({}), idleTimeoutMinutes: () => undefined, custom: () => [{ id: 'quick', label: 'Quick', command: process.execPath, args: [agent, '{prompt}'], env: {}, outputFormat: 'text' }], api: () => ({}) as never });
  const runtime = await FolderRuntime.open(ws, registry, redactor, {});
  const n = QUICK ? 16 : 40;
  for (let i = 0; i < n; i++) await runtime.board.createTask({ title: `Step ${i}`, columnId: 'todo' });
  const ids = runtime.board.current.board.tasks.map((t) => t.id);
  for (let i = 1; i < n; i++) if (i % 4 !== 0) await runtime.board.link(ids[i], [ids[i - 1 - (i % 2)] ?? ids[0]].filter((x) => x !== ids[i]));
  let runner: ReturnType<typeof createGraphRunner> | undefined;
  const queue = await RunQueue.open({ root: ws, board: runtime.board, sessions: runtime.sessions, store: runtime.store, redactor }, { concurrency: WORKERS, queue: { accepts: (j) => j.payload.graphRunId === runner?.id } });
  const readyAt = new Map<string, number>();
  runner = createGraphRunner({
    runtime,
    queue,
    tiers: () => undefined,
    defaultExecutorId: () => 'quick',
    permissionMode: 'full-auto',
    concurrency: () => WORKERS,
    // A ready task may wait for a slot (that is the concurrency, not overhead): measured from the moment a slot was free for it.
    onEvent: (e) => e.type === 'start' && readyAt.set(e.taskId, e.takenAt),
  });
  const summary = await runner.run({ columnId: 'todo' });
  const delays: number[] = [];
  for (const meta of await runtime.store.list()) {
    const ready = readyAt.get(meta.taskId);
    if (ready !== undefined && meta.startedAt) delays.push(Date.parse(meta.startedAt) - ready);
  }
  await queue.dispose();
  await runtime.dispose();
  report.figure({ label: 'ready -> spawned, median', value: median(delays), unit: 'ms', target: { max: 100 } });
  report.figure({ label: 'ready -> spawned, p95', value: percentile(delays, 95), unit: 'ms', target: { max: 100 }, note: `${delays.length} of ${n} tasks (${summary.succeeded.length} succeeded), concurrency ${WORKERS}, custom executor` });
  report.done();
});
