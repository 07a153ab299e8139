// Noticing that a worker registration (.viban/workers/*.json) may have changed: fs.watch on the
// folder for speed, a poll behind it (a dropped event, a folder created after we looked — the poll
// attaches the watcher then — and a worker whose heartbeat went silent, which changes no file).
// Like storeWatcher.ts this only says "look again"; the caller reads the registrations.
import { watch, type FSWatcher } from 'node:fs';
import { workersDir } from './workerRecord';

export interface WorkerSignalOptions {
  /** Interval of the backing poll (it signals every time: liveness changes with the clock). */
  pollMs?: number;
  /** Quiet time before signalling, so one atomic write (temp file + rename) makes one signal. */
  debounceMs?: number;
}

/** Calls `onSignal` (debounced) when a registration may have changed, and once per poll; returns a disposer. */
export function watchWorkerSignals(root: string, onSignal: () => void, opts: WorkerSignalOptions = {}): () => void {
  const dir = workersDir(root);
  let disposed = false;
  let debounce: NodeJS.Timeout | undefined;
  let watcher: FSWatcher | undefined;

  const signal = () => {
    if (disposed) return;
    if (debounce) clearTimeout(debounce);
    debounce = setTimeout(() => !disposed && onSignal(), opts.debounceMs ?? 30);
  };

  const attach = () => {
    if (watcher || disposed) return;
    try {
      watcher = watch(dir, { persistent: false }, (_event, name) => {
        if (name === null || name.toString().endsWith('.json')) signal();
      });
      watcher.on('error', () => {
        watcher?.close();
        watcher = undefined;
      });
    } catch {
      watcher = undefined; // no folder yet: the poll attaches once a worker registers
    }
  };

  attach();
  const poll = setInterval(() => {
    attach();
    signal();
  }, opts.pollMs ?? 2_000);
  poll.unref?.();

  return () => {
    disposed = true;
    clearInterval(poll);
    if (debounce) clearTimeout(debounce);
    watcher?.close();
  };
}
