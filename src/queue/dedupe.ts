// "Never lost, never doubled": a double click, a resent webview message or a CLI retry must not
// queue the same work twice. Callers give a dedupe key; an earlier job with the same key that is
// still waiting or running, or was created within the window, is returned instead of a new one.
import { createHash } from 'node:crypto';
import type { QueueJob } from '../protocol/queue';

/** Long enough to absorb double submits and retries, short enough that "yes" can be sent twice. */
export const DEFAULT_DEDUPE_WINDOW_MS = 60_000;

/** Key for "the same text to the same task": whitespace-insensitive, content hashed (no text on disk twice). */
export function messageDedupeKey(taskId: string, text: string): string {
  const normalized = text.trim().replace(/\s+/g, ' ');
  return `msg:${taskId}:${createHash('sha256').update(normalized).digest('hex').slice(0, 32)}`;
}

/** Key for a client-generated request id (the webview's message id, a CLI's --request-id). */
export function requestDedupeKey(requestId: string): string {
  return `req:${requestId}`;
}

export function findDuplicate(jobs: readonly QueueJob[], dedupeKey: string, nowMs: number, windowMs: number): QueueJob | undefined {
  return jobs.find(
    (j) => j.dedupeKey === dedupeKey && (j.status === 'queued' || j.status === 'running' || nowMs - Date.parse(j.createdAt) < windowMs),
  );
}
