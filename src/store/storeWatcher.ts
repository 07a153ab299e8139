// Noticing that a file may have changed, quickly and without missing anything. fs.watch is fast
// but can drop events (network drives, editors that replace files, a directory created later),
// so a cheap stat poll backs it up. This only signals "look again": deciding whether the content
// really changed is the caller's job, which is what filters out our own writes and no-op touches.
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface WatchOptions {
  /** Interval of the stat fallback. */
  pollMs?: number;
  /** Quiet time before signalling, so a burst of events (temp file, rename) makes one signal. */
  debounceMs?: number;
  /** Tests turn this off to prove the poll alone is enough. */
  useFsWatch?: boolean;
}

export const DEFAULT_WATCH_POLL_MS = 500;
const DEFAULT_DEBOUNCE_MS = 40;

/** Calls `onSignal` (debounced) when `file` may have changed; returns a disposer. */
export function watchFileSignals(file: string, onSignal: () => void, opts: WatchOptions = {}): () => void {
  const dir = path.dirname(file);
  const name = path.basename(file);
  const pollMs = opts.pollMs ?? DEFAULT_WATCH_POLL_MS;
  const debounceMs = opts.debounceMs ?? DEFAULT_DEBOUNCE_MS;
  const useFsWatch = opts.useFsWatch ?? true;

  let disposed = false;
  let debounce: NodeJS.Timeout | undefined;
  let watcher: fs.FSWatcher | undefined;
  let watchedDirIno: number | undefined;
  let lastSignature = signatureOf(file);

  const signal = () => {
    if (disposed) return;
    if (debounce) clearTimeout(debounce);
    debounce = setTimeout(() => {
      debounce = undefined;
      if (!disposed) onSignal();
    }, debounceMs);
  };

  const closeWatcher = () => {
    watcher?.close();
    watcher = undefined;
    watchedDirIno = undefined;
  };

  // (Re)attach to the directory: it may not exist yet, or may have been deleted and recreated
  // (then the old watcher silently watches a dead inode).
  const ensureWatcher = () => {
    if (!useFsWatch || disposed) return;
    const ino = inodeOf(dir);
    if (ino === watchedDirIno && watcher) return;
    closeWatcher();
    if (ino === undefined) return;
    try {
      watcher = fs.watch(dir, { persistent: true }, (_event, changed) => {
        // A null name means the platform could not say which entry changed: look anyway.
        if (changed === null || changed.toString() === name) signal();
      });
      watcher.on('error', () => closeWatcher());
      watchedDirIno = ino;
    } catch {
      closeWatcher();
    }
  };

  const poll = () => {
    if (disposed) return;
    ensureWatcher();
    const sig = signatureOf(file);
    if (sig !== lastSignature) {
      lastSignature = sig;
      signal();
    }
  };

  ensureWatcher();
  const interval = setInterval(poll, pollMs);

  return () => {
    disposed = true;
    clearInterval(interval);
    if (debounce) clearTimeout(debounce);
    closeWatcher();
  };
}

function signatureOf(file: string): string {
  try {
    const s = fs.statSync(file);
    return `${s.ino}:${s.size}:${s.mtimeMs}`;
  } catch {
    return 'missing';
  }
}

function inodeOf(dir: string): number | undefined {
  try {
    const s = fs.statSync(dir);
    return s.isDirectory() ? s.ino : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A look that runs one read at a time: a signal during a read makes exactly one more read after
 * it, so a burst of signals costs at most two reads and none is missed. `stopped()` ends it.
 */
export function oneReadAtATime(read: () => Promise<void>, stopped: () => boolean = () => false): () => void {
  let reading: Promise<void> | undefined;
  let again = false;
  const look = (): void => {
    if (stopped()) return;
    if (reading) {
      again = true;
      return;
    }
    reading = read().finally(() => {
      reading = undefined;
      if (again) {
        again = false;
        look();
      }
    });
  };
  return look;
}
