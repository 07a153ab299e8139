// One polling loop for every remote run this process follows (as `gh run watch` does, but for
// all of them at once). Each tick, per repository: one conditional list of the workflow's runs
// (a 304 when nothing changed) finds dispatched runs by their correlation id and sees them
// complete; then, within a request budget (default 1 request a second over all repositories),
// the jobs of in-progress runs are read round-robin for their step. A completed run is settled
// at once. A rate limit (retry-after, or the remaining count at 0) pauses the loop until GitHub
// says it may go on.
import type { GitHubApi, WorkflowRun } from './githubApi';
import type { RemoteRun } from '../store/remote/remoteRunStore';
import type { RemoteRunner } from './remoteRunner';
import { RemoteError } from './remoteErrors';
import { correlationTag } from './workflowTemplate';

export interface FollowerOptions {
  /** Time between ticks. */
  intervalMs?: number;
  /** The request budget, averaged over time (GitHub allows a user token 5000 an hour, ~1.4/s). */
  maxRequestsPerSecond?: number;
  /** A dispatched run not listed after this long is given up. */
  findTimeoutMs?: number;
  now?: () => number;
  /** Problems of a tick (network down, a bad token): shown, and the loop carries on. */
  onProblem?: (message: string) => void;
}

interface Source {
  runner: RemoteRunner;
  api?: GitHubApi;
  /** When the runs were last listed (ms). */
  listedAt?: number;
}

export class RemoteFollower {
  private readonly sources = new Set<Source>();
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;
  private tokens: number;
  private lastRefill: number;
  private cursor = 0;
  private stopped = false;
  private readonly intervalMs: number;
  private readonly rate: number;
  private readonly now: () => number;
  /** Apis whose requests this loop made, for the benchmark's count. */
  readonly apis = new Set<GitHubApi>();
  private lastProblem = '';
  /** A wake asked for a fresh list; taken by the next tick (one running now would miss it). */
  private wakePending = false;

  constructor(private readonly opts: FollowerOptions = {}) {
    this.intervalMs = opts.intervalMs ?? 5_000;
    this.rate = opts.maxRequestsPerSecond ?? 1;
    this.now = opts.now ?? Date.now;
    this.tokens = this.capacity;
    this.lastRefill = this.now();
  }

  private get capacity(): number {
    return Math.max(2, (this.intervalMs / 1000) * this.rate);
  }

  /**
   * Listing runs is what finds a completion, so it comes first, but at most at half the budget's
   * pace: the other half reads steps. With the default 1 request/s that is a list every 5 s (the
   * interval) and steps for up to ~4 runs a tick.
   */
  private get listEveryMs(): number {
    return Math.max(this.intervalMs, 2000 / this.rate);
  }

  /** Follows the runs of `runner` (its unsettled ones, read from its store each tick). */
  add(runner: RemoteRunner): () => void {
    const source: Source = { runner };
    this.sources.add(source);
    this.schedule(0);
    return () => this.sources.delete(source);
  }

  /** One look at `runner`'s runs, without starting the loop (`viban remote status`). */
  async pollOnce(runner: RemoteRunner): Promise<void> {
    const source: Source = { runner };
    this.sources.add(source);
    try {
      await this.tick();
    } finally {
      this.sources.delete(source);
    }
  }

  /** Look now (after a dispatch, a cancel or a webhook), instead of at the next tick. */
  wake(): void {
    this.wakePending = true;
    this.schedule(0);
  }

  dispose(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }

