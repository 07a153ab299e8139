// A worker that dies (kill -9) or freezes (SIGSTOP past its stale limit) mid-run: another worker
// rescues the run — the session interrupted with a plain reason, the agent and its child ended,
// the card free again — and a frozen worker that wakes up writes nothing over the rescue.
import { strict as assert } from 'node:assert';
import * as os from 'node:os';
import { isAlive } from '../../../src/process/liveness';
import { sessionProcesses } from '../../../src/process/reapSession';
import { assertNotRunningElsewhere } from '../../../src/sessions/crossProcess/liveElsewhere';
import { eventually, readBoard, readSession, runCli, type RunningCli } from '../cli/cliHarness';
import { workerWorld, type WorkerWorld } from './workerWorld';

// Test-sized intervals: a heartbeat every 200 ms, rescued after 1.5 s of silence.
const FAST = ['--heartbeat-ms', '200', '--stale-ms', '1500'];

interface Started {
  session: string;
  pid: number;
  child: number;
}

async function agentStarted(world: WorkerWorld, count = 1): Promise<Started> {
  const line = await eventually(() => world.lines('started.txt')[count - 1], 'the agent to start', 60_000);
  return JSON.parse(line) as Started;
}

async function registered(world: WorkerWorld, id: string): Promise<void> {
  await eventually(() => (world.workerRecord(id)?.state === 'idle' || world.workerRecord(id)?.state === 'running' ? true : undefined), `worker ${id} to register`, 30_000);
}

describe('workers: rescue', function () {
  this.timeout(180_000);
  const running: RunningCli[] = [];

  afterEach(async () => {
    for (const w of running.splice(0)) {
      if (w.child.exitCode !== null || w.child.signalCode !== null) continue;
      w.child.kill('SIGCONT');
      w.child.kill('SIGKILL');
    }
  });

  it('kill -9 of a worker mid-run: another worker rescues it, ends the agent and its child, frees the card, and runs the retry', async () => {
    const world = workerWorld();
    const [job] = await world.queueRuns(['sleep 60000'], 'sleeper');
    const a = world.startWorker(['--id', 'a', ...FAST]);
    running.push(a);
    const agent = await agentStarted(world);
    assert.equal(agent.session, job.payload.sessionId, 'the agent runs as the session reserved at enqueue');
    const b = world.startWorker(['--id', 'b', ...FAST]);
    running.push(b);
    await registered(world, 'b');

    const killedAt = Date.now();
    a.child.kill('SIGKILL');
    const rescued = await eventually(() => world.jobs().find((j) => j.id === job.id && j.status === 'interrupted'), 'the job to be rescued', 30_000);
    const tookMs = Date.now() - killedAt;
    // The bound: within the stale limit plus one heartbeat (a dead pid on this host is seen at once).
    assert.ok(tookMs < 1500 + 200 + 1000, `rescued after ${tookMs} ms`);
    assert.match(rescued.lastError ?? '', new RegExp(`the worker a on host ${os.hostname()} exited at \\d\\d:\\d\\d\\. It was not restarted`));
    assert.equal(rescued.attempts, 1);

    // No orphan: the agent, its own child, and anything tagged with the session are gone.
    await eventually(() => (!isAlive(agent.pid) && !isAlive(agent.child) ? true : undefined), 'the agent and its child to end', 10_000);
    assert.deepEqual(sessionProcesses(agent.session), []);

    const session = readSession(world.ws, agent.session);
    assert.equal(session.status, 'interrupted');
    assert.equal(session.error, rescued.lastError);
    const card = await eventually(() => readBoard(world.ws).tasks.find((t) => t.id === job.taskId && t.agentStatus === 'error'), 'the card to say what happened');
    assert.equal(card.agentStatusMessage, rescued.lastError);

    // The card is not locked by the dead run: a retry runs, on the live worker.
    const viewer = await world.openViewer();
    try {
      await assertNotRunningElsewhere(viewer.store, job.taskId);
      await viewer.requireQueue().retry(job.id);
    } finally {
      await viewer.dispose();
    }
    const second = await agentStarted(world, 2);
    assert.notEqual(second.session, agent.session, 'the retry is a new session');
    await eventually(() => (world.workerRecord('b')?.running.length === 1 ? true : undefined), 'b to report the run');

    const stop = await runCli(['stop', second.session, '-w', world.ws], { cwd: world.ws });
    assert.equal(stop.code, 0, stop.stderr);
    b.child.kill('SIGTERM');
    const exit = await b.done;
    assert.equal(exit.code, 0, exit.stderr);
    assert.equal(world.workerRecord('b'), undefined, 'b deregistered');
    assert.ok(!isAlive(second.pid) && !isAlive(second.child), 'the stopped run left nothing behind');
  });

  it('SIGSTOP past the stale limit, then SIGCONT: the frozen worker neither finishes nor records the rescued run', async () => {
    const world = workerWorld();
    const [job] = await world.queueRuns(['sleep 5000'], 'sleeper');
    const a = world.startWorker(['--id', 'a', ...FAST]);
    running.push(a);
    const agent = await agentStarted(world);
    const b = world.startWorker(['--id', 'b', ...FAST]);
    running.push(b);
    await registered(world, 'b');

    a.child.kill('SIGSTOP');
    const rescued = await eventually(() => world.jobs().find((j) => j.id === job.id && j.status === 'interrupted'), 'the job to be rescued', 30_000);
    assert.match(rescued.lastError ?? '', /the worker a on host .* stopped responding at \d\d:\d\d\. It was not restarted/);
    await eventually(() => (!isAlive(agent.pid) && !isAlive(agent.child) ? true : undefined), 'the rescuer to end the agent', 10_000);

    a.child.kill('SIGCONT');
    await eventually(() => (world.workerRecord('a')?.counts.lost === 1 ? true : undefined), 'a to notice it lost the lease', 30_000);
    await a.waitFor(/Lost the lease of/);

    const after = world.jobs().find((j) => j.id === job.id)!;
    assert.equal(after.status, 'interrupted');
    assert.equal(after.lastError, rescued.lastError, 'the rescue stands');
    assert.equal(after.attempts, 1, 'not run again');
    assert.equal(readSession(world.ws, agent.session).status, 'interrupted', 'a wrote nothing over the session');
    assert.equal(readSession(world.ws, agent.session).error, rescued.lastError);
    assert.deepEqual(world.lines('started.txt').map((l) => JSON.parse(l).session), [agent.session], 'started once');
    assert.deepEqual(world.lines('finished.txt'), [], 'never finished');
    const record = world.workerRecord('a')!;
    assert.deepEqual(record.counts, { done: 0, failed: 0, lost: 1 });

    for (const w of [a, b]) w.child.kill('SIGTERM');
    for (const w of [a, b]) assert.equal((await w.done).code, 0);
  });
});
