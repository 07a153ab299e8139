// The graph runner on a real folder: the durable queue, sessions and a custom executor that sleeps
// (real processes). Stop all ends the graph cleanly — nothing left running, no orphan process, the
// dependant never started; with graph.doneWhen "accepted" a dependant waits for its prerequisite's
// work to be accepted, not just for its run to succeed.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FolderRuntime } from '../../../src/app/folderRuntime';
import { createGraphRunner } from '../../../src/app/graphRuns';
import { createExecutorRegistry } from '../../../src/executors/builtins';
import type { DoneWhen, GraphEvent } from '../../../src/graph';
import { isAlive } from '../../../src/process/liveness';
import { isLive } from '../../../src/protocol/sessions';
import { RunQueue } from '../../../src/queue/runQueue';
import { Redactor } from '../../../src/secrets/redactor';

const AGENT = join(__dirname, 'fixtures', 'sleepingAgent.js');

describe('graph runner with real processes: Stop all and doneWhen', function () {
  this.timeout(60_000);
  let ws: string;
  let pids: string;
  let runtime: FolderRuntime;
  let queue: RunQueue;

  beforeEach(async () => {
    ws = mkdtempSync(join(tmpdir(), 'viban-graph-real-'));
    pids = join(ws, 'pids');
    mkdirSync(pids);
    const registry = createExecutorRegistry({
      paths: () => ({}),
      idleTimeoutMinutes: () => undefined,
      custom: () => [{ id: 'sleep', label: 'Sleep', command: process.execPath, args: [AGENT, '{prompt}'], env: { PID_DIR: pids }, outputFormat: 'text' }],
      api: () => ({}) as never,
    });
    runtime = await FolderRuntime.open(ws, registry, new Redactor(), {});
  });
  afterEach(async () => {
    await queue?.dispose();
    await runtime.dispose();
    rmSync(ws, { recursive: true, force: true });
  });

  async function graph(doneWhen?: DoneWhen) {
    const a = await runtime.board.createTask({ title: 'Write migration sleep=30000', columnId: 'todo' });
    const b = await runtime.board.createTask({ title: 'Add API route sleep=10', columnId: 'todo' });
    await runtime.board.link(b, [a]);
    let runner: ReturnType<typeof createGraphRunner> | undefined;
    queue = await RunQueue.open(
      { root: ws, board: runtime.board, sessions: runtime.sessions, store: runtime.store, redactor: new Redactor() },
      { concurrency: 2, queue: { accepts: (j) => j.payload.graphRunId === runner?.id } },
    );
    const events: Array<GraphEvent | { type: 'moved' }> = [];
    const listeners: Array<(e: GraphEvent) => void> = [];
    runner = createGraphRunner({
      runtime,
      queue,
      tiers: () => undefined,
      defaultExecutorId: () => 'sleep',
      permissionMode: 'full-auto',
      concurrency: () => 2,
      ...(doneWhen && { doneWhen, acceptedColumn: 'done' }),
      onEvent: (e) => {
        events.push(e);
        listeners.forEach((l) => l(e));
      },
    });
    const when = (match: (e: GraphEvent) => boolean) => new Promise<GraphEvent>((resolve) => listeners.push((e) => match(e) && resolve(e)));
    return { a, b, runner, events, when };
  }

  it('Stop all stops the running task and its process; the dependant never starts; nothing is left running', async () => {
    const { a, b, runner, events, when } = await graph();
    const started = when((e) => e.type === 'start' && e.taskId === a);
    const run = runner.run({ columnId: 'todo' });
    await started;
    const pid = await waitForPid();
    assert.equal(isAlive(pid), true);
    await runner.stop();
    const summary = await run;
    assert.deepEqual(summary.stopped, [a]);
    assert.deepEqual(summary.succeeded, []);
    assert.equal(events.some((e) => e.type === 'start' && e.taskId === b), false, 'the dependant never started');
    assert.equal(isAlive(pid), false, 'the agent process is gone');
    for (const meta of await runtime.store.list()) assert.equal(isLive(meta.status), false, `session ${meta.id} is ${meta.status}`);
    for (const job of queue.jobs()) assert.ok(!['queued', 'running'].includes(job.status), `job ${job.id} is ${job.status}`);
    assert.notEqual(runtime.board.current.board.tasks.find((t) => t.id === a)!.agentStatus, 'executing');
  });

  it('doneWhen "accepted": the dependant waits after its prerequisite succeeded, and starts once that work is accepted', async () => {
    const { a, b, runner, events, when } = await graph('accepted');
    await runtime.board.updateTask(a, { title: 'Write migration sleep=10' });
    const awaiting = when((e) => e.type === 'awaiting' && e.taskId === a);
    const run = runner.run({ columnId: 'todo' });
    await awaiting;
    assert.equal(events.some((e) => e.type === 'start' && e.taskId === b), false, 'not before the work is accepted');
    events.push({ type: 'moved' });
    const bAwaiting = when((e) => e.type === 'awaiting' && e.taskId === b);
    await runtime.board.moveTask(a, 'done', 0);
    // The graph keeps going while work awaits acceptance: accepting the last one ends it.
    await bAwaiting;
    await runtime.board.moveTask(b, 'done', 1);
    const summary = await run;
    assert.deepEqual(summary.succeeded.sort(), [a, b].sort());
    const order = events.map((e) => (e.type === 'moved' ? 'moved' : e.type === 'start' ? `start ${e.taskId === a ? 'A' : 'B'}` : '')).filter(Boolean);
    assert.deepEqual(order, ['start A', 'moved', 'start B']);
  });

  async function waitForPid(): Promise<number> {
    for (;;) {
      const files = readdirSync(pids);
      if (files.length) return Number(files[0].replace('.pid', ''));
      await new Promise((r) => setTimeout(r, 20));
    }
  }
});