  /** Resolves once the current tick (if any) is over. */
  async idle(): Promise<void> {
    await this.ticking;
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      // The tick in flight reschedules when it ends (at once if a wake came meanwhile).
      if (this.ticking) return;
      this.ticking = this.tick()
        .catch((err) => this.problem((err as Error).message))
        .finally(() => {
          this.ticking = undefined;
          if (this.sources.size) this.schedule(this.wakePending ? 0 : this.nextDelay());
        });
    }, delay);
    this.timer.unref?.();
  }

  private nextDelay(): number {
    let paused = 0;
    for (const api of this.apis) paused = Math.max(paused, (api.rate.pausedUntil ?? 0) - this.now());
    return Math.max(this.intervalMs, paused);
  }

  private refill(): void {
    const now = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.lastRefill) / 1000) * this.rate);
    this.lastRefill = now;
  }

  /** A step read: only while one token stays for the next list (which is what sees completions). */
  private take(): boolean {
    this.refill();
    if (this.tokens < 2) return false;
    this.tokens -= 1;
    return true;
  }

  /** A request that must happen (finding runs, settling one): it spends from the budget even into debt. */
  private spend(count = 1): void {
    this.refill();
    this.tokens -= count;
  }

  private problem(message: string): void {
    if (message === this.lastProblem) return;
    this.lastProblem = message;
    this.opts.onProblem?.(message);
  }

  async tick(): Promise<void> {
    if (this.wakePending) {
      this.wakePending = false;
      for (const source of this.sources) source.listedAt = undefined;
    }
    const inProgress: { source: Source; record: RemoteRun }[] = [];
    for (const source of [...this.sources]) {
      const runs = await source.runner.store.unsettled();
      if (!runs.length) continue;
      let api: GitHubApi;
      try {
        api = source.api ??= await source.runner.deps.api();
        this.apis.add(api);
      } catch (err) {
        this.problem(err instanceof RemoteError ? err.full : (err as Error).message);
        continue;
      }
      if ((api.rate.pausedUntil ?? 0) > this.now()) continue;
      const sinceListed = this.now() - (source.listedAt ?? -Infinity);
      if (sinceListed < this.listEveryMs) {
        // Between lists: keep reading steps of the runs known to be in progress.
        for (const record of runs) if (record.state === 'in_progress' && record.runId) inProgress.push({ source, record });
        continue;
      }
      // Deep in debt (completions just settled): wait for the budget before looking again.
      if (this.tokens < 0 && source.listedAt !== undefined) {
        this.refill();
        continue;
      }
      source.listedAt = this.now();
      const since = new Date(Math.min(...runs.map((r) => Date.parse(r.dispatchedAt))) - 120_000).toISOString().replace(/\.\d+Z$/, 'Z');
      const before = api.requests;
      let listed: WorkflowRun[];
      try {
        listed = (await api.listRuns(since)).runs;
      } catch (err) {
        this.spend(api.requests - before);
        this.problem(err instanceof RemoteError ? err.full : (err as Error).message);
        continue;
      }
      this.spend(api.requests - before);
      this.lastProblem = '';
      for (const record of runs) {
        const run = listed.find((r) => (record.runId ? r.id === record.runId : r.name.includes(correlationTag(record.id))));
        if (!run) {
          if (this.now() - Date.parse(record.dispatchedAt) > (this.opts.findTimeoutMs ?? 10 * 60_000)) await source.runner.notFound(record);
          continue;
        }
        if (run.status === 'completed') {
          const n = api.requests;
          await this.settle(source, api, record, run);
          this.spend(api.requests - n);
        } else if (!record.runId || record.state !== (run.status === 'in_progress' ? 'in_progress' : 'queued')) {
          // First sight, or queued → in progress: record it now; steps come with the budget.
          const updated = await source.runner.progress(record, run, undefined);
          if (run.status === 'in_progress') inProgress.push({ source, record: updated });
        } else if (run.status === 'in_progress') {
          inProgress.push({ source, record });
        }
      }
    }
    // Steps: round-robin over the runs in progress, as far as the budget goes.
    for (let i = 0; i < inProgress.length; i++) {
      const { source, record } = inProgress[(this.cursor + i) % inProgress.length];
      if (!source.api || !record.runId || !this.take()) break;
      try {
        const before = source.api.requests;
        const jobs = await source.api.listJobs(record.runId);
        this.tokens -= source.api.requests - before - 1;
        // The list said in progress; the jobs say which step.
        const run: WorkflowRun = { id: record.runId, name: '', status: 'in_progress', conclusion: null, htmlUrl: record.runUrl ?? '', createdAt: record.dispatchedAt, updatedAt: record.updatedAt };
        await source.runner.progress(record, run, jobs.jobs);
      } catch (err) {
        this.problem(err instanceof RemoteError ? err.full : (err as Error).message);
      }
      this.cursor = (this.cursor + 1) % Math.max(1, inProgress.length);
    }
  }

  private async settle(source: Source, api: GitHubApi, record: RemoteRun, run: WorkflowRun): Promise<void> {
    try {
      // A success needs no step detail beyond what was followed; a failure is explained from its job.
      const jobs = run.conclusion === 'success' && record.step ? [] : (await api.listJobs(run.id)).jobs;
      await source.runner.settle(record, run, jobs);
    } catch (err) {
      this.problem(err instanceof RemoteError ? err.full : (err as Error).message);
    }
  }
}
