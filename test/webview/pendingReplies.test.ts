// The webview's one mechanism for requests that wait for a reply (board commands and the session,
// review and automation hubs all send through one instance).
import { strict as assert } from 'node:assert';
import type { RequestMessage } from '../../src/protocol/messages';
import { NO_ANSWER, PendingReplies } from '../../webview/host/pendingReplies';
import type { HostApi } from '../../webview/host/vscodeApi';

function fakeApi(): HostApi & { posted: RequestMessage[] } {
  const posted: RequestMessage[] = [];
  return { posted, postMessage: (m: unknown) => void posted.push(m as RequestMessage), getState: () => undefined, setState: () => undefined } as unknown as HostApi & { posted: RequestMessage[] };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('PendingReplies (requests that wait for a reply)', () => {
  it('posts the request with a fresh id, and its reply settles it exactly once', () => {
    const api = fakeApi();
    const pending = new PendingReplies(api);
    const got: unknown[] = [];
    const a = pending.send({ type: 'stopSession', sessionId: 's1' }, { timeoutMs: 10_000 }, (r) => got.push(['a', r]));
    const b = pending.send({ type: 'stopSession', sessionId: 's2' }, { timeoutMs: 10_000 }, (r) => got.push(['b', r]));
    assert.notEqual(a, b);
    assert.deepEqual(api.posted, [{ type: 'stopSession', sessionId: 's1', requestId: a }, { type: 'stopSession', sessionId: 's2', requestId: b }]);
    assert.equal(pending.pending(), 2);

    assert.equal(pending.receive({ type: 'reply', inReplyTo: b, ok: true, sessionId: 'new' }), true);
    assert.equal(pending.receive({ type: 'reply', inReplyTo: b, ok: true }), false, 'answered twice');
    assert.equal(pending.receive({ type: 'reply', inReplyTo: 'someone-else', ok: true }), false);
    assert.deepEqual(got, [['b', { ok: true, sessionId: 'new' }]]);
    assert.equal(pending.pending(), 1);
    pending.dispose();
  });

  it('counts the requests in flight per sender', () => {
    const pending = new PendingReplies(fakeApi());
    const review = {};
    const session = {};
    const a = pending.send({ type: 'discardTask', taskId: 't' }, { timeoutMs: 10_000, owner: review });
    pending.send({ type: 'stopSession', sessionId: 's' }, { timeoutMs: 10_000, owner: session });
    pending.send({ type: 'addColumn', title: 'x' }, { timeoutMs: 10_000 });
    assert.deepEqual([pending.pending(review), pending.pending(session), pending.pending()], [1, 1, 3]);
    pending.receive({ type: 'reply', inReplyTo: a, ok: false, error: 'no' });
    assert.deepEqual([pending.pending(review), pending.pending()], [0, 2]);
    pending.dispose();
  });

  it('gives up after its timeout with an error a person can act on (or the sender\'s own); a late reply is ignored', async () => {
    const pending = new PendingReplies(fakeApi());
    const got: unknown[] = [];
    const id = pending.send({ type: 'stopSession', sessionId: 's1' }, { timeoutMs: 20 }, (r) => got.push(r));
    pending.send({ type: 'moveTask', taskId: 't', toColumnId: 'c', toIndex: 0 }, { timeoutMs: 20, timeoutError: 'The card went back.' }, (r) => got.push(r));
    await sleep(60);
    assert.deepEqual(got, [{ ok: false, error: NO_ANSWER }, { ok: false, error: 'The card went back.' }]);
    assert.equal(pending.receive({ type: 'reply', inReplyTo: id, ok: true }), false);
    assert.equal(got.length, 2);
    assert.equal(pending.pending(), 0);
  });

  it('dispose drops what waits: no timeout fires afterwards', async () => {
    const pending = new PendingReplies(fakeApi());
    const got: unknown[] = [];
    pending.send({ type: 'stopSession', sessionId: 's1' }, { timeoutMs: 20 }, (r) => got.push(r));
    pending.dispose();
    await sleep(60);
    assert.deepEqual(got, []);
    assert.equal(pending.pending(), 0);
  });
});
