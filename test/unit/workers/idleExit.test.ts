// --idle-exit-ms (the extension's viban.worker.idleExitMinutes): a worker with nothing queued and
// nothing running exits by itself, deregistered, exit 0 — after its runs end, and after a run it
// lost to a rescue (that ending changes nothing in the queue file, so no queue change tells it).
import { strict as assert } from 'node:assert';
import { isAlive } from '../../../src/process/liveness';
import { eventually, type RunningCli } from '../cli/cliHarness';
import { workerWorld } from './workerWorld';

describe('workers: idle exit', function () {
  this.timeout(180_000);
  const running: RunningCli[] = [];

  afterEach(() => {
    for (const w of running.splice(0)) {
      if (w.child.exitCode !== null || w.child.signalCode !== null) continue;
      w.child.kill('SIGCONT');
      w.child.kill('SIGKILL');
    }
  });

  it('exits after its last run ends and the queue stays empty', async () => {
    const world = workerWorld();
    const [job] = await world.queueRuns(['one run'], 'append');
    const w = world.startWorker(['--id', 'idler', '--idle-exit-ms', '4000', '--heartbeat-ms', '300', '--stale-ms', '3000']);
    running.push(w);
    const exit = await w.done;
    assert.equal(exit.code, 0, exit.stderr);
    assert.deepEqual(world.lines('ran.txt').length, 1, 'the run ran before the worker left');
    assert.equal(world.jobs().find((j) => j.id === job.id)?.status, 'succeeded');
    assert.match(exit.stderr, /Worker idler stopping: idle for 4 s with nothing queued or running\./);
    assert.match(exit.stderr, /Worker idler stopped: 1 done, 0 failed\./);
    assert.equal(world.workerRecord('idler'), undefined, 'deregistered');
  });

  it('exits after a frozen run was rescued from under it (SIGSTOP past the stale limit, SIGCONT)', async () => {
    const world = workerWorld();
    const [job] = await world.queueRuns(['sleep 20000'], 'sleeper');
    const a = world.startWorker(['--id', 'a', '--heartbeat-ms', '200', '--stale-ms', '1500', '--idle-exit-ms', '2000']);
    running.push(a);
    const agent = JSON.parse(await eventually(() => world.lines('started.txt')[0], 'the agent to start', 60_000)) as { pid: number };
    // The rescuer (no idle exit of its own: it must be there when a's lease runs out).
    const b = world.startWorker(['--id', 'b', '--heartbeat-ms', '200', '--stale-ms', '1500']);
    running.push(b);
    await eventually(() => world.workerRecord('b'), 'b to register', 30_000);
    a.child.kill('SIGSTOP');
    await eventually(() => world.jobs().find((j) => j.id === job.id && j.status === 'interrupted'), 'the job to be rescued', 30_000);
    a.child.kill('SIGCONT');
    const exit = await a.done;
    assert.equal(exit.code, 0, exit.stderr);
    assert.match(exit.stderr, /Lost the lease of/);
    assert.match(exit.stderr, /Worker a stopping: idle for 2 s/);
    assert.match(exit.stderr, /Worker a stopped: 0 done, 0 failed, 1 lost to a rescue\./);
    assert.equal(world.workerRecord('a'), undefined, 'a deregistered');
    assert.ok(!isAlive(agent.pid), 'the agent is gone');
    b.child.kill('SIGTERM');
    assert.equal((await b.done).code, 0);
  });
});
