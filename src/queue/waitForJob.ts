// Waiting for one job of the queue to end, as a promise: resolved with the ended job, rejected
// when the job leaves the queue or the queue closes first.
import { isJobEnded, type QueueJob, type QueueSnapshot } from '../protocol/queue';

export interface WatchedQueue {
  readonly closed: boolean;
  get(jobId: string): QueueJob | undefined;
  onChange(listener: (s: QueueSnapshot) => void): () => void;
  /** Registers a callback the queue calls when it closes; returns its removal. */
  onClose(reject: () => void): () => void;
}

export function waitForJobEnd(queue: WatchedQueue, jobId: string): Promise<QueueJob> {
  return new Promise((resolve, reject) => {
    if (queue.closed) return reject(new Error('The job queue is closed.'));
    const check = (): boolean => {
      const job = queue.get(jobId);
      if (!job) reject(new Error(`The job "${jobId}" is no longer in the queue.`));
      else if (isJobEnded(job.status)) resolve(job);
      else return false;
      return true;
    };
    if (check()) return;
    const offClose = queue.onClose(() => reject(new Error('The job queue was closed before the job ended.')));
    const off = queue.onChange(() => {
      if (!check()) return;
      off();
      offClose();
    });
  });
}
