import { strict as assert } from 'node:assert';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ConversationMessage } from '../../../../src/protocol/conversation';
import { GatedExecutor, openHarness, waitFor, type Harness } from './runQueueHarness';

const card = (h: Harness, taskId: string) => h.runtime.board.current.board.tasks.find((t) => t.id === taskId)!;
const rq = (h: Harness) => h.runtime.requireQueue();
const conversation = async (h: Harness, taskId: string): Promise<ConversationMessage[]> => (await rq(h).conversation.load(taskId, { limit: 100 })).messages;

describe('run queue: runs and messages through the durable queue', () => {
  let h: Harness;
  let agent: GatedExecutor;

  beforeEach(async () => {
    agent = new GatedExecutor('scripted');
    h = await openHarness([agent]);
  });
  afterEach(async () => {
    for (const t of agent.turns) if (!t.signal.aborted) t.finish();
    await h.close();
  });

  it('runs two at once with concurrency 2; the third waits as "Queued #1" and starts when a slot frees', async () => {
    const ids: string[] = [];
    for (const title of ['Parser', 'Login bug', 'Dark mode']) ids.push(await h.runtime.board.createTask({ title }));
    const first = await rq(h).startRun({ taskId: ids[0], executorId: 'scripted', requestId: 'r1' });
    const second = await rq(h).startRun({ taskId: ids[1], executorId: 'scripted', requestId: 'r2' });
    const third = await rq(h).startRun({ taskId: ids[2], executorId: 'scripted', requestId: 'r3' });
    assert.ok(first.sessionId && second.sessionId, 'the first two start at once and say which session');
    assert.equal(third.sessionId, undefined);
    assert.equal(third.position, 1);
    assert.equal(third.job.status, 'queued');

    await rq(h).settled();
    assert.equal(card(h, ids[2]).agentStatus, 'queued');
    assert.equal(card(h, ids[2]).agentStatusMessage, 'Queued #1');
    const snap = rq(h).snapshot();
    assert.deepEqual(snap.counts, { queued: 1, running: 2, failed: 0, interrupted: 0 });
    assert.equal(agent.turns.length, 2);

    // a resent request (same request id) finds its job instead of queueing a fourth
    const again = await rq(h).startRun({ taskId: ids[2], executorId: 'scripted', requestId: 'r3' });
    assert.equal(again.job.id, third.job.id);
    assert.equal(rq(h).jobs().length, 3);

    (await agent.started(1)).finish();
    const turn3 = await agent.started(3);
    assert.equal(turn3.req.prompt, 'Dark mode');
    await waitFor(() => card(h, ids[2]).agentStatus !== 'queued', 'the third card to leave "queued"');
    assert.notEqual(card(h, ids[2]).agentStatusMessage, 'Queued #1');
    agent.turns[1].finish();
    turn3.finish();
    const ended = await rq(h).waitForEnd(third.job.id);
    assert.equal(ended.status, 'succeeded');
    assert.equal(card(h, ids[2]).agentStatus, 'done');
  });

  it('honours a per-executor limit and keeps one task\'s jobs in order (FIFO per task)', async () => {
    await rq(h).setLimits({ concurrency: 2, perExecutor: { scripted: 1 } });
    const a = await h.runtime.board.createTask({ title: 'A' });
    const b = await h.runtime.board.createTask({ title: 'B' });
    await rq(h).startRun({ taskId: a, executorId: 'scripted', prompt: 'a1' });
    const b1 = await rq(h).startRun({ taskId: b, executorId: 'scripted', prompt: 'b1' });
    assert.equal(b1.position, 1, 'one scripted agent at a time');
    (await agent.started(1)).finish();
    (await agent.started(2)).finish();
    await rq(h).waitForEnd(b1.job.id);
    assert.deepEqual(agent.turns.map((t) => t.req.prompt), ['a1', 'b1']);
  });

  it('processes messages sent quickly in a row in order, once each, and records the conversation', async () => {
    const taskId = await h.runtime.board.createTask({ title: 'Write the parser' });
    const run = await rq(h).startRun({ taskId, executorId: 'scripted' });
    (await agent.started(1)).finish();
    await rq(h).waitForEnd(run.job.id);

    const sent: Awaited<ReturnType<ReturnType<typeof rq>["sendMessage"]>>[] = [];
    for (const [i, text] of ['first', 'second', 'third'].entries()) sent.push(await rq(h).sendMessage({ taskId, text, requestId: `req-${i}` }));
    // the webview resends one request (a reconnect): no second message, no second job
    const dup = await rq(h).sendMessage({ taskId, text: 'second', requestId: 'req-1' });
    assert.equal(dup.message.id, 'req-1');
    assert.equal(dup.job?.id, sent[1].job?.id);
    assert.ok(sent[0].sessionId, 'the first message starts at once');
    assert.equal(sent[1].position, 1);
    assert.equal(sent[2].position, 2);

    for (let n = 2; n <= 4; n++) (await agent.started(n)).finish();
    for (const s of sent) assert.equal((await rq(h).waitForEnd(s.job!.id)).status, 'succeeded');
    await rq(h).settled();

    assert.deepEqual(agent.turns.map((t) => t.req.prompt), ['Write the parser', 'first', 'second', 'third']);
    assert.ok(agent.turns.slice(1).every((t) => t.req.resumeSessionId), 'each message resumes the agent session');
    const messages = await conversation(h, taskId);
    assert.deepEqual(
      messages.map((m) => `${m.role}:${m.status}:${m.content}`),
      ['user:completed:first', 'user:completed:second', 'user:completed:third', 'assistant:completed:Done: first', 'assistant:completed:Done: second', 'assistant:completed:Done: third'],
    );
    const reply = messages[3];
    assert.equal(reply.metadata?.executorId, 'scripted');
    assert.equal(reply.metadata?.costUsd, 0.01);
    assert.ok(reply.metadata?.durationMs !== undefined);
    assert.equal(messages[0].metadata?.jobId, sent[0].job!.id);
    const lines = (await readFile(join(h.root, '.viban', 'messages', `${taskId}.jsonl`), 'utf8')).trim().split('\n');
    assert.equal(new Set(lines.map((l) => JSON.parse(l).id)).size, 6, 'six messages on disk, each status change a superseding record');
  });

  it('a failed message says why; Retry puts it back in line and it completes', async () => {
    const taskId = await h.runtime.board.createTask({ title: 'Task' });
    const run = await rq(h).startRun({ taskId, executorId: 'scripted' });
    (await agent.started(1)).finish();
    await rq(h).waitForEnd(run.job.id);

    const sent = await rq(h).sendMessage({ taskId, text: 'please fix it', requestId: 'm1' });
    (await agent.started(2)).finish({ status: 'failed', error: 'The model refused: context too long', text: '' });
    const failed = await rq(h).waitForEnd(sent.job!.id);
    assert.equal(failed.status, 'failed');
    await rq(h).settled();
    let [user] = await conversation(h, taskId);
    assert.equal(user.status, 'failed');
    assert.match(user.metadata?.error ?? '', /context too long/);
    assert.equal((await conversation(h, taskId)).length, 1, 'a failed turn that said nothing leaves no empty reply');

    const retried = await rq(h).retry(sent.job!.id);
    assert.equal(retried.id, sent.job!.id);
    (await agent.started(3)).finish({ text: 'Fixed.' });
    assert.equal((await rq(h).waitForEnd(sent.job!.id)).status, 'succeeded');
    await rq(h).settled();
    const after = await conversation(h, taskId);
    [user] = after;
    assert.equal(user.status, 'completed');
    assert.equal(user.metadata?.error, undefined);
    assert.deepEqual(after.map((m) => `${m.role}:${m.content}`), ['user:please fix it', 'assistant:Fixed.']);
    assert.deepEqual(agent.turns.map((t) => t.req.prompt), ['Task', 'please fix it', 'please fix it']);
  });

  it('a transient failure before the agent acted is retried; once it used tools it is not', async () => {
    await rq(h).setLimits({ concurrency: 2, maxAttempts: 3 });
    const taskId = await h.runtime.board.createTask({ title: 'Flaky' });
    const run = await rq(h).startRun({ taskId, executorId: 'scripted' });
    (await agent.started(1)).finish({ status: 'failed', error: '529 overloaded', text: '' });
    (await agent.started(2, 15_000)).finish({ status: 'failed', error: '529 overloaded', toolUse: true });
    const ended = await rq(h).waitForEnd(run.job.id);
    assert.equal(ended.status, 'failed');
    assert.equal(ended.attempts, 2, 'after the agent wrote a file, no silent third attempt');
    assert.match(ended.lastError ?? '', /overloaded/);
  });

  it('refuses a run over the task or board budget before it starts, with a clear message', async () => {
    const taskId = await h.runtime.board.createTask({ title: 'Expensive' });
    const other = await h.runtime.board.createTask({ title: 'Other' });
    await h.runtime.board.patchTaskAgent(taskId, { costUsd: 0.6 });
    await h.runtime.board.patchTaskAgent(other, { costUsd: 0.5 });
    h.budget.perTaskUsd = 0.5;
    await assert.rejects(rq(h).startRun({ taskId, executorId: 'scripted' }), /Budget reached: "Expensive" has cost \$0\.60 of its \$0\.50 budget \(setting viban\.budget\.perTaskUsd\)/);
    h.budget.perTaskUsd = undefined;
    h.budget.boardUsd = 1;
    assert.equal(rq(h).boardCostUsd(), 1.1);
    await assert.rejects(rq(h).startRun({ taskId: other, executorId: 'scripted' }), /this board has cost \$1\.10 of its \$1\.00 budget/);
    assert.equal(agent.turns.length, 0, 'nothing ran');
    assert.equal(rq(h).jobs().length, 0, 'nothing was queued');
  });

  it('a queued run whose budget ran out meanwhile is refused when its turn comes', async () => {
    await rq(h).setLimits({ concurrency: 1 });
    const a = await h.runtime.board.createTask({ title: 'A' });
    const b = await h.runtime.board.createTask({ title: 'B' });
    await rq(h).startRun({ taskId: a, executorId: 'scripted' });
    const queued = await rq(h).startRun({ taskId: b, executorId: 'scripted' });
    h.budget.boardUsd = 0.05;
    (await agent.started(1)).finish({ costUsd: 0.07 });
    const ended = await rq(h).waitForEnd(queued.job.id);
    assert.equal(ended.status, 'failed');
    assert.match(ended.lastError ?? '', /Budget reached/);
    assert.equal(agent.turns.length, 1);
    await rq(h).settled();
    assert.equal(card(h, b).agentStatus, 'error');
    assert.match(card(h, b).agentStatusMessage ?? '', /Budget reached/);
  });
});

