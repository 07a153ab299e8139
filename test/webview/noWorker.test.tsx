// The board's "No worker is running" banner (background mode, runs waiting, no worker alive) and
// its Start action; it goes away when a worker appears or nothing waits, and is never shown in
// window mode (the window runs the queue itself) or in restricted mode.
import assert from 'node:assert/strict';
import { byName, click, mountApp, snapshot } from './harness';

const BANNER = 'No worker is running';

describe('no-worker banner', () => {
  it('background mode, runs waiting, no worker: warns and Start one posts startWorker; a live worker clears it', async () => {
    const { root, host, send } = await mountApp(snapshot());
    assert.ok(!root.textContent?.includes(BANNER), 'nothing said before the host says who runs the queue');
    await send({ type: 'workers', background: true, live: 0, queued: 2 });
    assert.ok(root.textContent?.includes('No worker is running — 2 runs wait in the queue.'));
    await click(byName(root, 'vscode-button', 'Start one'));
    const posted = host.last('startWorker');
    assert.equal(posted.type, 'startWorker');
    assert.match(posted.requestId, /.+/);
    await send({ type: 'workers', background: true, live: 1, queued: 2 });
    assert.ok(!root.textContent?.includes(BANNER));
  });

  it('a failed start shows the host\'s reason', async () => {
    const { root, host, send } = await mountApp(snapshot());
    await send({ type: 'workers', background: true, live: 0, queued: 1 });
    assert.ok(root.textContent?.includes('No worker is running — 1 run waits in the queue.'));
    await click(byName(root, 'vscode-button', 'Start one'));
    await send({ type: 'reply', inReplyTo: host.last('startWorker').requestId, ok: false, error: 'The background worker did not register within 10 s' });
    assert.ok(root.textContent?.includes('The background worker did not register within 10 s'));
  });

  it('not shown with nothing queued, in window mode, or in restricted mode', async () => {
    const { root, send } = await mountApp(snapshot());
    await send({ type: 'workers', background: true, live: 0, queued: 0 });
    assert.ok(!root.textContent?.includes(BANNER), 'nothing waits');
    await send({ type: 'workers', background: false, live: 0, queued: 3 });
    assert.ok(!root.textContent?.includes(BANNER), 'window mode runs the queue itself');
    await send({ type: 'workers', background: true, live: 0, queued: 3 });
    assert.ok(root.textContent?.includes(BANNER));
    await send({ type: 'snapshot', snapshot: snapshot({ trusted: false }) });
    assert.ok(!root.textContent?.includes(BANNER), 'restricted mode: agents do not run, the trust banner says why');
  });
});
