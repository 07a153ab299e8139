import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { JobQueue } from '../../../src/queue';
import type { StoreProblem } from '../../../src/protocol/messages';
import { QueueFileSchema, type QueueJob } from '../../../src/protocol/queue';
import { makeTempRoot, removeTempRoot, sleep, waitFor } from '../store/helpers';
import { deadPid, readQueueJson, setup, statusOf } from './queueHarness';
import { runInLockstep } from './lockstepWorkers';

const WORKER = path.join(__dirname, 'fixtures', 'queueWorker.ts');

function runningJob(over: Partial<QueueJob>): QueueJob {
  return {
    id: 'q_orphan', taskId: 't_a', kind: 'run', executorId: 'claude-code', payload: { prompt: 'Refactor' },
    status: 'running', attempts: 1, maxAttempts: 3, createdAt: '2026-03-01T09:00:00.000Z', startedAt: '2026-03-01T09:00:01.000Z',
    ownerHost: os.hostname(), ownerToken: 'gone', sessionId: 's_old', seq: 0, fairTag: 0, ...over,
  };
}

async function writeQueue(root: string, jobs: QueueJob[]): Promise<void> {
  await fs.mkdir(path.join(root, '.viban'), { recursive: true });
  const file = { schemaVersion: 1, nextSeq: jobs.length, virtualTime: 0, jobs };
  await fs.writeFile(path.join(root, '.viban', 'queue.json'), JSON.stringify(file, null, 2));
}

