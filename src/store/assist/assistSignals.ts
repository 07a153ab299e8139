// Noticing that an Assist conversation may have changed on disk — written by `viban assist` in a
// terminal, or by another window — so an open Assist view shows it without being asked: fs.watch
// on .viban/assist for speed, a poll behind it (a dropped event; a folder created after we looked,
// which the poll then attaches to). Each conversation is written atomically (temp file + rename),
// which changes the folder's mtime, so the poll compares that. Like storeWatcher.ts this only says
// "look again": the caller reads the conversations. .viban/memory.json is watched the same way:
// a remembered item forgotten elsewhere (`viban memory forget`, the Memory view) shows as forgotten.
import { statSync, watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import { storeLayout } from '../layout';

export interface AssistSignalOptions {
  pollMs?: number;
  /** Quiet time before signalling, so one write (temp file + rename) makes one signal. */
  debounceMs?: number;
}

/** Calls `onSignal` (debounced) when a conversation of `root` may have changed; returns a disposer. */
export function watchAssistConversations(root: string, onSignal: () => void, opts: AssistSignalOptions = {}): () => void {
  const layout = storeLayout(root);
  const memoryName = basename(layout.memory);
  // Each folder watched, and which of its files count; the poll compares both folders' and memory.json's stat.
  const targets: Array<{ dir: string; counts(name: string): boolean; watcher?: FSWatcher }> = [
    { dir: layout.assistDir, counts: (name) => name.endsWith('.json') },
    { dir: dirname(layout.memory), counts: (name) => name === memoryName },
  ];
  let disposed = false;
  let debounce: NodeJS.Timeout | undefined;
  const signature = () => [layout.assistDir, layout.memory].map(signatureOf).join('|');
  let last = signature();

  const signal = () => {
    if (disposed) return;
    if (debounce) clearTimeout(debounce);
    debounce = setTimeout(() => !disposed && onSignal(), opts.debounceMs ?? 40);
  };

  const attach = () => {
    if (disposed) return;
    for (const t of targets) {
      if (t.watcher) continue;
      try {
        const w = watch(t.dir, { persistent: false }, (_event, name) => {
          if (name === null || t.counts(name.toString())) signal();
        });
        w.on('error', () => {
          w.close();
          if (t.watcher === w) t.watcher = undefined;
        });
        t.watcher = w;
      } catch {
        t.watcher = undefined; // no folder yet: the poll attaches once it exists
      }
    }
  };

  attach();
  const poll = setInterval(() => {
    attach();
    const now = signature();
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
    for (const t of targets) t.watcher?.close();
  };
}

function signatureOf(path: string): string {
  try {
    const s = statSync(path);
    return `${s.ino}:${s.mtimeMs}:${s.size}`;
  } catch {
    return 'missing';
  }
}
