// Asking another process to stop a session it runs. The owner (a `viban run` or `viban send`)
// polls for `.viban/sessions/<id>.stop`; when it appears the owner deletes it — the
// acknowledgement the requester waits for — and stops the run gracefully through its own
// SessionManager, so the metadata ends as "stopped". The folder is the session store's (already
// git-ignored); the store lists only `*.json`, so it never mistakes this file for a session.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { storeLayout } from '../layout';

export function stopRequestFile(root: string, sessionId: string): string {
  return storeLayout(root).stopRequest(sessionId);
}

export async function requestStop(root: string, sessionId: string): Promise<void> {
  const file = stopRequestFile(root, sessionId);
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, JSON.stringify({ requestedBy: process.pid, at: new Date().toISOString() }) + '\n');
}

/** True while the request waits for its owner (it deletes the file when it acts). */
export async function stopRequestPending(root: string, sessionId: string): Promise<boolean> {
  return fs.access(stopRequestFile(root, sessionId)).then(
    () => true,
    () => false,
  );
}

export async function withdrawStopRequest(root: string, sessionId: string): Promise<void> {
  await fs.unlink(stopRequestFile(root, sessionId)).catch(() => undefined);
}

/** Calls `onRequest` once when a stop request for the session appears (after acknowledging it). */
export function watchStopRequests(root: string, sessionId: string, onRequest: () => void, intervalMs = 200): () => void {
  const file = stopRequestFile(root, sessionId);
  let done = false;
  let busy = false;
  const timer = setInterval(() => {
    if (done || busy) return;
    busy = true;
    fs.unlink(file).then(
      () => {
        done = true;
        clearInterval(timer);
        onRequest();
      },
      () => (busy = false), // not there (ENOENT): keep polling
    );
  }, intervalMs);
  timer.unref?.();
  return () => {
    done = true;
    clearInterval(timer);
  };
}
