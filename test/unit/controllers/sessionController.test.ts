// The session half of the webview controller on a real folder: a run goes through the durable
// queue (the reply says which job and session), Restricted Mode refuses to run, a watched task
// gets its sessions and the queue, and an open session gets its tail then its live entries.
import { strict as assert } from 'node:assert';
import { openController, waitFor, type ControllerHarness } from './controllerHarness';

describe('session controller (runs, queue and the live log, through the router)', function () {
  this.timeout(30_000);
  let c: ControllerHarness;
  let taskId: string;
  beforeEach(async () => {
    c = await openController();
    taskId = await c.h.runtime.board.createTask({ title: 'Say hello', columnId: 'todo' });
  });
  afterEach(() => c.close());

  it('starts a run through the queue and replies with its job and session', async () => {
    await c.send({ type: 'startRun', requestId: 'r1', taskId, executorId: 'scripted', permissionMode: 'auto-edit' });
    const reply = c.reply('r1');
    assert.equal(reply.ok, true, reply.error);
    assert.ok(reply.jobId);
    const turn = await c.executor.started(1);
    turn.finish({ text: 'Hello.' });
    await waitFor(async () => (await c.h.runtime.store.list({ taskId }))[0]?.status === 'succeeded', 'the run to succeed');
  });

  it('refuses to run in Restricted Mode, with what to do', async () => {
    c.folder.trusted = false;
    await c.send({ type: 'startRun', requestId: 'r1', taskId, executorId: 'scripted', permissionMode: 'ask' });
    await c.send({ type: 'sendMessage', requestId: 'r2', taskId, text: 'hi' });
    for (const r of ['r1', 'r2']) {
      assert.equal(c.reply(r).ok, false);
      assert.match(c.reply(r).error ?? '', /Restricted Mode.*Manage Workspace Trust/);
    }
    assert.equal(c.executor.turns.length, 0);
  });

  it('gives a watched task its sessions, the approvals and the queue; an open session its tail, then live entries', async () => {
    await c.send({ type: 'startRun', requestId: 'r1', taskId, executorId: 'scripted', permissionMode: 'auto-edit' });
    const turn = await c.executor.started(1);
    const sessionId = c.reply('r1').sessionId ?? (await c.h.runtime.store.list({ taskId }))[0].id;
    await c.send({ type: 'watchTask', taskId });
    assert.deepEqual(c.ofType('sessions').at(-1)?.sessions.map((s) => s.id), [sessionId]);
    assert.ok(c.ofType('approvals').length >= 1);
    assert.ok(c.ofType('queue').at(-1)?.snapshot.jobs.some((j) => j.taskId === taskId));

    await c.send({ type: 'openSession', sessionId, tail: 50 });
    const tail = c.ofType('sessionLog').find((m) => m.mode === 'reset');
    assert.ok(tail, 'the tail was sent');
    assert.deepEqual(tail.entries.map((e) => e.kind), ['user']);
    turn.finish({ text: 'Live words.' });
    await waitFor(() => c.ofType('sessionLog').some((m) => m.mode === 'append' && m.entries.some((e) => e.kind === 'assistant')), 'the live entries');
    // Nothing sent twice: the tail's entries do not come again as live ones.
    const ids = c.ofType('sessionLog').flatMap((m) => m.entries.map((e) => e.id));
    assert.deepEqual(ids, [...new Set(ids)]);
  });

  it('loads a conversation page, and takes a queued job out of line', async () => {
    await c.send({ type: 'startRun', requestId: 'r1', taskId, executorId: 'scripted', permissionMode: 'auto-edit' });
    await c.executor.started(1);
    await c.send({ type: 'sendMessage', requestId: 'r2', taskId, text: 'And then?' });
    const queued = c.reply('r2');
    assert.equal(queued.ok, true, queued.error);
    await c.send({ type: 'loadConversation', taskId });
    const page = c.ofType('conversationPage').at(-1)!;
    assert.equal(page.older, false);
    assert.ok(page.page.messages.some((m) => m.content === 'And then?'));
    // The agent cannot take input while it works, so the message waits in line behind its run.
    assert.ok(queued.jobId);
    assert.equal(queued.position, 1);
    await c.send({ type: 'queueCancel', requestId: 'r3', jobId: queued.jobId });
    assert.deepEqual(c.reply('r3'), { type: 'reply', inReplyTo: 'r3', ok: true, jobId: queued.jobId });
    assert.equal(c.h.runtime.requireQueue().snapshot().jobs.find((j) => j.id === queued.jobId)?.status, 'cancelled');
    c.executor.turns[0].finish();
  });

  it('remembers to skip the confirmation card and sends the executors again; opens a terminal only when trusted', async () => {
    await c.send({ type: 'setSkipConfirmation', executorId: 'scripted', skip: true });
    assert.deepEqual(c.ofType('executors').at(-1)?.runConfig.skipConfirmation, ['scripted']);
    await c.send({ type: 'openInTerminal', requestId: 'r1', taskId, executorId: 'scripted' });
    assert.deepEqual(c.terminals, [`${taskId}:scripted`]);
    c.folder.trusted = false;
    await c.send({ type: 'openInTerminal', requestId: 'r2', taskId, executorId: 'scripted' });
    assert.equal(c.reply('r2').ok, false);
    assert.deepEqual(c.terminals, [`${taskId}:scripted`]);
  });

  it('says remote runs are not available when this window has none', async () => {
    await c.send({ type: 'startRun', requestId: 'r1', taskId, executorId: 'scripted', permissionMode: 'ask', isolation: 'github' });
    assert.deepEqual(c.reply('r1'), { type: 'reply', inReplyTo: 'r1', ok: false, error: 'Remote runs are not available in this window.' });
  });
});