describe('queue/durability', () => {
  let root: string;
  let queue: JobQueue | undefined;
  beforeEach(async () => (root = await makeTempRoot()));
  afterEach(async () => {
    await queue?.dispose();
    queue = undefined;
    await removeTempRoot(root);
  });

  it('continues queued jobs in a new queue after a restart; the job cut off by the close is interrupted, not re-run', async () => {
    const first = setup(root, { concurrency: 1 });
    queue = await first.open();
    const cut = (await queue.enqueue({ taskId: 't_a', kind: 'run', executorId: 'codex', payload: { prompt: 'one' } })).job;
    const b = (await queue.enqueue({ taskId: 't_b', kind: 'run', executorId: 'codex', payload: { prompt: 'two' } })).job;
    const c = (await queue.enqueue({ taskId: 't_c', kind: 'run', executorId: 'codex', payload: { prompt: 'three' } })).job;
    await first.runner.started(1);
    await queue.dispose(); // the window closes: the running job's signal is aborted
    assert.equal(first.runner.calls[0].signal.aborted, true);
    const onDisk = await readQueueJson(root);
    assert.deepEqual(onDisk.jobs.map((j) => j.status), ['interrupted', 'queued', 'queued']);
    assert.equal(onDisk.jobs[0].ownerPid, undefined);

    const second = setup(root, { concurrency: 1 });
    queue = await second.open();
    await second.runner.started(1);
    assert.equal(second.runner.calls[0].job.id, b.id);
    assert.equal(second.runner.calls[0].job.payload.prompt, 'two');
    second.runner.calls[0].finish({ status: 'succeeded' });
    await second.runner.started(2);
    assert.equal(second.runner.calls[1].job.id, c.id);
    second.runner.calls[1].finish({ status: 'succeeded' });
    await statusOf(queue, c.id, 'succeeded');
    assert.equal(queue.get(cut.id)!.status, 'interrupted');
    assert.equal(second.runner.calls.length, 2, 'the interrupted job was not run again on its own');
  });

  it('marks a job whose owner process died as interrupted, and runs it again only on retry()', async () => {
    const pid = await deadPid();
    await writeQueue(root, [runningJob({ ownerPid: pid })]);
    const { runner, open } = setup(root);
    queue = await open();
    const job = queue.get('q_orphan')!;
    assert.equal(job.status, 'interrupted');
    assert.match(job.lastError!, /not restarted because the agent may already have changed files/);
    assert.equal(job.ownerPid, undefined);
    assert.equal(job.sessionId, 's_old', 'the interrupted session stays linked');
    assert.equal(queue.snapshot().counts.interrupted, 1);
    await sleep(50);
    assert.equal(runner.calls.length, 0);

    const retried = await queue.retry('q_orphan');
    assert.equal(retried.attempts <= 1, true);
    const [call] = await runner.started(1);
    assert.equal(call.job.id, 'q_orphan');
    assert.equal(call.job.attempts, 1, 'a retry starts with fresh attempts');
    assert.equal(call.job.payload.prompt, 'Refactor');
    call.finish({ status: 'succeeded', sessionId: 's_new' });
    const done = await statusOf(queue, 'q_orphan', 'succeeded');
    assert.equal(done.sessionId, 's_new');
  });

  it('leaves a job run by another live process alone, and counts it against the global limit', async () => {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    try {
      await writeQueue(root, [
        runningJob({ ownerPid: child.pid! }),
        { ...runningJob({ id: 'q_next', taskId: 't_b', seq: 1 }), status: 'queued', attempts: 0, startedAt: undefined, ownerHost: undefined, ownerToken: undefined, sessionId: undefined },
      ]);
      const { runner, open } = setup(root, { concurrency: 1 });
      queue = await open();
      await sleep(50);
      const foreign = queue.get('q_orphan')!;
      assert.equal(foreign.status, 'running');
      assert.equal(foreign.ownerPid, child.pid);
      assert.equal(queue.snapshot().jobs[0].ownedHere, false);
      assert.equal(runner.calls.length, 0, 'the only slot is taken by the other process');
      assert.equal(queue.positionOf('q_next'), 1);

      child.kill('SIGKILL');
      await exited;
      await queue.refresh();
      assert.equal(queue.get('q_orphan')!.status, 'interrupted');
      const [call] = await runner.started(1);
      assert.equal(call.job.id, 'q_next');
      call.finish({ status: 'succeeded' });
      await statusOf(queue, 'q_next', 'succeeded');
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('moves a corrupt queue.json aside, says where, and starts an empty queue', async () => {
    await fs.mkdir(path.join(root, '.viban'), { recursive: true });
    const bad = '{ "schemaVersion": 1, "jobs": [ {"id": ';
    await fs.writeFile(path.join(root, '.viban', 'queue.json'), bad);
    const problems: StoreProblem[] = [];
    const { runner, open } = setup(root);
    queue = await open({ onProblem: (p) => problems.push(p) });
    assert.equal(problems.length, 1);
    assert.equal(problems[0].kind, 'corrupt');
    assert.ok(problems[0].movedTo && path.basename(problems[0].movedTo).startsWith('queue.json.corrupt-'), problems[0].movedTo);
    assert.equal(await fs.readFile(problems[0].movedTo!, 'utf8'), bad, 'the bytes are kept as they were');
    assert.match(problems[0].message, /moved to/);

    const { job } = await queue.enqueue({ taskId: 't_a', kind: 'run', executorId: 'codex' });
    (await runner.started(1))[0].finish({ status: 'succeeded' });
    await statusOf(queue, job.id, 'succeeded');
    QueueFileSchema.parse(await readQueueJson(root));
  });

  it('loses nothing when two real processes enqueue at the same time', async () => {
    const perWorker = 25;
    const runs = await runInLockstep(WORKER, ['x', 'y'].map((prefix) => ['enqueue', root, String(perWorker), prefix]));
    runs.forEach((r) => assert.equal(r.code, 0, r.stderr));
    const file = QueueFileSchema.parse(await readQueueJson(root));
    assert.equal(file.jobs.length, 2 * perWorker);
    const texts = new Set(file.jobs.map((j) => j.payload.text));
    for (const prefix of ['x', 'y']) for (let i = 0; i < perWorker; i++) assert.ok(texts.has(`${prefix}-${i}`), `${prefix}-${i} is queued`);
    assert.deepEqual(file.jobs.map((j) => j.seq).sort((a, b) => a - b), Array.from({ length: 2 * perWorker }, (_, i) => i));
    assert.equal(new Set(file.jobs.map((j) => j.id)).size, 2 * perWorker);
    const leftovers = (await fs.readdir(path.join(root, '.viban'))).filter((f) => f !== 'queue.json' && f !== '.gitignore');
    assert.deepEqual(leftovers, [], 'no lock or temp file is left');

    // And a queue in this process runs every one of them, each task's jobs in the order sent.
    const { runner, open } = setup(root, { concurrency: 4 });
    queue = await open();
    for (let n = 1; n <= 2 * perWorker; n++) {
      await runner.started(n);
      runner.calls[n - 1].finish({ status: 'succeeded' });
    }
    await waitFor(() => (queue!.snapshot().counts.running === 0 && queue!.snapshot().counts.queued === 0 ? true : undefined), 10_000, 'all done');
    for (const prefix of ['x', 'y']) {
      for (let t = 0; t < 3; t++) {
        const order = runner.calls.filter((c) => c.job.taskId === `t_${prefix}${t}`).map((c) => Number(String(c.job.payload.text).split('-')[1]));
        assert.deepEqual(order, [...order].sort((a, b) => a - b), `task t_${prefix}${t} ran in order`);
      }
    }
  });

  it('notices jobs another process enqueues while it is open', async () => {
    const { runner, open } = setup(root);
    queue = await open({ watch: { pollMs: 50 } });
    const [worker] = await runInLockstep(WORKER, [['enqueue', root, '1', 'w']]);
    assert.equal(worker.code, 0, worker.stderr);
    const [call] = await runner.started(1);
    assert.equal(call.job.payload.text, 'w-0');
    call.finish({ status: 'succeeded' });
    await statusOf(queue, call.job.id, 'succeeded');
  });
});
