// A new job in the queue file: placed at the back of the line with its fair-share tag, or the
// earlier job with the same dedupe key returned instead (see dedupe.ts).
import { QueueJobSchema, type QueueFile } from '../protocol/queue';
import { newId } from '../store/ids';
import { isoAt } from './clock';
import { DEFAULT_DEDUPE_WINDOW_MS, findDuplicate } from './dedupe';
import type { EnqueueRequest } from './queueTypes';
import { fairTagFor } from './scheduler';

/**
 * Adds a job for `req` at the back of the line, or returns the earlier job with the same dedupe
 * key (see dedupe.ts). `summary` arrives already redacted: it is stored and shown.
 */
export function addJob(state: QueueFile, req: EnqueueRequest, nowMs: number, defaults: { maxAttempts?: number; summary?: string }): { id: string; duplicate: boolean } {
  if (req.dedupeKey) {
    const dup = findDuplicate(state.jobs, req.dedupeKey, nowMs, req.dedupeWindowMs ?? DEFAULT_DEDUPE_WINDOW_MS);
    if (dup) return { id: dup.id, duplicate: true };
  }
  const job = QueueJobSchema.parse({
    id: newId('q'),
    taskId: req.taskId,
    kind: req.kind,
    executorId: req.executorId,
    payload: req.payload ?? {},
    ...(defaults.summary !== undefined && { summary: defaults.summary }),
    status: 'queued',
    attempts: 0,
    maxAttempts: Math.max(1, Math.floor(req.maxAttempts ?? defaults.maxAttempts ?? 3)),
    ...(req.dedupeKey !== undefined && { dedupeKey: req.dedupeKey }),
    createdAt: isoAt(nowMs),
    seq: state.nextSeq,
    fairTag: fairTagFor(state, req.taskId),
  });
  state.nextSeq++;
  state.jobs.push(job);
  return { id: job.id, duplicate: false };
}
