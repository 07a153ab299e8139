// Background mode with runs waiting and no worker alive: the controller tells the view (the
// "No worker is running" banner's inputs) and its startWorker request starts one. In window mode
// it posts nothing of the kind (the window runs the queue itself).
import { strict as assert } from 'node:assert';
import type { FolderRuntime } from '../../../src/app/folderRuntime';
import { openController, waitFor, type ControllerHarness } from './controllerHarness';

describe('session controller: no worker', function () {
  this.timeout(30_000);
  let c: ControllerHarness | undefined;
  afterEach(async () => {
    await c?.close();
    c = undefined;
  });

  it('background mode: posts live 0 with the waiting runs; startWorker starts one for the folder', async () => {
    const started: string[] = [];
    c = await openController({ workers: { background: () => true, start: async (r: FolderRuntime) => void started.push(r.root) } });
    const taskId = await c.h.runtime.board.createTask({ title: 'Two runs', columnId: 'todo' });
    // The second run of the same task waits behind the first: one queued.
    await c.send({ type: 'startRun', requestId: 'r1', taskId, executorId: 'scripted', permissionMode: 'auto-edit' });
    await c.send({ type: 'sendMessage', requestId: 'r2', taskId, text: 'and then this' });
    await waitFor(async () => c!.ofType('workers').some((m) => m.live === 0 && m.queued === 1), 'the view to hear that a run waits with no worker');
    assert.deepEqual(c.ofType('workers').at(-1), { type: 'workers', background: true, live: 0, queued: 1 });

    await c.send({ type: 'startWorker', requestId: 'w1' });
    assert.equal(c.reply('w1').ok, true, c.reply('w1').error);
    assert.deepEqual(started, [c.h.runtime.root]);
    (await c.executor.started(1)).finish({ text: 'Done.' });
    (await c.executor.started(2)).finish({ text: 'And that.' });
    await waitFor(async () => c!.h.runtime.requireQueue().snapshot().counts.running === 0 && c!.h.runtime.requireQueue().snapshot().counts.queued === 0, 'both to end');
    await c.h.runtime.requireQueue().settled();
  });

  it('a start that fails is answered with its reason; window mode posts nothing about workers', async () => {
    c = await openController({ workers: { background: () => false, start: async () => { throw new Error('The background worker did not register within 10 s'); } } });
    await c.send({ type: 'ready' });
    await c.send({ type: 'startWorker', requestId: 'w1' });
    assert.equal(c.reply('w1').ok, false);
    assert.match(c.reply('w1').error ?? '', /did not register within 10 s/);
    assert.deepEqual(c.ofType('workers'), []);
  });
});