describe('run queue: a window reload', () => {
  it('marks the running job interrupted (not re-run), continues the queued one, and Retry runs it again', async () => {
    const agent = new GatedExecutor('scripted');
    const h = await openHarness([agent], { concurrency: 1 });
    try {
      const a = await h.runtime.board.createTask({ title: 'Long job' });
      const b = await h.runtime.board.createTask({ title: 'Waiting job' });
      const running = await rq(h).startRun({ taskId: a, executorId: 'scripted' });
      const waiting = await rq(h).startRun({ taskId: b, executorId: 'scripted' });
      await agent.started(1);
      assert.equal(waiting.position, 1);

      await h.runtime.dispose(); // the window closes mid-run
      await h.reopen();
      const jobs = new Map(rq(h).jobs().map((j) => [j.id, j]));
      assert.equal(jobs.get(running.job.id)!.status, 'interrupted');
      assert.match(jobs.get(running.job.id)!.lastError ?? '', /Interrupted/);
      const turn2 = await agent.started(2);
      assert.equal(turn2.req.prompt, 'Waiting job', 'the queued job continues after the reload; the interrupted one does not re-run');
      turn2.finish();
      assert.equal((await rq(h).waitForEnd(waiting.job.id)).status, 'succeeded');

      const retried = await rq(h).retry(running.job.id);
      assert.equal(retried.status === 'queued' || retried.status === 'running', true);
      const turn3 = await agent.started(3);
      assert.equal(turn3.req.prompt, 'Long job');
      turn3.finish();
      assert.equal((await rq(h).waitForEnd(running.job.id)).status, 'succeeded');
    } finally {
      await h.close();
    }
  });

  it('a message that was being answered when the window closed shows failed (interrupted) and can be retried', async () => {
    const agent = new GatedExecutor('scripted');
    const h = await openHarness([agent]);
    try {
      const taskId = await h.runtime.board.createTask({ title: 'Chat' });
      const run = await rq(h).startRun({ taskId, executorId: 'scripted' });
      (await agent.started(1)).finish();
      await rq(h).waitForEnd(run.job.id);
      const sent = await rq(h).sendMessage({ taskId, text: 'keep going', requestId: 'k1' });
      await agent.started(2);
      await h.runtime.dispose();
      await h.reopen();
      await rq(h).settled();
      const [user] = await conversation(h, taskId);
      assert.equal(user.status, 'failed');
      assert.match(user.metadata?.error ?? '', /Interrupted/);
      await rq(h).retry(sent.job!.id);
      (await agent.started(3)).finish({ text: 'Kept going.' });
      assert.equal((await rq(h).waitForEnd(sent.job!.id)).status, 'succeeded');
      await rq(h).settled();
      const after = await conversation(h, taskId);
      assert.equal(after[0].status, 'completed');
      assert.equal(after.find((m) => m.role === 'assistant')?.content, 'Kept going.');
    } finally {
      await h.close();
    }
  });
});

