import assert from 'node:assert/strict';
import type { ConversationMessage } from '../../../src/protocol/conversation';
import type { QueueJobView, QueueSnapshot } from '../../../src/protocol/queue';
import { $, $$, byName, click, key, typeInto } from '../harness';
import { meta, openTask, showSession, e } from './fixtures';

const at = '2025-01-01T00:00:00.000Z';
function msg(over: Partial<ConversationMessage> & { id: string; sequence: number }): ConversationMessage {
  return { taskId: 't1', revision: 0, role: 'user', content: `message ${over.sequence}`, status: 'completed', createdAt: at, updatedAt: at, ...over };
}
function job(over: Partial<QueueJobView> & { id: string }): QueueJobView {
  return { taskId: 't1', kind: 'message', executorId: 'claude-code', status: 'queued', attempts: 0, maxAttempts: 3, createdAt: at, seq: 1, ownedHere: false, ...over };
}
function queue(jobs: QueueJobView[]): { type: 'queue'; snapshot: QueueSnapshot } {
  const count = (s: QueueJobView['status']) => jobs.filter((j) => j.status === s).length;
  return { type: 'queue', snapshot: { jobs, counts: { queued: count('queued'), running: count('running'), failed: count('failed'), interrupted: count('interrupted') }, concurrency: 2 } };
}
const bubbles = (root: ParentNode) => $$(root, '.conversation-message').map((b) => `${b.classList.contains('role-user') ? 'You' : 'Agent'}|${$(b, '.conversation-state').textContent}|${$(b, '.conversation-content').textContent}`);

describe('task conversation', () => {
  it('asks for the newest page when a task opens and shows each message with its state, queued ones with their place', async () => {
    const m = await openTask();
    const load = m.host.last('loadConversation');
    assert.deepEqual(load, { type: 'loadConversation', taskId: 't1', limit: 30 });
    await showSession(m, [meta({ id: 's1', status: 'succeeded' })], [e({ kind: 'user', id: 'u', text: 'go' }, 0)]);
    await m.send(queue([job({ id: 'q2', status: 'running' }), job({ id: 'q3', position: 2 })]));
    await m.send({
      type: 'conversationPage',
      older: false,
      page: {
        taskId: 't1',
        hasOlder: false,
        messages: [
          msg({ id: 'm1', sequence: 1, content: 'add a flag' }),
          msg({ id: 'm1-reply', sequence: 2, role: 'assistant', content: 'Added --json.', metadata: { executorId: 'claude-code', costUsd: 0.0123, durationMs: 4200, inputTokens: 10, outputTokens: 5 } }),
          msg({ id: 'm2', sequence: 3, status: 'processing', content: 'now tests', metadata: { jobId: 'q2' } }),
          msg({ id: 'm3', sequence: 4, status: 'pending', content: 'and docs', metadata: { jobId: 'q3' } }),
        ],
      },
    });
    assert.deepEqual(bubbles(m.root), ['You||add a flag', 'Agent||Added --json.', 'You|Sent · the agent is answering…|now tests', 'You|Queued #2|and docs']);
    assert.match($(m.root, '.conversation-numbers').textContent ?? '', /claude-code · 15 tokens · \$0\.01 · 4\.2 s/);
  });

  it('sends from the composer, then the message and the streamed reply arrive as pushes and update in place', async () => {
    const m = await openTask();
    await showSession(m, [meta({ id: 's1', status: 'succeeded' })], []);
    await m.send({ type: 'conversationPage', older: false, page: { taskId: 't1', hasOlder: false, messages: [] } });
    const input = $(m.root, '.composer-input');
    await typeInto(input, 'rename the flag');
    await key(input, 'Enter');
    const sent = m.host.last('sendMessage');
    assert.equal(sent.text, 'rename the flag');
    await m.send({ type: 'reply', inReplyTo: sent.requestId, ok: true, jobId: 'q9', position: 1 });
    assert.equal((input as HTMLTextAreaElement).value, '', 'the composer clears once the host has the message');

    await m.send(queue([job({ id: 'q9', position: 1 })]));
    await m.send({ type: 'conversationMessage', message: msg({ id: sent.requestId, sequence: 1, status: 'pending', content: 'rename the flag', metadata: { jobId: 'q9' } }) });
    assert.deepEqual(bubbles(m.root), ['You|Queued #1|rename the flag']);
    await m.send({ type: 'conversationMessage', message: msg({ id: sent.requestId, sequence: 1, revision: 1, status: 'processing', content: 'rename the flag', metadata: { jobId: 'q9' } }) });
    await m.send({ type: 'conversationMessage', message: msg({ id: 'r', sequence: 2, role: 'assistant', status: 'processing', content: 'Renaming' }) });
    await m.send({ type: 'conversationMessage', message: msg({ id: 'r', sequence: 2, revision: 1, role: 'assistant', status: 'processing', content: 'Renaming the flag to --format' }) });
    // a stale record arriving late never rolls a message back
    await m.send({ type: 'conversationMessage', message: msg({ id: 'r', sequence: 2, role: 'assistant', status: 'processing', content: 'Renaming' }) });
    assert.deepEqual(bubbles(m.root), ['You|Sent · the agent is answering…|rename the flag', 'Agent|Answering…|Renaming the flag to --format']);
    await m.send({ type: 'conversationMessage', message: msg({ id: 'r', sequence: 2, revision: 2, role: 'assistant', status: 'completed', content: 'Renamed to --format.' }) });
    await m.send({ type: 'conversationMessage', message: msg({ id: sent.requestId, sequence: 1, revision: 2, status: 'completed', content: 'rename the flag', metadata: { jobId: 'q9' } }) });
    assert.deepEqual(bubbles(m.root), ['You||rename the flag', 'Agent||Renamed to --format.']);
    // another task's records do not leak in
    await m.send({ type: 'conversationMessage', message: msg({ id: 'x', taskId: 't2', sequence: 3, content: 'elsewhere' }) });
    assert.equal($$(m.root, '.conversation-message').length, 2);
  });

  it('a failed message says why and Retry asks the host to put its job back in line', async () => {
    const m = await openTask();
    await showSession(m, [meta({ id: 's1', status: 'failed' })], []);
    await m.send({ type: 'conversationPage', older: false, page: { taskId: 't1', hasOlder: false, messages: [msg({ id: 'm1', sequence: 1, status: 'failed', content: 'go on', metadata: { jobId: 'q1', error: 'Interrupted: Viban closed while this job ran.' } })] } });
    assert.equal($(m.root, '.conversation-error').textContent, 'Interrupted: Viban closed while this job ran. Retry');
    await click($(m.root, '.conversation-retry'));
    const retry = m.host.last('queueRetry');
    assert.deepEqual(retry, { type: 'queueRetry', requestId: retry.requestId, jobId: 'q1', taskId: 't1', messageId: 'm1' });
    assert.equal($(m.root, '.conversation-retry').textContent, 'Retrying…');
    await m.send({ type: 'reply', inReplyTo: retry.requestId, ok: false, error: 'This job already succeeded; queue a new one instead.' });
    assert.match($(m.root, '.conversation-message').textContent ?? '', /already succeeded/);
  });

  it('pages older messages in at the top when asked, keeping the newer ones', async () => {
    const m = await openTask();
    await showSession(m, [meta({ id: 's1', status: 'succeeded' })], []);
    await m.send({ type: 'conversationPage', older: false, page: { taskId: 't1', hasOlder: true, messages: [msg({ id: 'm31', sequence: 31 }), msg({ id: 'm32', sequence: 32 })] } });
    await click($(m.root, '.conversation-older'));
    assert.deepEqual(m.host.last('loadConversation'), { type: 'loadConversation', taskId: 't1', before: 31, limit: 30 });
    assert.equal($(m.root, '.conversation-older').textContent, 'Loading earlier messages…');
    await click($(m.root, '.conversation-older'));
    assert.equal(m.host.ofType('loadConversation').filter((l) => l.before !== undefined).length, 1, 'one page at a time');
    await m.send({ type: 'conversationPage', older: true, page: { taskId: 't1', hasOlder: false, messages: [msg({ id: 'm29', sequence: 29 }), msg({ id: 'm30', sequence: 30 })] } });
    assert.deepEqual($$(m.root, '.conversation-content').map((c) => c.textContent), ['message 29', 'message 30', 'message 31', 'message 32']);
    assert.equal($$(m.root, '.conversation-older').length, 0, 'nothing older left');
  });
});

