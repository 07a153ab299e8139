// .viban/remote/runs.json: the remote runs this folder dispatched, so any window or `viban`
// command can follow, list or cancel them, and a run survives the laptop closing. Local to the
// machine (ignored by .viban/.gitignore); zod-validated; written whole, atomically, under a lock.
// No token is ever part of a record.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { storeLayout } from '../layout';
import { writeJsonAtomic } from '../atomicWrite';
import { withFileLock } from '../fileLock';
import { loadJsonFileOrQuarantine } from '../jsonFile';
import type { StoreProblem } from '../../protocol/messages';

export const RemoteRunStateSchema = z.enum(['dispatched', 'queued', 'in_progress', 'completed']);
export const RemoteOutcomeSchema = z.enum(['succeeded', 'failed', 'cancelled', 'timed_out']);
export type RemoteOutcome = z.infer<typeof RemoteOutcomeSchema>;

export const RemoteRunSchema = z.object({
  /** The correlation id: in the run-name, the artifact name and the dispatch inputs. */
  id: z.string().regex(/^r_[a-z0-9]{6,20}$/),
  taskId: z.string().min(1),
  provider: z.literal('github'),
  owner: z.string().min(1),
  repo: z.string().min(1),
  /** Branch the run starts from and opens its pull request against. */
  baseBranch: z.string().min(1),
  executorId: z.string().min(1),
  model: z.string().optional(),
  permissionMode: z.string(),
  state: RemoteRunStateSchema,
  outcome: RemoteOutcomeSchema.optional(),
  runId: z.number().int().optional(),
  runUrl: z.string().optional(),
  /** The step running now (or the one that failed), with its place among the job's steps. */
  step: z.object({ name: z.string(), number: z.number().int(), total: z.number().int() }).optional(),
  branch: z.string().optional(),
  prUrl: z.string().optional(),
  /** The replayed session in .viban/sessions/. */
  sessionId: z.string().optional(),
  error: z.string().optional(),
  /** The tail of the failing step's log. */
  logTail: z.string().optional(),
  cancelRequested: z.boolean().optional(),
  timeoutMinutes: z.number().positive().optional(),
  dispatchedAt: z.string(),
  updatedAt: z.string(),
  completedAt: z.string().optional(),
  /** Set once the artifact was replayed and the card updated: the run needs nothing more. */
  settledAt: z.string().optional(),
});
export type RemoteRun = z.infer<typeof RemoteRunSchema>;

const FileSchema = z.object({ schemaVersion: z.literal(1), runs: z.array(RemoteRunSchema) });

export function newCorrelationId(): string {
  return `r_${randomBytes(8).toString('hex').slice(0, 12)}`;
}

export class RemoteRunStore {
  readonly file: string;

  constructor(
    root: string,
    private readonly onProblem: (p: StoreProblem) => void = () => undefined,
  ) {
    this.file = storeLayout(root).remoteRuns;
  }

  async list(filter?: { taskId?: string }): Promise<RemoteRun[]> {
    const runs = await this.read();
    return filter?.taskId ? runs.filter((r) => r.taskId === filter.taskId) : runs;
  }

  async get(id: string): Promise<RemoteRun | undefined> {
    return (await this.read()).find((r) => r.id === id);
  }

  /** The newest run of a task. */
  async latestForTask(taskId: string): Promise<RemoteRun | undefined> {
    const runs = await this.list({ taskId });
    return runs.sort((a, b) => a.dispatchedAt.localeCompare(b.dispatchedAt)).pop();
  }

  /** Runs still to follow: not yet settled on the card. */
  async unsettled(): Promise<RemoteRun[]> {
    return (await this.read()).filter((r) => !r.settledAt);
  }

  /** Inserts or patches one record under the lock; returns it as stored. */
  async upsert(id: string, change: (current: RemoteRun | undefined) => RemoteRun): Promise<RemoteRun> {
    return this.withLock(async () => {
      const runs = await this.read();
      const index = runs.findIndex((r) => r.id === id);
      const next = RemoteRunSchema.parse(change(index >= 0 ? runs[index] : undefined));
      if (index >= 0) runs[index] = next;
      else runs.push(next);
      await writeJsonAtomic(this.file, { schemaVersion: 1, runs });
      return next;
    });
  }

  async patch(id: string, patch: Partial<RemoteRun>): Promise<RemoteRun> {
    return this.upsert(id, (current) => {
      if (!current) throw new Error(`There is no remote run "${id}".`);
      return { ...current, ...patch, updatedAt: new Date().toISOString() };
    });
  }

  private async withLock<T>(fn: () => Promise<T>): Promise<T> {
    await fs.mkdir(path.dirname(this.file), { recursive: true });
    return withFileLock(`${this.file}.lock`, fn);
  }

  private async read(): Promise<RemoteRun[]> {
    const load = await loadJsonFileOrQuarantine(this.file, FileSchema, new Date());
    if (load.kind === 'ok') return load.value.runs;
    if (load.kind === 'corrupt') this.onProblem(load.problem);
    return [];
  }
}