describe('run queue: live input', () => {
  it('a message to a running agent that takes input goes in at once; its reply is that turn', async () => {
    const agent = new GatedExecutor('live', { interactive: true });
    const h = await openHarness([agent]);
    try {
      const taskId = await h.runtime.board.createTask({ title: 'Interactive' });
      const run = await rq(h).startRun({ taskId, executorId: 'live' });
      const turn = await agent.started(1);
      turn.sink.entry({ kind: 'assistant', id: 'early', ts: new Date().toISOString(), text: 'Working on the first part.' });
      const sent = await rq(h).sendMessage({ taskId, text: 'also add tests', requestId: 'live-1' });
      assert.equal(sent.job, undefined, 'no queue job: it went straight in');
      assert.equal(sent.sessionId, run.sessionId);
      assert.deepEqual(turn.live, ['also add tests']);
      assert.equal(sent.message.status, 'processing');
      turn.finish({ text: 'Added tests too.' });
      await rq(h).waitForEnd(run.job.id);
      await waitFor(async () => (await conversation(h, taskId))[0]?.status === 'completed', 'the live message to complete');
      const messages = await conversation(h, taskId);
      assert.deepEqual(messages.map((m) => `${m.role}:${m.status}:${m.content}`), ['user:completed:also add tests', 'assistant:completed:Added tests too.']);
    } finally {
      await h.close();
    }
  });
});
