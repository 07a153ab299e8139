// Requests the webview sends to the host and the replies it waits for (session and review hubs).
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
    let settled = 0;
    const pending = new PendingReplies(api, (r) => ({ ok: r.ok, error: r.error, sessionId: r.sessionId }), () => settled++);
    const got: unknown[] = [];
    const a = pending.send({ type: 'stopSession', sessionId: 's1' }, 10_000, (r) => got.push(['a', r]));
    const b = pending.send({ type: 'stopSession', sessionId: 's2' }, 10_000, (r) => got.push(['b', r]));
    assert.notEqual(a, b);
    assert.deepEqual(api.posted, [{ type: 'stopSession', sessionId: 's1', requestId: a }, { type: 'stopSession', sessionId: 's2', requestId: b }]);
    assert.equal(pending.size, 2);

    assert.equal(pending.receive({ type: 'reply', inReplyTo: b, ok: true, sessionId: 'new' }), true);
    assert.equal(pending.receive({ type: 'reply', inReplyTo: b, ok: true }), false, 'answered twice');
    assert.equal(pending.receive({ type: 'reply', inReplyTo: 'someone-else', ok: true }), false);
    assert.deepEqual(got, [['b', { ok: true, error: undefined, sessionId: 'new' }]]);
    assert.equal(settled, 1);
    assert.equal(pending.size, 1);
    pending.dispose();
  });

  it('gives up after its timeout with an error a person can act on; a late reply is ignored', async () => {
    const api = fakeApi();
    let settled = 0;
    const pending = new PendingReplies(api, (r) => r, () => settled++);
    const got: unknown[] = [];
    const id = pending.send({ type: 'stopSession', sessionId: 's1' }, 20, (r) => got.push(r));
    await sleep(60);
    assert.deepEqual(got, [{ ok: false, error: NO_ANSWER }]);
    assert.equal(settled, 1);
    assert.equal(pending.receive({ type: 'reply', inReplyTo: id, ok: true }), false);
    assert.equal(got.length, 1);
  });

  it('dispose drops what waits: no timeout fires afterwards', async () => {
    const pending = new PendingReplies(fakeApi(), (r) => r);
    const got: unknown[] = [];
    pending.send({ type: 'stopSession', sessionId: 's1' }, 20, (r) => got.push(r));
    pending.dispose();
    await sleep(60);
    assert.deepEqual(got, []);
    assert.equal(pending.size, 0);
  });
});
