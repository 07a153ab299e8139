// .viban/queue.json on disk: read and validated under .viban/queue.lock, rewritten atomically.
// Two windows and the `viban` command share it, so every change is a locked read-modify-write.
// A file that fails validation is moved aside (never overwritten) and the queue starts empty.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { QUEUE_SCHEMA_VERSION, QueueFileSchema, type QueueFile } from '../protocol/queue';
import type { StoreProblem } from '../protocol/messages';
import { formatJson, writeFileAtomic } from '../store/atomicWrite';
import { withFileLock, type LockOptions } from '../store/fileLock';
import { corruptProblem, interpretJsonText, parseJsonText, readTextIfExists } from '../store/jsonFile';
import { quarantineFile } from '../store/quarantine';
import { maskFields, type TextRedactor } from '../store/textMasking';

const QUEUE_JOB_TEXT_FIELDS = ['summary', 'lastError'] as const;

export interface QueuePaths {
  dir: string;
  file: string;
  lockFile: string;
}

export function queuePaths(root: string): QueuePaths {
  const dir = path.join(root, '.viban');
  return { dir, file: path.join(dir, 'queue.json'), lockFile: path.join(dir, 'queue.lock') };
}

export const emptyQueueFile = (): QueueFile => ({ schemaVersion: QUEUE_SCHEMA_VERSION, nextSeq: 0, virtualTime: 0, jobs: [] });

/** A queue.json written by a newer Viban: we can neither read nor safely rewrite it. */
export class NewerQueueSchemaError extends Error {
  override readonly name = 'NewerQueueSchemaError';
  constructor(readonly file: string, readonly version: number) {
    super(`${file} was written by a newer version of Viban (queue schema ${version}; this one understands ${QUEUE_SCHEMA_VERSION}). Update Viban to use the queue.`);
  }
}

export interface LockedRead {
  state: QueueFile;
  /** The bytes on disk (null: no file), to skip writes that change nothing. */
  text: string | null;
  problems: StoreProblem[];
}

/** Caller holds the lock. A corrupt file is moved aside and reported; the queue restarts empty. */
export async function readQueueLocked(paths: QueuePaths, now: Date): Promise<LockedRead> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const text = await readTextIfExists(paths.file);
    if (text === null) return { state: emptyQueueFile(), text: null, problems: [] };
    const newer = newerVersionOf(text);
    if (newer !== undefined) throw new NewerQueueSchemaError(paths.file, newer);
    const read = interpretJsonText(text, QueueFileSchema);
    if (read.kind === 'ok') return { state: read.value, text, problems: [] };
    if (read.kind === 'missing') continue;
    const movedTo = await quarantineFile(paths.file, now, read.text);
    // Someone replaced the bytes since we read them (a hand edit without the lock): judge again.
    if (!movedTo) continue;
    const problem = corruptProblem(paths.file, read.reason, movedTo, 'The queue starts empty; jobs in the old file were not run.');
    return { state: emptyQueueFile(), text: null, problems: [problem] };
  }
  throw new Error(`${paths.file} kept changing while Viban tried to read it; try again.`);
}

/** Lock-free read for watchers: just the bytes, to tell whether anything changed. */
export function readQueueText(paths: QueuePaths): Promise<string | null> {
  return readTextIfExists(paths.file);
}

/**
 * Writes the queue with each job's shown text (summary, last error: a failed run's error may
 * quote a key) masked, in `state` too so what views get is what was written. Never the payload:
 * its prompt, cwd and worktree are what the job runs with.
 */
export async function writeQueueLocked(paths: QueuePaths, state: QueueFile, previous: string | null, redactor: TextRedactor): Promise<string> {
  state.jobs = state.jobs.map((job) => maskFields(job, QUEUE_JOB_TEXT_FIELDS, redactor));
  const checked = QueueFileSchema.parse(state);
  const text = formatJson(checked);
  if (text !== previous) await writeFileAtomic(paths.file, text);
  return text;
}

export async function withQueueLock<T>(paths: QueuePaths, fn: () => Promise<T>, opts?: LockOptions): Promise<T> {
  await fs.mkdir(paths.dir, { recursive: true });
  return withFileLock(paths.lockFile, fn, opts);
}

function newerVersionOf(text: string): number | undefined {
  const parsed = parseJsonText(text);
  if (!parsed.ok || typeof parsed.value !== 'object' || parsed.value === null) return undefined;
  const v = (parsed.value as { schemaVersion?: unknown }).schemaVersion;
  return typeof v === 'number' && v > QUEUE_SCHEMA_VERSION ? v : undefined;
}
