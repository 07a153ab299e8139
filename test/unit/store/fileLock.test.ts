import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { acquireFileLock, EMPTY_LOCK_GRACE_MS, StoreLockTimeoutError, withFileLock } from '../../../src/store/fileLock';
import { isAlive } from '../../../src/process/liveness';
import { makeTempRoot, removeTempRoot, runWorker, sleep } from './helpers';

/** The pid of a process that has certainly exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
  const pid = child.pid!;
  await new Promise((resolve) => child.on('close', resolve));
  return pid;
}

describe('store/fileLock', () => {
  let root: string;
  let lockFile: string;
  beforeEach(async () => {
    root = await makeTempRoot();
    lockFile = path.join(root, 'board.lock');
  });
  afterEach(async () => removeTempRoot(root));

  it('records pid, host and time in the lock file and removes it on release', async () => {
    const release = await acquireFileLock(lockFile);
    const holder = JSON.parse(await fs.readFile(lockFile, 'utf8'));
    assert.equal(holder.pid, process.pid);
    assert.equal(holder.hostname, os.hostname());
    assert.ok(!Number.isNaN(Date.parse(holder.createdAt)));
    await release();
    await assert.rejects(fs.stat(lockFile), { code: 'ENOENT' });
  });

  it('releases the lock when the guarded work throws', async () => {
    const boom = new Error('boom');
    await assert.rejects(withFileLock(lockFile, async () => { throw boom; }), (e) => e === boom);
    await assert.rejects(fs.stat(lockFile), { code: 'ENOENT' });
  });

  it('lets only one holder in at a time', async () => {
    let active = 0;
    let maxActive = 0;
    let done = 0;
    await Promise.all(
      Array.from({ length: 8 }, () =>
        withFileLock(lockFile, async () => {
          active++;
          maxActive = Math.max(maxActive, active);
          await sleep(5);
          active--;
          done++;
        }),
      ),
    );
    assert.equal(done, 8);
    assert.equal(maxActive, 1);
  });

  it('times out with an error that names the lock file and the holder pid', async () => {
    // Our own pid: alive on this host and the lock is fresh, so it must not be broken.
    await fs.writeFile(lockFile, JSON.stringify({ pid: process.pid, hostname: os.hostname(), createdAt: 'earlier', token: 't' }));
    const started = Date.now();
    const err = await acquireFileLock(lockFile, { timeoutMs: 300 }).then(
      () => assert.fail('should not acquire'),
      (e: unknown) => e,
    );
    const waited = Date.now() - started;
    assert.ok(err instanceof StoreLockTimeoutError);
    assert.equal(err.lockFile, lockFile);
    assert.equal(err.holder?.pid, process.pid);
    assert.ok(err.message.includes(lockFile), err.message);
    assert.ok(err.message.includes(`process ${process.pid}`), err.message);
    assert.ok(waited >= 280 && waited < 2000, `waited ${waited} ms`);
    assert.ok(await fs.stat(lockFile), 'a live lock is left in place');
  });

  it('breaks a lock whose holder pid is dead on this host', async () => {
    const pid = await deadPid();
    assert.equal(isAlive(pid), false);
    await fs.writeFile(lockFile, JSON.stringify({ pid, hostname: os.hostname(), createdAt: new Date().toISOString(), token: 'x' }));
    const started = Date.now();
    const release = await acquireFileLock(lockFile, { timeoutMs: 2000 });
    assert.ok(Date.now() - started < 500, 'broken at once, not after the timeout');
    assert.equal(JSON.parse(await fs.readFile(lockFile, 'utf8')).pid, process.pid);
    await release();
  });

  it('breaks a lock left behind by a real process that exited without releasing', async () => {
    const run = await runWorker(['hold-lock', root, '0']);
    assert.equal(run.code, 0, run.stderr);
    const lock = path.join(root, '.viban', 'board.lock');
    assert.ok(await fs.stat(lock), 'the worker left its lock');
    await withFileLock(lock, async () => undefined, { timeoutMs: 2000 });
    await assert.rejects(fs.stat(lock), { code: 'ENOENT' });
  });

  it('waits for a live holder in another process, then breaks its lock once it dies', async () => {
    const vibanDir = path.join(root, '.viban');
    await fs.mkdir(vibanDir);
    const lock = path.join(vibanDir, 'board.lock');
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'fixtures', 'storeWorker.ts'), 'hold-lock', root, '60000'], {
      cwd: path.resolve(__dirname, '..', '..', '..'),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout!.on('data', (d: Buffer) => d.toString().includes('locked') && resolve());
        child.on('close', () => reject(new Error('worker exited early')));
      });
      const err = await acquireFileLock(lock, { timeoutMs: 200 }).then(() => undefined, (e: unknown) => e);
      assert.ok(err instanceof StoreLockTimeoutError);
      assert.equal(err.holder?.pid, child.pid);
      assert.match(err.message, new RegExp(`process ${child.pid}\\b`));
    } finally {
      child.kill('SIGKILL');
      await new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(undefined) : child.on('close', resolve)));
    }
    await withFileLock(lock, async () => undefined, { timeoutMs: 2000 });
  });

  it('breaks a lock older than the stale limit even if its pid looks alive', async () => {
    await fs.writeFile(lockFile, JSON.stringify({ pid: process.pid, hostname: os.hostname(), createdAt: 'long ago', token: 'x' }));
    const old = new Date(Date.now() - 60_000);
    await fs.utimes(lockFile, old, old);
    const release = await acquireFileLock(lockFile, { timeoutMs: 1000, staleMs: 30_000 });
    await release();
  });

  it('does not break an empty lock while it is young, and does not give up on it either', async () => {
    // An older Viban creates the lock, then writes its owner: give that second step its grace.
    await fs.writeFile(lockFile, '');
    const createdAt = (await fs.stat(lockFile)).mtimeMs;
    const release = await acquireFileLock(lockFile, { timeoutMs: 100 });
    assert.ok(Date.now() >= createdAt + EMPTY_LOCK_GRACE_MS, 'broken only once past the grace');
    assert.equal(JSON.parse(await fs.readFile(lockFile, 'utf8')).pid, process.pid);
    await release();
  });

  for (const [what, content] of [['empty', ''], ['unreadable', '{"pid": 12']] as const) {
    it(`breaks at once an ${what} lock older than the grace, long before the stale limit`, async () => {
      await fs.writeFile(lockFile, content);
      const old = new Date(Date.now() - EMPTY_LOCK_GRACE_MS - 1000);
      await fs.utimes(lockFile, old, old);
      const release = await acquireFileLock(lockFile, { timeoutMs: 300, staleMs: 30_000 });
      assert.equal(JSON.parse(await fs.readFile(lockFile, 'utf8')).pid, process.pid);
      await release();
    });
  }

  it('a process that fails right after starting to take the lock leaves no lock without an owner', async () => {
    // `ulimit -f 0`: files can be created but not written (EFBIG), the step a kill or a full disk
    // interrupts. The lock must not exist unless its owner is in it.
    const vibanDir = path.join(root, '.viban');
    await fs.mkdir(vibanDir);
    const run = await runWorker(['hold-lock', root, '0'], undefined, 'ulimit -f 0');
    assert.notEqual(run.code, 0, `the worker cannot write, so it must fail: ${run.stdout}`);
    assert.match(run.stderr, /EFBIG/);
    const lock = path.join(vibanDir, 'board.lock');
    const left = await fs.readFile(lock, 'utf8').catch(() => undefined);
    assert.equal(left, undefined, `no lock is left behind, found ${JSON.stringify(left)}`);
  });

  it('a waiter that waited takes a lock dated when it got it, not when it began waiting', async () => {
    await fs.writeFile(lockFile, JSON.stringify({ pid: process.pid, hostname: os.hostname(), createdAt: 'x', token: 'x' }));
    const waiting = acquireFileLock(lockFile, { timeoutMs: 10_000 });
    await sleep(1500);
    const freedAt = Date.now();
    await fs.unlink(lockFile);
    const release = await waiting;
    const taken = await fs.stat(lockFile);
    assert.ok(taken.mtimeMs >= freedAt - 1100, `lock dated ${freedAt - taken.mtimeMs} ms before it was free`);
    assert.ok(Date.parse(JSON.parse(await fs.readFile(lockFile, 'utf8')).createdAt) >= freedAt - 1100);
    await release();
  });

  it('lets exactly one of many racing waiters break a stale lock', async () => {
    const pid = await deadPid();
    await fs.writeFile(lockFile, JSON.stringify({ pid, hostname: os.hostname(), createdAt: 'x', token: 'x' }));
    let active = 0;
    let maxActive = 0;
    let done = 0;
    await Promise.all(
      Array.from({ length: 10 }, () =>
        withFileLock(
          lockFile,
          async () => {
            active++;
            maxActive = Math.max(maxActive, active);
            await sleep(3);
            active--;
            done++;
          },
          { timeoutMs: 5000 },
        ),
      ),
    );
    assert.equal(done, 10);
    assert.equal(maxActive, 1);
    const leftovers = (await fs.readdir(root)).filter((f) => f !== 'board.lock');
    assert.deepEqual(leftovers, [], 'no aside copies are left behind');
  });

  it('release leaves alone a lock that someone else now holds', async () => {
    const release = await acquireFileLock(lockFile);
    // As if our lock had been broken as stale and another process had taken it.
    await fs.writeFile(lockFile, JSON.stringify({ pid: 1, hostname: 'other', createdAt: 'now', token: 'theirs' }));
    await release();
    assert.equal(JSON.parse(await fs.readFile(lockFile, 'utf8')).token, 'theirs');
  });
});
