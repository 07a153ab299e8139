import { strict as assert } from 'node:assert';
import type { JobQueue } from '../../../src/queue';
import { messageDedupeKey, QueueJobError, requestDedupeKey } from '../../../src/queue';
import type { QueueSnapshot } from '../../../src/protocol/queue';
import { QueueSnapshotSchema } from '../../../src/protocol/queue';
import { makeTempRoot, removeTempRoot, sleep } from '../store/helpers';
import { readQueueJson, setup, statusOf } from './queueHarness';

describe('queue/scheduling', () => {
  let root: string;
  let queue: JobQueue | undefined;
  beforeEach(async () => (root = await makeTempRoot()));
  afterEach(async () => {
    await queue?.dispose();
    queue = undefined;
    await removeTempRoot(root);
  });

  it("runs a task's jobs one after another, in the order they were queued", async () => {
    const { runner, open } = setup(root, { concurrency: 3 });
    queue = await open();
    const jobs = [];
    for (const text of ['first', 'second', 'third']) {
      jobs.push((await queue.enqueue({ taskId: 't_a', kind: 'message', executorId: 'claude-code', payload: { text } })).job);
    }
    await runner.started(1);
    await sleep(50); // give a wrong implementation time to start a second job of the task
    assert.equal(runner.calls.length, 1, 'only the first job of the task runs');
    assert.equal(queue.positionOf(jobs[1].id), 1);
    assert.equal(queue.positionOf(jobs[2].id), 2);
    for (let i = 0; i < 3; i++) {
      await runner.started(i + 1);
      assert.equal(runner.calls[i].job.payload.text, ['first', 'second', 'third'][i]);
      runner.calls[i].finish({ status: 'succeeded', sessionId: `s_${i}` });
      await statusOf(queue, jobs[i].id, 'succeeded');
    }
    assert.equal(runner.maxPerTask, 1);
    assert.deepEqual((await readQueueJson(root)).jobs.map((j) => [j.status, j.sessionId, j.attempts]), [
      ['succeeded', 's_0', 1],
      ['succeeded', 's_1', 1],
      ['succeeded', 's_2', 1],
    ]);
  });

  it('never runs more jobs at once than the global limit', async () => {
    const { runner, open } = setup(root, { concurrency: 2 });
    queue = await open();
    const ids = [];
    for (let i = 0; i < 6; i++) ids.push((await queue.enqueue({ taskId: `t_${i}`, kind: 'run', executorId: 'codex' })).job.id);
    for (let done = 0; done < 6; done++) {
      await runner.started(Math.min(6, done + 2));
      await sleep(20);
      assert.ok(runner.inFlight <= 2, `in flight ${runner.inFlight}`);
      runner.calls[done].finish({ status: 'succeeded' });
    }
    for (const id of ids) await statusOf(queue, id, 'succeeded');
    assert.equal(runner.maxInFlight, 2);
    assert.deepEqual(runner.calls.map((c) => c.job.taskId), ['t_0', 't_1', 't_2', 't_3', 't_4', 't_5']);
  });

  it('honours a per-executor limit while other executors use the free slots', async () => {
    const { runner, open } = setup(root, { concurrency: 3, perExecutor: { 'claude-code': 1 } });
    queue = await open();
    for (let i = 0; i < 3; i++) await queue.enqueue({ taskId: `t_c${i}`, kind: 'run', executorId: 'claude-code' });
    for (let i = 0; i < 2; i++) await queue.enqueue({ taskId: `t_x${i}`, kind: 'run', executorId: 'codex' });
    await runner.started(3);
    await sleep(30);
    assert.deepEqual(runner.calls.map((c) => c.job.taskId), ['t_c0', 't_x0', 't_x1']);
    for (let i = 0; i < 5; i++) {
      await runner.started(i + 1);
      runner.calls[i].finish({ status: 'succeeded' });
    }
    assert.deepEqual(runner.calls.map((c) => c.job.taskId), ['t_c0', 't_x0', 't_x1', 't_c1', 't_c2']);
    assert.equal(runner.maxPerExecutor.get('claude-code'), 1);
    assert.equal(runner.maxInFlight, 3);
  });

  it('interleaves busy tasks fairly and reports each queued job\'s place in line', async () => {
    const { runner, open } = setup(root, { concurrency: 1 });
    queue = await open();
    const ids: Record<string, string> = {};
    for (const [name, taskId] of [['A1', 't_a'], ['A2', 't_a'], ['A3', 't_a'], ['B1', 't_b'], ['C1', 't_c']]) {
      ids[name] = (await queue.enqueue({ taskId, kind: 'message', executorId: 'claude-code', payload: { name } })).job.id;
    }
    await runner.started(1);
    // A1 runs; B and C get their turn before A's follow-ups, then A continues in order.
    assert.deepEqual(['B1', 'C1', 'A2', 'A3'].map((n) => queue!.positionOf(ids[n])), [1, 2, 3, 4]);
    assert.equal(queue.positionOf(ids.A1), undefined, 'a running job has no place in line');
    const snap = queue.snapshot();
    QueueSnapshotSchema.parse(snap);
    assert.deepEqual(snap.jobs.map((j) => [j.status, j.position, j.ownedHere]), [
      ['running', undefined, true],
      ['queued', 1, false],
      ['queued', 2, false],
      ['queued', 3, false],
      ['queued', 4, false],
    ]);
    assert.deepEqual(snap.counts, { queued: 4, running: 1, failed: 0, interrupted: 0 });
    for (let i = 0; i < 5; i++) {
      await runner.started(i + 1);
      runner.calls[i].finish({ status: 'succeeded' });
    }
    await statusOf(queue, ids.A3, 'succeeded');
    assert.deepEqual(runner.calls.map((c) => c.job.payload.name), ['A1', 'B1', 'C1', 'A2', 'A3']);
  });

  it('returns the existing job for a duplicate instead of queueing it twice', async () => {
    const { runner, open, clock } = setup(root, { concurrency: 1 });
    queue = await open();
    await queue.enqueue({ taskId: 't_busy', kind: 'run', executorId: 'codex' });
    const key = messageDedupeKey('t_a', 'Add tests for the parser');
    const first = await queue.enqueue({ taskId: 't_a', kind: 'message', executorId: 'codex', dedupeKey: key });
    const again = await queue.enqueue({ taskId: 't_a', kind: 'message', executorId: 'codex', dedupeKey: messageDedupeKey('t_a', '  Add tests  for the parser\n') });
    assert.equal(first.duplicate, false);
    assert.equal(again.duplicate, true);
    assert.equal(again.job.id, first.job.id);
    assert.notEqual(messageDedupeKey('t_b', 'Add tests for the parser'), key, 'another task is another message');
    assert.equal((await readQueueJson(root)).jobs.length, 2);

    // A request id stays a duplicate after the job ended, within the window.
    const req = await queue.enqueue({ taskId: 't_r', kind: 'message', executorId: 'codex', dedupeKey: requestDedupeKey('web-17') });
    await runner.started(1);
    runner.calls[0].finish({ status: 'succeeded' });
    await runner.started(2);
    runner.calls[1].finish({ status: 'succeeded' });
    await runner.started(3);
    runner.calls[2].finish({ status: 'succeeded' });
    await statusOf(queue, req.job.id, 'succeeded');
    const resent = await queue.enqueue({ taskId: 't_r', kind: 'message', executorId: 'codex', dedupeKey: requestDedupeKey('web-17') });
    assert.deepEqual([resent.duplicate, resent.job.id, resent.job.status], [true, req.job.id, 'succeeded']);

    // Once the window has passed, the same text is a new message.
    clock.advance(61_000);
    const later = await queue.enqueue({ taskId: 't_a', kind: 'message', executorId: 'codex', dedupeKey: key });
    assert.equal(later.duplicate, false);
    assert.notEqual(later.job.id, first.job.id);
  });

  it('cancels a queued job so it never runs, and refuses to cancel a running one', async () => {
    const { runner, open } = setup(root, { concurrency: 1 });
    queue = await open();
    const running = (await queue.enqueue({ taskId: 't_a', kind: 'run', executorId: 'codex' })).job;
    const waiting = (await queue.enqueue({ taskId: 't_b', kind: 'run', executorId: 'codex' })).job;
    const next = (await queue.enqueue({ taskId: 't_c', kind: 'run', executorId: 'codex' })).job;
    await runner.started(1);
    const cancelled = await queue.cancel(waiting.id);
    assert.equal(cancelled.status, 'cancelled');
    assert.equal(queue.positionOf(next.id), 1, 'the job behind moves up');
    await assert.rejects(queue.cancel(running.id), (e) => e instanceof QueueJobError && /stop its agent session/.test(e.message));
    runner.calls[0].finish({ status: 'succeeded' });
    await runner.started(2);
    assert.equal(runner.calls[1].job.id, next.id);
    runner.calls[1].finish({ status: 'stopped', error: 'The user stopped the session.' });
    const stopped = await statusOf(queue, next.id, 'cancelled');
    assert.equal(stopped.lastError, 'The user stopped the session.');
    assert.equal(runner.calls.length, 2, 'the cancelled job never ran');
  });

  it('records the session of a running job and tells listeners about every change', async () => {
    const { runner, open } = setup(root);
    queue = await open();
    const seen: QueueSnapshot[] = [];
    queue.onChange((s) => seen.push(s));
    const { job } = await queue.enqueue({ taskId: 't_a', kind: 'run', executorId: 'codex', summary: 'Fix the login bug' });
    await runner.started(1);
    runner.calls[0].setSessionId('s_live');
    await sleep(50);
    await queue.settled();
    assert.equal(queue.get(job.id)?.sessionId, 's_live');
    assert.equal((await readQueueJson(root)).jobs[0].sessionId, 's_live');
    const ended = queue.waitForEnd(job.id);
    runner.calls[0].finish({ status: 'succeeded' });
    assert.equal((await ended).status, 'succeeded');
    assert.ok(seen.some((s) => s.jobs[0]?.status === 'running' && s.jobs[0].summary === 'Fix the login bug'));
    assert.equal(seen.at(-1)!.jobs[0].status, 'succeeded');
    assert.equal(seen.at(-1)!.counts.running, 0);
  });

  it('lets a waiter know when the queue closes before its job ends', async () => {
    const { runner, open } = setup(root, { concurrency: 1 });
    queue = await open();
    await queue.enqueue({ taskId: 't_a', kind: 'run', executorId: 'codex' });
    const { job } = await queue.enqueue({ taskId: 't_b', kind: 'run', executorId: 'codex' });
    await runner.started(1);
    const waiting = queue.waitForEnd(job.id);
    await queue.dispose();
    await assert.rejects(waiting, /closed before the job ended/);
    await assert.rejects(queue.enqueue({ taskId: 't_c', kind: 'run', executorId: 'codex' }), /closed/);
  });

  it('applies a raised concurrency limit at once', async () => {
    const { runner, open } = setup(root, { concurrency: 1 });
    queue = await open();
    await queue.enqueue({ taskId: 't_a', kind: 'run', executorId: 'codex' });
    await queue.enqueue({ taskId: 't_b', kind: 'run', executorId: 'codex' });
    await runner.started(1);
    await sleep(30);
    assert.equal(runner.calls.length, 1);
    await queue.setLimits({ concurrency: 2 });
    await runner.started(2);
    assert.equal(queue.snapshot().concurrency, 2);
    runner.calls.forEach((c) => c.finish({ status: 'succeeded' }));
  });
});
