// A cross-process lock built from a file created with O_EXCL ('wx'): the filesystem guarantees
// only one creator wins. Separate processes (two VS Code windows, the `viban` command) share
// nothing else, so this is what keeps read-modify-write cycles from losing each other's updates.
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { TEMP_SUFFIX } from './atomicWrite';
import { errorCode as errCode } from './fsErrors';
import { isAlive } from '../process/liveness';

export const DEFAULT_LOCK_TIMEOUT_MS = 5_000;
/** Holders keep the lock for milliseconds; one this old belongs to a hung or vanished process. */
export const DEFAULT_STALE_LOCK_MS = 30_000;

export interface LockOptions {
  timeoutMs?: number;
  staleMs?: number;
}

/** What a lock file says about its holder, so a waiter can name it and judge staleness. */
export interface LockHolder {
  pid: number;
  hostname: string;
  createdAt: string;
  token: string;
}

export class StoreLockTimeoutError extends Error {
  override readonly name = 'StoreLockTimeoutError';
  constructor(
    readonly lockFile: string,
    readonly waitedMs: number,
    readonly holder: LockHolder | undefined,
  ) {
    const who = holder
      ? `process ${holder.pid} on ${holder.hostname} (since ${holder.createdAt})`
      : 'another process';
    super(
      `Timed out after ${waitedMs} ms waiting for the lock file ${lockFile}, held by ${who}. ` +
        `If that process is no longer running, delete the lock file and try again.`,
    );
  }
}

export type ReleaseLock = () => Promise<void>;

export async function withFileLock<T>(lockFile: string, fn: () => Promise<T>, opts: LockOptions = {}): Promise<T> {
  const release = await acquireFileLock(lockFile, opts);
  try {
    return await fn();
  } finally {
    await release();
  }
}

export async function acquireFileLock(lockFile: string, opts: LockOptions = {}): Promise<ReleaseLock> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS;
  const staleMs = opts.staleMs ?? DEFAULT_STALE_LOCK_MS;
  const mine: LockHolder = {
    pid: process.pid,
    hostname: os.hostname(),
    createdAt: new Date().toISOString(),
    token: randomBytes(8).toString('hex'),
  };
  const content = JSON.stringify(mine) + '\n';
  const started = Date.now();
  let delay = 5;
  let lastSeen: LockHolder | undefined;

  for (;;) {
    try {
      await fs.writeFile(lockFile, content, { flag: 'wx' });
      return releaser(lockFile, content);
    } catch (err) {
      if (errCode(err) !== 'EEXIST') throw err;
    }
    const current = await readLock(lockFile);
    if (!current) continue; // released between our attempt and the read: try again at once
    lastSeen = current.holder;
    if (isStale(current, staleMs)) {
      if (await breakLock(lockFile, current)) continue;
      await sleep(2 + Math.random() * 3); // another waiter is breaking it
      continue;
    }
    const waited = Date.now() - started;
    if (waited >= timeoutMs) throw new StoreLockTimeoutError(lockFile, waited, lastSeen);
    // Jitter so that several waiters released at once do not retry in lockstep.
    await sleep(Math.min(delay, timeoutMs - waited) + Math.random() * delay);
    delay = Math.min(delay * 1.5, 100);
  }
}

function releaser(lockFile: string, content: string): ReleaseLock {
  let released = false;
  return async () => {
    if (released) return;
    released = true;
    try {
      // If we held it so long that someone broke it as stale, the file is now theirs: leave it.
      if ((await fs.readFile(lockFile, 'utf8')) === content) await fs.unlink(lockFile);
    } catch (err) {
      if (errCode(err) !== 'ENOENT') throw err;
    }
  };
}

interface LockSnapshot {
  raw: string;
  holder: LockHolder | undefined;
  mtimeMs: number;
}

async function readLock(lockFile: string): Promise<LockSnapshot | undefined> {
  try {
    const [raw, stat] = await Promise.all([fs.readFile(lockFile, 'utf8'), fs.stat(lockFile)]);
    return { raw, holder: parseHolder(raw), mtimeMs: stat.mtimeMs };
  } catch (err) {
    if (errCode(err) === 'ENOENT') return undefined;
    throw err;
  }
}

function parseHolder(raw: string): LockHolder | undefined {
  // A lock can be momentarily empty (created, not yet written): then only its age can judge it.
  try {
    const v = JSON.parse(raw) as Partial<LockHolder>;
    if (typeof v.pid === 'number' && typeof v.hostname === 'string') {
      return { pid: v.pid, hostname: v.hostname, createdAt: String(v.createdAt ?? ''), token: String(v.token ?? '') };
    }
  } catch {
    // fall through
  }
  return undefined;
}

function isStale(lock: LockSnapshot, staleMs: number): boolean {
  if (Date.now() - lock.mtimeMs > staleMs) return true;
  const h = lock.holder;
  // A pid only means something on the host that wrote it (the store may sit on a shared drive).
  return !!h && h.hostname === os.hostname() && !isAlive(h.pid);
}

/** A break lock left behind by a waiter that died mid-break is cleared after this long. */
const BREAK_LOCK_STALE_MS = 5_000;

/**
 * Removes a lock judged stale. Several waiters may judge the same lock stale at once, and a fresh
 * lock may replace it at any moment, so breaking is serialised by a second, short-lived lock file:
 * only its holder may delete, and only if the lock still has exactly the bytes and modification
 * time it judged. (Moving the lock aside and putting it back, as an earlier version did, left a
 * moment with no lock file in which a third waiter could take the lock beside its holder.)
 * Returns false when another waiter is breaking it.
 */
async function breakLock(lockFile: string, judged: LockSnapshot): Promise<boolean> {
  const breaker = path.join(path.dirname(lockFile), `.${path.basename(lockFile)}.break${TEMP_SUFFIX}`);
  try {
    await fs.writeFile(breaker, String(process.pid), { flag: 'wx' });
  } catch (err) {
    if (errCode(err) !== 'EEXIST') throw err;
    const stat = await fs.stat(breaker).catch(() => undefined);
    if (stat && Date.now() - stat.mtimeMs > BREAK_LOCK_STALE_MS) await fs.unlink(breaker).catch(() => undefined);
    return false;
  }
  try {
    const now = await readLock(lockFile);
    if (now && now.raw === judged.raw && now.mtimeMs === judged.mtimeMs) await fs.unlink(lockFile).catch(() => undefined);
    return true;
  } finally {
    await fs.unlink(breaker).catch(() => undefined);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