describe('queued runs in the task detail', () => {
  it('a queued run shows its place and can be removed; an interrupted one offers Retry and Dismiss', async () => {
    const m = await openTask();
    await m.send(queue([job({ id: 'q1', kind: 'run', position: 2 })]));
    assert.match($(m.root, '.queue-job').textContent ?? '', /Queued #2 — waits for a free slot \(2 agents run at once\)/);
    await click(byName(m.root, '.queue-job vscode-button', 'Remove'));
    const cancel = m.host.last('queueCancel');
    assert.deepEqual(cancel, { type: 'queueCancel', requestId: cancel.requestId, jobId: 'q1' });
    await m.send({ type: 'reply', inReplyTo: cancel.requestId, ok: true, jobId: 'q1' });

    await m.send(queue([job({ id: 'q1', kind: 'run', status: 'interrupted', lastError: 'Interrupted' })]));
    assert.match($(m.root, '.queue-job').textContent ?? '', /Interrupted: Viban closed while this run worked/);
    await click(byName(m.root, '.queue-job vscode-button', 'Retry'));
    const retry = m.host.last('queueRetry');
    assert.equal(retry.jobId, 'q1');
    await m.send({ type: 'reply', inReplyTo: retry.requestId, ok: true, jobId: 'q1' });
    await click(byName(m.root, '.queue-job vscode-button', 'Dismiss'));
    assert.equal(m.host.ofType('queueCancel').length, 2);
    await m.send(queue([job({ id: 'q1', kind: 'run', status: 'cancelled' })]));
    assert.equal($$(m.root, '.queue-job').length, 0);
  });

  it('messages do not show as queued runs, and another task\'s runs are not listed', async () => {
    const m = await openTask();
    await m.send(queue([job({ id: 'q1', kind: 'message', position: 1 }), job({ id: 'q2', kind: 'run', taskId: 't2', position: 2 })]));
    assert.equal($$(m.root, '.queue-job').length, 0);
  });
});
