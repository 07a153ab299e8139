// .viban/workers/<id>.json: one file per worker, written only by that worker (so no lock is
// needed): who it is, where it runs, when it last heartbeated, what it runs and how it did.
// Readers (`viban workers`, the status bar, a rescuing process) judge liveness from the heartbeat.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import type { StoreProblem } from '../../protocol/messages';
import { storeLayout } from '../layout';
import { writeJsonAtomic } from '../atomicWrite';
import { corruptProblem, readJsonFile } from '../jsonFile';
import { quarantineFile } from '../quarantine';

export const WORKER_SCHEMA_VERSION = 1;

export const WORKER_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export const WorkerStateSchema = z.enum(['starting', 'idle', 'running', 'draining', 'stopped']);
export type WorkerState = z.infer<typeof WorkerStateSchema>;

export const WorkerRunSchema = z.object({
  jobId: z.string(),
  taskId: z.string(),
  executorId: z.string(),
  sessionId: z.string().optional(),
  startedAt: z.string().optional(),
});

export const WorkerRecordSchema = z.object({
  schemaVersion: z.literal(WORKER_SCHEMA_VERSION),
  id: z.string().regex(WORKER_ID),
  host: z.string(),
  pid: z.number().int().positive(),
  started: z.string(),
  lastHeartbeat: z.string(),
  /** How often it heartbeats and after how long without one it counts as gone (its lease length). */
  heartbeatMs: z.number().int().positive(),
  staleMs: z.number().int().positive(),
  state: WorkerStateSchema,
  concurrency: z.number().int().positive(),
  running: z.array(WorkerRunSchema),
  counts: z.object({
    done: z.number().int().nonnegative(),
    failed: z.number().int().nonnegative(),
    /** Runs another process rescued from under it (it was suspended past its lease). */
    lost: z.number().int().nonnegative().default(0),
  }),
  /** Event-loop delay since the previous heartbeat (ms): a worker too busy to stream logs shows here. */
  loopLagMs: z.object({ p99: z.number().nonnegative(), max: z.number().nonnegative() }).optional(),
});
export type WorkerRecord = z.infer<typeof WorkerRecordSchema>;

export function workersDir(root: string): string {
  return storeLayout(root).workersDir;
}

export function workerFile(root: string, id: string): string {
  if (!WORKER_ID.test(id)) throw new Error(`"${id}" is not a valid worker id: use letters, digits, ".", "_" and "-" (at most 64).`);
  return path.join(workersDir(root), `${id}.json`);
}

export async function writeWorkerRecord(root: string, record: WorkerRecord): Promise<void> {
  const checked = WorkerRecordSchema.parse(record);
  await fs.mkdir(workersDir(root), { recursive: true });
  await writeJsonAtomic(workerFile(root, checked.id), checked);
}

export async function removeWorkerRecord(root: string, id: string): Promise<void> {
  await fs.unlink(workerFile(root, id)).catch(() => undefined);
}

export async function readWorkerRecord(root: string, id: string): Promise<WorkerRecord | undefined> {
  const read = await readJsonFile(workerFile(root, id), WorkerRecordSchema);
  return read.kind === 'ok' ? read.value : undefined;
}

/** Every registration; a file that fails validation is moved aside and reported, the rest listed. */
export async function listWorkerRecords(root: string, onProblem?: (p: StoreProblem) => void): Promise<WorkerRecord[]> {
  let names: string[];
  try {
    names = await fs.readdir(workersDir(root));
  } catch {
    return [];
  }
  const records: WorkerRecord[] = [];
  for (const name of names.filter((n) => n.endsWith('.json')).sort()) {
    const file = path.join(workersDir(root), name);
    const read = await readJsonFile(file, WorkerRecordSchema).catch(() => ({ kind: 'missing' as const }));
    if (read.kind === 'ok') records.push(read.value);
    else if (read.kind === 'corrupt') {
      const movedTo = await quarantineFile(file, new Date(), read.text);
      onProblem?.(corruptProblem(file, read.reason, movedTo, 'That worker is not listed until it writes its registration again.'));
    }
  }
  return records;
}
