// A window opened while a background worker's agent waits: the controller hears the worker's card
// status at once (before its view exists) and must tell the view again when it (re)loads, or the
// card keeps board.json's "Starting…" while the detail says "Waiting for you" (seen in the e2e).
import { strict as assert } from 'node:assert';
import { hostname } from 'node:os';
import { writeWorkerRecord, WORKER_SCHEMA_VERSION } from '../../../src/store/workers/workerRecord';
import { openController, waitFor, type ControllerHarness } from './controllerHarness';

describe('session controller: background workers’ card status on a (re)loaded view', function () {
  this.timeout(30_000);
  let c: ControllerHarness | undefined;
  afterEach(async () => {
    await c?.close();
    c = undefined;
  });

  it('re-posts what a running worker’s agent is doing when the view says ready; an ended run is not re-posted', async () => {
    c = await openController({ workers: { background: () => true, start: async () => undefined } });
    const waiting = await c.h.runtime.board.createTask({ title: 'Waits for approval', columnId: 'todo' });
    const finished = await c.h.runtime.board.createTask({ title: 'Finished in the worker', columnId: 'todo' });
    const now = new Date().toISOString();
    await writeWorkerRecord(c.h.runtime.root, {
      schemaVersion: WORKER_SCHEMA_VERSION,
      id: 'w-test',
      host: hostname(),
      pid: process.pid, // alive, on this host
      started: now,
      lastHeartbeat: now,
      heartbeatMs: 15_000,
      staleMs: 60_000,
      state: 'running',
      concurrency: 2,
      running: [{ jobId: 'j1', taskId: waiting, executorId: 'scripted' }],
      counts: { done: 1, failed: 0, lost: 0 },
      cards: [
        { taskId: waiting, agentStatus: 'waiting_for_user', agentStatusMessage: 'allow Write?', at: now },
        { taskId: finished, agentStatus: 'done', agentStatusMessage: 'Scripted finished', at: now },
      ],
    });
    const statusOf = (taskId: string) => c!.ofType('cardStatus').filter((m) => m.taskId === taskId);
    await waitFor(async () => statusOf(waiting).length > 0, 'the worker’s card status, heard as it is written');

    // The view reloads: everything posted before is gone; it says ready.
    c.posted.length = 0;
    await c.send({ type: 'ready' });
    await waitFor(async () => statusOf(waiting).length > 0, 'the status posted again for the reloaded view');
    assert.deepEqual(statusOf(waiting).at(-1), { type: 'cardStatus', taskId: waiting, agentStatus: 'waiting_for_user', agentStatusMessage: 'allow Write?' });
    assert.deepEqual(statusOf(finished), [], 'an ended run’s last word is board.json’s, not re-posted');
  });
});
