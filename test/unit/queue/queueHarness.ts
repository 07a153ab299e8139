// Shared pieces for the queue tests: a runner the test finishes by hand, and queue setup.
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { JobQueue, type JobQueueOptions, type JobRunResult } from '../../../src/queue';
import type { QueueJob } from '../../../src/protocol/queue';
import { waitFor } from '../store/helpers';
import { FakeClock } from './fakeClock';

export interface RunCall {
  job: QueueJob;
  signal: AbortSignal;
  at: number;
  finish(result: JobRunResult): void;
  setSessionId(id: string): void;
}

/** Records every run; each stays in flight until the test calls finish() (or the run is aborted). */
export class ManualRunner {
  readonly calls: RunCall[] = [];
  inFlight = 0;
  maxInFlight = 0;
  private readonly taskInFlight = new Map<string, number>();
  maxPerTask = 0;
  private readonly executorInFlight = new Map<string, number>();
  readonly maxPerExecutor = new Map<string, number>();

  constructor(private readonly clock: { now(): number }) {}

  readonly run = (job: QueueJob, signal: AbortSignal, ctx: { setSessionId(id: string): void }): Promise<JobRunResult> =>
    new Promise((resolve) => {
      this.inFlight++;
      this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
      const perTask = (this.taskInFlight.get(job.taskId) ?? 0) + 1;
      this.taskInFlight.set(job.taskId, perTask);
      this.maxPerTask = Math.max(this.maxPerTask, perTask);
      const perExec = (this.executorInFlight.get(job.executorId) ?? 0) + 1;
      this.executorInFlight.set(job.executorId, perExec);
      this.maxPerExecutor.set(job.executorId, Math.max(this.maxPerExecutor.get(job.executorId) ?? 0, perExec));
      let done = false;
      const finish = (result: JobRunResult) => {
        if (done) return;
        done = true;
        this.inFlight--;
        this.taskInFlight.set(job.taskId, this.taskInFlight.get(job.taskId)! - 1);
        this.executorInFlight.set(job.executorId, this.executorInFlight.get(job.executorId)! - 1);
        resolve(result);
      };
      signal.addEventListener('abort', () => finish({ status: 'stopped', error: 'aborted' }));
      this.calls.push({ job, signal, at: this.clock.now(), finish, setSessionId: (id) => ctx.setSessionId(id) });
    });

  /** Waits until `n` runs have started. */
  async started(n: number): Promise<RunCall[]> {
    await waitFor(() => (this.calls.length >= n ? true : undefined), 10_000, `${n} runs to start (have ${this.calls.length})`);
    return this.calls;
  }

  call(taskId: string, nth = 0): RunCall {
    const c = this.calls.filter((x) => x.job.taskId === taskId)[nth];
    if (!c) throw new Error(`no run #${nth} for ${taskId}`);
    return c;
  }
}

export function setup(root: string, extra: Partial<JobQueueOptions> = {}) {
  const clock = new FakeClock();
  const runner = new ManualRunner(clock);
  const open = (more: Partial<JobQueueOptions> = {}) =>
    JobQueue.open({ root, clock, runJob: runner.run, watch: false, ...extra, ...more });
  return { clock, runner, open };
}

/** Waits for a job in the queue's memory to reach a status. */
export function statusOf(queue: JobQueue, jobId: string, status: QueueJob['status']): Promise<QueueJob> {
  return waitFor(() => {
    const j = queue.get(jobId);
    return j?.status === status ? j : undefined;
  }, 10_000, `job ${jobId} to be ${status} (is ${queue.get(jobId)?.status})`);
}

export async function readQueueJson(root: string): Promise<{ jobs: QueueJob[]; nextSeq: number }> {
  return JSON.parse(await fs.readFile(path.join(root, '.viban', 'queue.json'), 'utf8'));
}

/** The pid of a process that has certainly exited. */
export async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
  const pid = child.pid!;
  await new Promise((resolve) => child.on('close', resolve));
  return pid;
}
