// The durable job queue's public surface (see jobQueue.ts).
export { JobQueue, type EnqueueRequest, type EnqueueResult, type JobQueueOptions, type JobRunContext, type JobRunner, type JobRunResult } from './jobQueue';
export { backoffDelay, DEFAULT_BACKOFF, isTransientFailure, type BackoffOptions } from './backoff';
export { systemClock, type Clock, type TimerHandle } from './clock';
export { DEFAULT_DEDUPE_WINDOW_MS, messageDedupeKey, requestDedupeKey } from './dedupe';
export { NewerQueueSchemaError, queuePaths } from './queueFile';
export { QueueJobError } from './transitions';
