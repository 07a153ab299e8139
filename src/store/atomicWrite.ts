// Whole-file replacement that a concurrent reader (another window, `git`, the user's editor) can
// never observe half-written: the bytes go to a temp file beside the target, are flushed to disk,
// and only then renamed over it. rename(2) within one directory is atomic on every local
// filesystem Node supports, which is why the temp file must live in the same folder.
import { closeSync, fsyncSync, mkdirSync, openSync, promises as fs, renameSync, unlinkSync, writeSync } from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { errorCode } from './fsErrors';

/** Temp files end with this, so .gitignore, watchers and readers can recognise strays. */
export const TEMP_SUFFIX = '.tmp';

/** Name for a temp file beside `target`; hidden and unique per process and call. */
export function tempPathFor(target: string): string {
  const dir = path.dirname(target);
  const unique = `${process.pid}-${randomBytes(4).toString('hex')}`;
  return path.join(dir, `.${path.basename(target)}.${unique}${TEMP_SUFFIX}`);
}

/** The on-disk JSON form: 2-space indent and a trailing newline, because users diff and commit it. */
export function formatJson(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}

export async function writeFileAtomic(target: string, data: string | Uint8Array): Promise<void> {
  const temp = tempPathFor(target);
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(temp, 'wx', 0o644);
    await handle.writeFile(data);
    // Without this a power loss after the rename can leave a zero-length file on some filesystems.
    await handle.sync();
    await handle.close();
    handle = undefined;
    await renameWithRetry(temp, target);
  } catch (err) {
    await handle?.close().catch(() => undefined);
    await fs.unlink(temp).catch(() => undefined);
    throw err;
  }
  await fsyncDir(path.dirname(target));
}

/**
 * The same replacement, finished before returning, for the one moment that cannot wait for the
 * event loop (recording an agent's pid as it is spawned). The folder is created if missing.
 */
export function writeFileAtomicSync(target: string, data: string): void {
  mkdirSync(path.dirname(target), { recursive: true });
  const temp = tempPathFor(target);
  const fd = openSync(temp, 'wx', 0o644);
  try {
    writeSync(fd, data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(temp, target);
  } catch (err) {
    unlinkSync(temp);
    throw err;
  }
}

export async function writeJsonAtomic(target: string, value: unknown): Promise<string> {
  const text = formatJson(value);
  await writeFileAtomic(target, text);
  return text;
}

/**
 * On Windows a rename over a file that another process (an editor, an antivirus scanner, a
 * second window reading it) has open fails briefly with EPERM/EACCES/EBUSY; it clears within
 * milliseconds, so retry a little rather than fail the user's update.
 */
async function renameWithRetry(from: string, to: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await fs.rename(from, to);
      return;
    } catch (err) {
      const code = errorCode(err);
      const transient = process.platform === 'win32' && (code === 'EPERM' || code === 'EACCES' || code === 'EBUSY');
      if (!transient || attempt >= 10) throw err;
      await new Promise((resolve) => setTimeout(resolve, 10 * (attempt + 1)));
    }
  }
}

/** Persists the rename itself. Windows cannot open a directory for fsync; there it is a no-op. */
async function fsyncDir(dir: string): Promise<void> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(dir, 'r');
    await handle.sync();
  } catch {
    // Best effort by design: the data is already safely renamed, only its durability is at stake.
  } finally {
    await handle?.close().catch(() => undefined);
  }
}
