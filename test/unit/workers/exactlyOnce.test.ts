// Any number of workers on one store never start the same run twice: 4 real `viban worker`
// processes drain 200 queued runs of a custom executor that appends its session id to a file.
import { strict as assert } from 'node:assert';
import { listSessions } from '../cli/cliHarness';
import { workerWorld } from './workerWorld';

describe('workers: exactly once', function () {
  this.timeout(600_000);

  it('4 workers × 200 queued runs: every run executed once, every session succeeded, every worker deregistered', async () => {
    const world = workerWorld();
    const titles = Array.from({ length: 200 }, (_, i) => `Run ${i + 1}`);
    const queued = await world.queueRuns(titles, 'append');
    const reserved = new Set(queued.map((j) => String(j.payload.sessionId)));
    assert.equal(reserved.size, 200, 'each queued run reserved its own session id');

    const workers = [1, 2, 3, 4].map((n) => world.startWorker(['--id', `w${n}`, '--concurrency', '2', '--once', '--heartbeat-ms', '1000', '--stale-ms', '10000']));
    const exits = await Promise.all(workers.map((w) => w.done));
    exits.forEach((e, i) => assert.equal(e.code, 0, `worker w${i + 1} exited 0:\n${e.stderr}`));

    const lines = world.lines('ran.txt');
    assert.equal(lines.length, 200, 'one line per run');
    assert.equal(new Set(lines).size, 200, 'no session id twice');
    assert.deepEqual([...lines].sort(), [...reserved].sort(), 'each run ran as the session reserved when it was queued');

    const sessions = listSessions(world.ws);
    assert.equal(sessions.length, 200);
    assert.deepEqual([...new Set(sessions.map((s) => s.status))], ['succeeded']);
    const jobs = world.jobs();
    assert.equal(jobs.length, 200);
    assert.ok(jobs.every((j) => j.status === 'succeeded' && j.attempts === 1), 'every job succeeded at its first attempt');

    // The work was shared: the exit lines say how much each worker did, and they add up.
    const done = exits.map((e) => Number(/stopped: (\d+) done/.exec(e.stderr)?.[1]));
    assert.equal(done.reduce((a, b) => a + b, 0), 200, `done counts ${done.join(', ')}`);
    for (const n of [1, 2, 3, 4]) assert.equal(world.workerRecord(`w${n}`), undefined, `w${n} deregistered`);
  });
});
