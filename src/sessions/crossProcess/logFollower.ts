// Following a session that another process runs (a background worker): its log file grows by
// whole lines, so we read from where we stopped, keep a torn last line for the next read, and
// report the session's metadata when it changes. fs.watch on the sessions folder says when to
// look; a slow poll backs it up. The follower stops by itself once the session has ended and
// everything it wrote has been read.
import { promises as fs, watch, type FSWatcher } from 'node:fs';
import * as path from 'node:path';
import type { LogEntry } from '../../protocol/logEntries';
import { isLive, type SessionMeta } from '../../protocol/sessions';
import { parseLogLine } from '../../store/sessions/logLine';
import type { SessionStore } from '../../store/sessions/sessionStore';

export interface FollowEvents {
  entries(entries: LogEntry[]): void;
  meta(meta: SessionMeta): void;
}

/**
 * Resolves once the follower knows where the file ends now: read the tail after that, and the
 * two overlap rather than leave a gap (entries carry their seq, so the overlap is dropped).
 */
export async function followSessionLog(store: Pick<SessionStore, 'get' | 'logFile' | 'metaFile'>, sessionId: string, on: FollowEvents, pollMs = 1_000): Promise<() => void> {
  const logFile = store.logFile(sessionId);
  const names = new Set([path.basename(logFile), path.basename(store.metaFile(sessionId))]);
  let offset: number | undefined;
  let partial = '';
  let lastMeta = '';
  let stopped = false;
  let busy = false;
  let again = false;
  let watcher: FSWatcher | undefined;

  const readNew = async () => {
    const stat = await fs.stat(logFile).catch(() => undefined);
    if (!stat) return;
    offset ??= 0;
    if (stat.size <= offset) return;
    const handle = await fs.open(logFile, 'r');
    try {
      const buf = Buffer.alloc(stat.size - offset);
      const { bytesRead } = await handle.read(buf, 0, buf.length, offset);
      offset += bytesRead;
      const text = partial + buf.subarray(0, bytesRead).toString('utf8');
      const lines = text.split('\n');
      partial = lines.pop() ?? '';
      const entries = lines.filter((l) => l.trim()).map((l) => parseLogLine(l, -1));
      if (entries.length) on.entries(entries);
    } finally {
      await handle.close();
    }
  };

  const look = async () => {
    if (stopped) return;
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    try {
      do {
        again = false;
        await readNew();
        const meta = await store.get(sessionId).catch(() => undefined);
        const text = meta ? JSON.stringify(meta) : '';
        if (meta && text !== lastMeta) {
          lastMeta = text;
          on.meta(meta);
        }
        if (meta && !isLive(meta.status)) {
          await readNew();
          stop();
        }
      } while (again && !stopped);
    } catch {
      // A file replaced mid-read: the next signal looks again.
    } finally {
      busy = false;
    }
  };

  const stop = () => {
    stopped = true;
    clearInterval(timer);
    watcher?.close();
  };

  try {
    watcher = watch(path.dirname(logFile), (_e, name) => {
      if (name === null || names.has(name.toString())) void look();
    });
    watcher.on('error', () => watcher?.close());
  } catch {
    watcher = undefined; // no folder yet: the poll looks
  }
  const timer = setInterval(() => void look(), pollMs);
  timer.unref?.();
  // Start at today's end: what is there already is the caller's tail to read.
  offset = (await fs.stat(logFile).catch(() => undefined))?.size;
  void look();
  return stop;
}
