// A cross-process lock built from a file that only one creator can make: the owner is written to
// a temp file first and hard-linked into place (link(2) fails with EEXIST if the lock exists), so
// the lock never exists without its owner. Separate processes (two VS Code windows, the `viban`
// command) share nothing else, so this is what keeps read-modify-write cycles from losing each
// other's updates. (proper-lockfile was considered: its mkdir lock is judged only by an mtime
// heartbeat, not by the holder's pid, so a killed `viban` would block writers for its whole stale
// time, and a directory lock would not exclude an older Viban that still takes board.lock as a file.)
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { TEMP_SUFFIX, tempPathFor } from './atomicWrite';
import { errorCode as errCode } from './fsErrors';
import { isAlive } from '../process/liveness';

export const DEFAULT_LOCK_TIMEOUT_MS = 5_000;
/** Holders keep the lock for milliseconds; one this old belongs to a hung or vanished process. */
export const DEFAULT_STALE_LOCK_MS = 30_000;
/**
 * A lock that names no owner (empty or unreadable) this old is stale. Locks are created with their
 * owner in one step, so only a process that died creating one (an older Viban wrote the owner in a
 * second step; a full disk) leaves it; the grace covers that second step of a live older Viban.
 * Shorter than DEFAULT_LOCK_TIMEOUT_MS, so a waiter breaks such a lock instead of giving up.
 */
export const EMPTY_LOCK_GRACE_MS = 2_000;

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

/**
 * The store's one locked-update primitive: runs `fn` holding `lockFile` (its folder created first,
 * so a fresh store needs no set-up). Every read-modify-write of a shared `.viban/` file goes
 * through this: the board, the queue, a conversation, the sessions.
 */
export async function withStoreLock<T>(lockFile: string, fn: () => Promise<T>, opts: LockOptions = {}): Promise<T> {
  await fs.mkdir(path.dirname(lockFile), { recursive: true });
  return withFileLock(lockFile, fn, opts);
}

export async function acquireFileLock(lockFile: string, opts: LockOptions = {}): Promise<ReleaseLock> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS;
  const staleMs = opts.staleMs ?? DEFAULT_STALE_LOCK_MS;
  const started = Date.now();
  let delay = 5;
  let lastSeen: LockHolder | undefined;

  const create = await lockCreator(lockFile);
  try {
    for (;;) {
      const content = await create.attempt();
      if (content !== undefined) return releaser(lockFile, content);
      const current = await readLock(lockFile);
      if (!current) continue; // released between our attempt and the read: try again at once
      lastSeen = current.holder;
      if (isStale(current, staleMs)) {
        if (await breakLock(lockFile, current)) continue;
        await sleep(2 + Math.random() * 3); // another waiter is breaking it
        continue;
      }
      const waited = Date.now() - started;
      // Giving up on a lock that is about to be judged stale would report a holder that is not there.
      if (waited >= timeoutMs && !becomesStaleSoon(current)) throw new StoreLockTimeoutError(lockFile, waited, lastSeen);
      // Jitter so that several waiters released at once do not retry in lockstep.
      await sleep(Math.max(1, Math.min(delay, timeoutMs - waited)) + Math.random() * delay);
      delay = Math.min(delay * 1.5, 100);
    }
  } finally {
    await create.dispose();
  }
}

interface LockCreator {
  /** The lock's content when it is now ours; undefined when it exists. */
  attempt(): Promise<string | undefined>;
  dispose(): Promise<void>;
}

/** Link errors of filesystems without hard links (FAT, some network shares). */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV', 'EMLINK', 'EINVAL']);
/** A linked lock carries its temp file's time, by which it is judged: refresh one older than this. */
const OWNER_REFRESH_MS = 1_000;

function ownerRecord(): string {
  const mine: LockHolder = {
    pid: process.pid,
    hostname: os.hostname(),
    createdAt: new Date().toISOString(),
    token: randomBytes(8).toString('hex'),
  };
  return JSON.stringify(mine) + '\n';
}

/**
 * The owner goes to a temp file (a failure there, e.g. a full disk, leaves no lock at all), and
 * each attempt links it to the lock's name. Where hard links are not supported, the lock is
 * created and then written, as before; the empty-lock grace covers a death between the two steps.
 */
async function lockCreator(lockFile: string): Promise<LockCreator> {
  const temp = tempPathFor(lockFile);
  let content = '';
  let writtenAt = 0;
  const writeOwner = async (flag: 'wx' | 'w') => {
    content = ownerRecord();
    writtenAt = Date.now();
    await fs.writeFile(temp, content, { flag });
  };
  try {
    await writeOwner('wx');
  } catch (err) {
    await fs.unlink(temp).catch(() => undefined);
    throw err;
  }
  let linkable = true;
  return {
    async attempt() {
      if (linkable) {
        // A waiter's lock must be as young as the moment it is taken, not the moment waiting began.
        if (Date.now() - writtenAt > OWNER_REFRESH_MS) await writeOwner('w');
        try {
          await fs.link(temp, lockFile);
          return content;
        } catch (err) {
          const code = errCode(err);
          if (code === 'EEXIST') return undefined;
          // Swept as a stray by a holder that could not tell our pid is alive (another host).
          if (code === 'ENOENT') {
            await writeOwner('wx');
            return undefined; // the caller looks at the lock and tries again
          }
          if (!code || !NO_HARD_LINKS.has(code)) throw err;
          linkable = false;
        }
      }
      const direct = ownerRecord();
      try {
        await fs.writeFile(lockFile, direct, { flag: 'wx' });
        return direct;
      } catch (err) {
        if (errCode(err) === 'EEXIST') return undefined;
        throw err;
      }
    },
    dispose: () => fs.unlink(temp).catch(() => undefined),
  };
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
  // Empty or unreadable: its creator died before writing it (see EMPTY_LOCK_GRACE_MS).
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
  const age = Date.now() - lock.mtimeMs;
  if (age > staleMs) return true;
  const h = lock.holder;
  if (!h) return age > EMPTY_LOCK_GRACE_MS;
  // A pid only means something on the host that wrote it (the store may sit on a shared drive).
  return !!h && h.hostname === os.hostname() && !isAlive(h.pid);
}

/**
 * An ownerless lock is stale within the grace of its modification time (bounded, in case a shared
 * drive's clock runs ahead of ours and dates it in the future).
 */
function becomesStaleSoon(lock: LockSnapshot): boolean {
  return !lock.holder && lock.mtimeMs - Date.now() <= EMPTY_LOCK_GRACE_MS;
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
