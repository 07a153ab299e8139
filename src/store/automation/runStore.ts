// .viban/runs/<runId>.json: one stage run each, rewritten whole and atomically on every change
// (small files, one writer: the process that owns the run). Readers validate with zod; a file that
// does not validate is skipped and reported, never rewritten.
import { promises as fs } from 'node:fs';
import { hostname } from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { StageRunSchema, isStageRunLive, type StageRun } from '../../protocol/automation';
import { writeJsonAtomic } from '../atomicWrite';
import { readJsonFile } from '../jsonFile';
import { isAlive } from '../../process/liveness';
import { automationPaths } from './paths';

export const newRunId = (): string => `r_${randomBytes(8).toString('base64url').replace(/[-_]/g, '').slice(0, 10).toLowerCase()}`;

export class RunStore {
  readonly dir: string;
  /** Parsed run files by name, with the mtime and size they had: list() rereads only what changed. */
  private readonly cache = new Map<string, { mtimeMs: number; size: number; run: StageRun }>();
  constructor(readonly root: string, private readonly onProblem?: (message: string) => void) {
    this.dir = automationPaths(root).runs;
  }

  fileOf(runId: string): string {
    if (!/^r_[a-z0-9]+$/.test(runId)) throw new Error(`"${runId}" is not a stage run id (they look like r_k3j9x2m1qa).`);
    return path.join(this.dir, `${runId}.json`);
  }

  async save(run: StageRun): Promise<StageRun> {
    const valid = StageRunSchema.parse(run);
    await fs.mkdir(this.dir, { recursive: true });
    await writeJsonAtomic(this.fileOf(run.id), valid);
    return valid;
  }

  async get(runId: string): Promise<StageRun | undefined> {
    const read = await readJsonFile(this.fileOf(runId), StageRunSchema);
    if (read.kind === 'ok') return read.value;
    if (read.kind === 'corrupt') this.onProblem?.(`The stage run file ${this.fileOf(runId)} could not be used: ${read.reason}`);
    return undefined;
  }

  /** Oldest first. */
  async list(filter?: { taskId?: string }): Promise<StageRun[]> {
    let names: string[];
    try {
      names = (await fs.readdir(this.dir)).filter((n) => /^r_[a-z0-9]+\.json$/.test(n));
    } catch {
      return [];
    }
    const runs = await Promise.all(names.map((n) => this.cached(n)));
    return runs
      .filter((r): r is StageRun => !!r && (!filter?.taskId || r.taskId === filter.taskId))
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  private async cached(name: string): Promise<StageRun | undefined> {
    const file = path.join(this.dir, name);
    const st = await fs.stat(file).catch(() => undefined);
    if (!st) return undefined;
    const hit = this.cache.get(name);
    if (hit && hit.mtimeMs === st.mtimeMs && hit.size === st.size) return hit.run;
    const run = await this.get(name.slice(0, -5));
    if (run) this.cache.set(name, { mtimeMs: st.mtimeMs, size: st.size, run });
    return run;
  }

  /** A run "running" in a process that is gone becomes interrupted: never running forever. */
  async recover(alive: (pid: number) => boolean = isAlive): Promise<StageRun[]> {
    const host = hostname();
    const recovered: StageRun[] = [];
    for (const run of await this.list()) {
      if (run.status !== 'running' || !run.ownerPid || run.ownerHost !== host) continue;
      if (run.ownerPid !== process.pid && alive(run.ownerPid)) continue;
      if (run.ownerPid === process.pid) continue;
      const now = new Date().toISOString();
      recovered.push(await this.save({ ...run, status: 'interrupted', endedAt: now, error: 'The process running this stage run ended before it finished.', steps: run.steps.map((s) => (s.status === 'running' ? { ...s, status: 'cancelled' as const, endedAt: now } : s)) }));
    }
    return recovered;
  }

  async live(taskId: string): Promise<StageRun | undefined> {
    return (await this.list({ taskId })).reverse().find((r) => isStageRunLive(r.status));
  }
}
