import { strict as assert } from 'node:assert';
import type { JobQueue } from '../../../src/queue';
import type { QueueJob } from '../../../src/protocol/queue';
import { backoffDelay, isTransientFailure } from '../../../src/queue';
import { Redactor } from '../../../src/secrets/redactor';
import { makeTempRoot, removeTempRoot, sleep, waitFor } from '../store/helpers';
import { readQueueJson, setup, statusOf } from './queueHarness';

const BACKOFF = { baseMs: 1_000, maxMs: 60_000, jitter: 0.5 };

describe('queue/retries', () => {
  let root: string;
  let queue: JobQueue | undefined;
  beforeEach(async () => (root = await makeTempRoot()));
  afterEach(async () => {
    await queue?.dispose();
    queue = undefined;
    await removeTempRoot(root);
  });

  it('retries transient failures with exponentially growing, jittered delays, then fails with the last reason', async () => {
    const { runner, open, clock } = setup(root, { backoff: BACKOFF, maxAttempts: 4 });
    queue = await open();
    const { job } = await queue.enqueue({ taskId: 't_a', kind: 'run', executorId: 'anthropic' });
    const delays: number[] = [];
    for (let attempt = 1; attempt <= 4; attempt++) {
      const calls = await runner.started(attempt);
      assert.equal(calls[attempt - 1].job.attempts, attempt);
      calls[attempt - 1].finish({ status: 'failed', error: `529 overloaded (attempt ${attempt})` });
      if (attempt === 4) break;
      const timer = await waitFor(() => clock.pending()[0], 5_000, 'the backoff timer');
      delays.push(timer.delay);
      const waiting: QueueJob = queue.get(job.id)!;
      assert.equal(waiting.status, 'queued');
      assert.equal(waiting.lastError, `529 overloaded (attempt ${attempt})`);
      assert.equal(Date.parse(waiting.nextAttemptAt!), clock.now() + timer.delay);
      // Not a moment early.
      clock.advance(timer.delay - 1);
      await sleep(30);
      assert.equal(runner.calls.length, attempt, 'no retry before the delay has passed');
      clock.advance(1);
    }
    const failed = await statusOf(queue, job.id, 'failed');
    assert.match(failed.lastError!, /^529 overloaded \(attempt 4\) \(after 4 attempts\)$/);
    assert.equal(failed.attempts, 4);
    assert.deepEqual(clock.pending(), [], 'no timer is left behind');
    delays.forEach((d, i) => {
      const full = BACKOFF.baseMs * 2 ** i;
      assert.ok(d >= full * (1 - BACKOFF.jitter) && d <= full, `delay ${i + 1} = ${d} ms, expected within [${full / 2}, ${full}]`);
    });
    // Each retry started exactly when its delay ran out.
    for (let i = 1; i < 4; i++) assert.equal(runner.calls[i].at - runner.calls[i - 1].at, delays[i - 1]);
  });

  it('fails a non-transient failure at once, whether returned or thrown', async () => {
    const { runner, open, clock } = setup(root, { backoff: BACKOFF });
    queue = await open();
    const auth = (await queue.enqueue({ taskId: 't_a', kind: 'run', executorId: 'anthropic' })).job;
    (await runner.started(1))[0].finish({ status: 'failed', error: 'Your API key is invalid (401).', transient: false });
    const failed = await statusOf(queue, auth.id, 'failed');
    assert.equal(failed.lastError, 'Your API key is invalid (401).');
    assert.equal(failed.attempts, 1);
    assert.deepEqual(clock.pending(), []);

    let throws = 0;
    await queue.dispose();
    queue = await setup(root).open({
      clock,
      backoff: BACKOFF,
      runJob: async () => {
        throws++;
        throw new Error('spawn claude ENOENT: the Claude Code CLI is not installed');
      },
    });
    const missing = (await queue.enqueue({ taskId: 't_b', kind: 'run', executorId: 'claude-code' })).job;
    const thrown = await statusOf(queue, missing.id, 'failed');
    assert.match(thrown.lastError!, /not installed/);
    assert.equal(throws, 1);
  });

  it('treats a thrown network error as transient and a runner\'s Retry-After as the minimum wait', async () => {
    const { open, clock } = setup(root, { backoff: BACKOFF, maxAttempts: 2 });
    let calls = 0;
    queue = await open({
      runJob: async () => {
        calls++;
        if (calls === 1) throw Object.assign(new Error('socket closed'), { code: 'ECONNRESET' });
        return { status: 'failed', error: 'rate limited', transient: true, retryAfterMs: 30_000 };
      },
    });
    const { job } = await queue.enqueue({ taskId: 't_a', kind: 'run', executorId: 'openai' });
    const first = await waitFor(() => clock.pending()[0], 5_000, 'first backoff');
    assert.ok(first.delay >= 500 && first.delay <= 1_000, `delay ${first.delay}`);
    clock.advance(first.delay);
    const failed = await statusOf(queue, job.id, 'failed');
    assert.equal(calls, 2);
    assert.match(failed.lastError!, /rate limited/);

    const { job: again } = await queue.enqueue({ taskId: 't_b', kind: 'run', executorId: 'openai', maxAttempts: 3 });
    const wait = await waitFor(() => clock.pending()[0], 5_000, 'retry-after wait');
    assert.equal(wait.delay, 30_000, 'Retry-After beats the shorter backoff');
    assert.equal(queue.get(again.id)!.status, 'queued');
  });

  it('never writes a secret from an error or a summary to queue.json', async () => {
    const secret = 'sk-ant-api03-PLANTEDsecretKEY0123456789abcdef';
    const { runner, open } = setup(root, { redactor: new Redactor({}) });
    queue = await open();
    const { job } = await queue.enqueue({ taskId: 't_a', kind: 'run', executorId: 'anthropic', summary: `use ${secret}` });
    (await runner.started(1))[0].finish({ status: 'failed', error: `401 for key ${secret}`, transient: false });
    await statusOf(queue, job.id, 'failed');
    const text = JSON.stringify(await readQueueJson(root));
    assert.ok(!text.includes(secret), 'the key is not on disk');
    assert.match(queue.get(job.id)!.lastError!, /401 for key \[REDACTED\]/);
  });

  it('masks without being given a redactor: the store of queue.json always masks its text', async () => {
    const secret = 'sk-proj-PLANTEDsecretKEY0123456789abcdefXYZ';
    const { runner, open } = setup(root, {});
    queue = await open();
    const { job } = await queue.enqueue({ taskId: 't_a', kind: 'run', executorId: 'openai', summary: `use ${secret}` });
    (await runner.started(1))[0].finish({ status: 'failed', error: `401 for key ${secret}`, transient: false });
    await statusOf(queue, job.id, 'failed');
    assert.ok(!JSON.stringify(await readQueueJson(root)).includes(secret), 'the key is not on disk');
    assert.equal(queue.get(job.id)!.summary, 'use [REDACTED]');
  });
});

