// Background mode: a worker, not this window, writes the reply to a message sent from the task's
// composer. The window follows the watched task's conversation file, so the reply reaches the view
// (the e2e saw "Sent · the agent is answering…" stay forever while the log already said Done).
import { strict as assert } from 'node:assert';
import { ConversationStore } from '../../../src/store/conversations/conversationStore';
import { Redactor } from '../../../src/secrets/redactor';
import { openController, waitFor, type ControllerHarness } from './controllerHarness';

describe('session controller: a conversation written by another process', function () {
  this.timeout(30_000);
  let c: ControllerHarness | undefined;
  afterEach(async () => {
    await c?.close();
    c = undefined;
  });

  it('pushes the messages another process adds or changes in the watched task’s conversation, and stops when another task is watched', async () => {
    c = await openController();
    const taskId = await c.h.runtime.board.createTask({ title: 'Chat from the composer', columnId: 'todo' });
    const other = await c.h.runtime.board.createTask({ title: 'Another task', columnId: 'todo' });
    const worker = new ConversationStore(c.h.runtime.root, new Redactor()); // the worker's own store
    const before = await worker.append(taskId, { role: 'user', content: 'Written before the view looked' });
    await c.send({ type: 'watchTask', taskId });
    const pushed = () => c!.ofType('conversationMessage').map((m) => m.message);

    const reply = await worker.append(taskId, { role: 'assistant', content: '' });
    await waitFor(async () => pushed().some((m) => m.id === reply.id), 'the worker’s new reply to reach the view');
    await worker.update(taskId, reply.id, { status: 'completed', content: 'Pinned the test to UTC.' });
    await waitFor(async () => pushed().some((m) => m.id === reply.id && m.status === 'completed'), 'the finished reply');
    assert.equal(pushed().filter((m) => m.id === reply.id).at(-1)?.content, 'Pinned the test to UTC.');
    assert.ok(!pushed().some((m) => m.id === before.id), 'what the view loads itself is not pushed again');

    await c.send({ type: 'watchTask', taskId: other });
    const count = pushed().length;
    await worker.append(taskId, { role: 'user', content: 'Not watched any more' });
    await new Promise((r) => setTimeout(r, 1500)); // a poll and a debounce: nothing may arrive
    assert.equal(pushed().length, count, 'no push for a task the view no longer shows');
  });
});
