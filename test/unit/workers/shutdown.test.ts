// How a worker leaves: SIGTERM with workers.onStop = "handBack" stops its run and puts the job
// back in line for another worker (which runs it as a new session); with nothing to do it exits
// on its own after --idle-exit-ms, deregistered.
import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isAlive } from '../../../src/process/liveness';
import { eventually, readSession } from '../cli/cliHarness';
import { workerWorld } from './workerWorld';

describe('workers: shutdown', function () {
  this.timeout(120_000);

  it('SIGTERM with onStop "handBack": the run is stopped and queued again; another worker runs it as a new session', async () => {
    const world = workerWorld();
    const settingsFile = join(world.ws, '.viban', 'settings.json');
    writeFileSync(settingsFile, JSON.stringify({ ...JSON.parse(readFileSync(settingsFile, 'utf8')), workers: { onStop: 'handBack' } }));
    const [job] = await world.queueRuns(['sleep 15000'], 'sleeper');
    const a = world.startWorker(['--id', 'a']);
    const first = JSON.parse(await eventually(() => world.lines('started.txt')[0], 'the first agent to start', 60_000)) as { session: string; pid: number; child: number };
    a.child.kill('SIGTERM');
    const exit = await a.done;
    assert.equal(exit.code, 0, exit.stderr);
    assert.match(exit.stderr, /Worker a stopped: 0 done, 0 failed\./);
    assert.equal(world.workerRecord('a'), undefined, 'deregistered');
    const back = world.jobs().find((j) => j.id === job.id)!;
    assert.equal(back.status, 'queued');
    assert.equal(back.attempts, 0, 'the cut-short attempt does not count');
    assert.match(back.lastError ?? '', /Handed back/);
    await eventually(() => (!isAlive(first.pid) && !isAlive(first.child) ? true : undefined), 'the first agent to end');
    assert.notEqual(readSession(world.ws, first.session).status, 'running');

    const b = world.startWorker(['--id', 'b', '--once']);
    const bExit = await b.done;
    assert.equal(bExit.code, 0, bExit.stderr);
    const ran = world.lines('started.txt').map((l) => JSON.parse(l).session);
    assert.equal(ran.length, 2);
    assert.notEqual(ran[1], first.session, 'a new session, not the first one reused');
    assert.deepEqual(world.lines('finished.txt'), [ran[1]], 'only the second run finished');
    assert.equal(world.jobs().find((j) => j.id === job.id)!.status, 'succeeded');
  });

  it('exits by itself after --idle-exit-ms with nothing queued, deregistered, exit 0', async () => {
    const world = workerWorld();
    const w = world.startWorker(['--id', 'idle', '--idle-exit-ms', '300']);
    const exit = await w.done;
    assert.equal(exit.code, 0, exit.stderr);
    assert.match(exit.stderr, /Worker idle stopping: idle for/);
    assert.equal(world.workerRecord('idle'), undefined);
  });
});