describe('queue/backoff rules', () => {
  it('doubles the delay per attempt within the jitter band and caps it', () => {
    const opts = { baseMs: 2_000, maxMs: 10_000, jitter: 0.5 };
    assert.deepEqual([1, 2, 3, 4, 5].map((a) => backoffDelay(a, opts, () => 0.999999)), [2_000, 4_000, 8_000, 10_000, 10_000]);
    assert.deepEqual([1, 2, 3].map((a) => backoffDelay(a, opts, () => 0)), [1_000, 2_000, 4_000]);
    for (let i = 0; i < 200; i++) {
      const d = backoffDelay(3, opts);
      assert.ok(d >= 4_000 && d <= 8_000, String(d));
    }
  });

  it('recognises rate limits, server errors and network drops as transient, and nothing else', () => {
    for (const t of ['429 Too Many Requests', 'API Error: 529 {"type":"overloaded_error"}', '503 Service Unavailable', 'fetch failed', 'Request timed out.']) {
      assert.equal(isTransientFailure(t), true, t);
    }
    assert.equal(isTransientFailure(Object.assign(new Error('x'), { code: 'ETIMEDOUT' })), true);
    assert.equal(isTransientFailure(Object.assign(new Error('Server error'), { status: 502 })), true);
    for (const t of ['401 invalid x-api-key', 'Not logged in. Run claude /login', 'spawn codex ENOENT', 'The agent refused', '']) {
      assert.equal(isTransientFailure(t), false, t);
    }
    assert.equal(isTransientFailure(Object.assign(new Error('500 words'), { status: 400 })), false, 'an explicit status wins over the text');
  });
});
