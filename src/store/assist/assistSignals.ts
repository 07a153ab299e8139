// Noticing that an Assist conversation may have changed on disk — written by `viban assist` in a
// terminal, or by another window — so an open Assist view shows it without being asked: fs.watch
// on .viban/assist for speed, a poll behind it (a dropped event; a folder created after we looked,
// which the poll then attaches to). Each conversation is written atomically (temp file + rename),
// which changes the folder's mtime, so the poll compares that. Like storeWatcher.ts this only says
// "look again": the caller reads the conversations.
import { statSync, watch, type FSWatcher } from 'node:fs';
import { storeLayout } from '../layout';

export interface AssistSignalOptions {
  pollMs?: number;
  /** Quiet time before signalling, so one write (temp file + rename) makes one signal. */
  debounceMs?: number;
}

/** Calls `onSignal` (debounced) when a conversation of `root` may have changed; returns a disposer. */
export function watchAssistConversations(root: string, onSignal: () => void, opts: AssistSignalOptions = {}): () => void {
  const dir = storeLayout(root).assistDir;
  let disposed = false;
  let debounce: NodeJS.Timeout | undefined;
  let watcher: FSWatcher | undefined;
  let last = signatureOf(dir);

  const signal = () => {
    if (disposed) return;
    if (debounce) clearTimeout(debounce);
    debounce = setTimeout(() => !disposed && onSignal(), opts.debounceMs ?? 40);
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
      watcher = undefined; // no folder yet: the poll attaches once the first conversation is written
    }
  };

  attach();
  const poll = setInterval(() => {
    attach();
    const now = signatureOf(dir);
    if (now !== last) {
      last = now;
      signal();
    }
  }, opts.pollMs ?? 1_000);
  poll.unref?.();

  return () => {
    disposed = true;
    clearInterval(poll);
    if (debounce) clearTimeout(debounce);
    watcher?.close();
  };
}

function signatureOf(dir: string): string {
  try {
    const s = statSync(dir);
    return `${s.ino}:${s.mtimeMs}`;
  } catch {
    return 'missing';
  }
}
