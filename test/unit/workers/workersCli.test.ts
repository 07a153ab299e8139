// The command-line contracts: `viban run --detach` (session id on the last line, the no-worker
// warning), `viban workers` / `--json` / `cleanup`, and clear errors for bad worker flags.
import { strict as assert } from 'node:assert';
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import * as os from 'node:os';
import { lastLine, runCli } from '../cli/cliHarness';
import { WORKER_SCHEMA_VERSION } from '../../../src/store/workers/workerRecord';
import { workerWorld } from './workerWorld';

describe('workers: command line', function () {
  this.timeout(120_000);

  it('run --detach queues and prints the reserved session id last; with no worker it says so; a worker then runs exactly that session', async () => {
    const world = workerWorld();
    const add = await runCli(['add', 'Detached run', '-w', world.ws], { cwd: world.ws });
    const taskId = lastLine(add.stdout);
    const run = await runCli(['run', taskId, '--executor', 'append', '--mode', 'full-auto', '--detach', '-w', world.ws], { cwd: world.ws });
    assert.equal(run.code, 0, run.stderr);
    const sessionId = lastLine(run.stdout);
    assert.match(sessionId, /^s_[a-z0-9]+$/);
    assert.match(run.stderr, /No worker is running — Start one: viban worker/);
    assert.equal(world.jobs()[0].payload.sessionId, sessionId);

    const list = await runCli(['workers', '-w', world.ws], { cwd: world.ws });
    assert.match(list.stdout, /Queue: 1 queued, 0 running/);
    assert.match(list.stdout, /No worker is running — Start one: viban worker \(1 run waiting\)/);

    const worker = await runCli(['worker', '--once', '--id', 'solo', '-w', world.ws], { cwd: world.ws });
    assert.equal(worker.code, 0, worker.stderr);
    assert.match(worker.stderr, /Worker solo stopped: 1 done, 0 failed\./);
    assert.deepEqual(world.lines('ran.txt'), [sessionId]);

    const json = JSON.parse((await runCli(['workers', '--json', '-w', world.ws], { cwd: world.ws })).stdout);
    assert.deepEqual(json.workers, []);
    assert.equal(json.queue.queued, 0);
    assert.equal(json.queue.failureRate, 0);
  });

  it('lists a dead registration as gone and cleanup removes it; bad flags are usage errors', async () => {
    const world = workerWorld();
    const dir = join(world.ws, '.viban', 'workers');
    mkdirSync(dir, { recursive: true });
    const now = new Date().toISOString();
    // pid 2^22+1 is above Linux's pid_max default: no such process.
    const record = { schemaVersion: WORKER_SCHEMA_VERSION, id: 'ghost', host: os.hostname(), pid: 4194305, started: now, lastHeartbeat: now, heartbeatMs: 15000, staleMs: 60000, state: 'running', concurrency: 1, running: [], counts: { done: 3, failed: 1, lost: 0 } };
    writeFileSync(join(dir, 'ghost.json'), JSON.stringify(record));
    const json = JSON.parse((await runCli(['workers', '--json', '-w', world.ws], { cwd: world.ws })).stdout);
    assert.equal(json.workers[0].id, 'ghost');
    assert.equal(json.workers[0].state, 'gone');
    assert.equal(json.workers[0].done, 3);
    assert.equal(json.live, 0);
    const cleanup = await runCli(['workers', 'cleanup', '-w', world.ws], { cwd: world.ws });
    assert.match(cleanup.stdout, /Removed 1 stale registration: ghost/);
    assert.equal(existsSync(join(dir, 'ghost.json')), false);

    const badId = await runCli(['worker', '--id', 'no spaces', '-w', world.ws], { cwd: world.ws });
    assert.equal(badId.code, 2);
    assert.match(badId.stderr, /is not a valid worker id/);
    const badStale = await runCli(['worker', '--heartbeat-ms', '1000', '--stale-ms', '500', '-w', world.ws], { cwd: world.ws });
    assert.equal(badStale.code, 2);
    assert.match(badStale.stderr, /stale limit \(500 ms\) must be longer than the heartbeat/);
    const badAction = await runCli(['workers', 'explode', '-w', world.ws], { cwd: world.ws });
    assert.equal(badAction.code, 2);
    assert.match(badAction.stderr, /unknown action "explode"/);
  });
});
