// The graph scheduler's decisions, free of any I/O so the same code runs real graphs and the
// virtual-time benchmark: list scheduling with the longest remaining path as priority (critical
// path first). The driver asks for tasks to start when slots are free and reports what ended;
// the scheduler answers which tasks became ready and which must be held because a prerequisite
// failed. Only tasks in `scope` run; a prerequisite outside it must already be done (or become
// done, e.g. accepted) for its dependants to start.
import { descendantsOf, prerequisitesOf, titleOf, type GraphIndex } from './graphIndex';
import { remainingPathRanks, type GraphValidation } from './topology';

export type NodeState = 'waiting' | 'ready' | 'active' | 'succeeded' | 'done' | 'failed' | 'held' | 'stopped';

export interface SchedulerOptions {
  validation: GraphValidation;
  /** Task ids to run, in any order. Tasks on a cycle must not be in scope (validate first). */
  scope: readonly string[];
  /** Whether a task counts as done now (prerequisites outside the scope, or already finished). */
  isDone: (taskId: string) => boolean;
  /** Expected duration of a task, for the priority; 1 each when unknown. */
  weight?: (taskId: string) => number;
  /** Tasks the user released from failed prerequisites. */
  released?: (taskId: string) => boolean;
}

export interface Hold {
  taskId: string;
  reason: string;
}

export class GraphScheduler {
  readonly ranks: Map<string, number>;
  private readonly index: GraphIndex;
  private readonly state = new Map<string, NodeState>();
  private readonly position = new Map<string, number>();
  /** Ready tasks, kept sorted by priority (highest rank first, then board order). */
  private readyList: string[] = [];
  private readonly failedPrereqs = new Map<string, Set<string>>();
  private readonly releasedIds = new Set<string>();

  constructor(private readonly opts: SchedulerOptions) {
    this.index = opts.validation.index;
    this.ranks = remainingPathRanks(opts.validation, opts.weight);
    opts.validation.order.forEach((id, i) => this.position.set(id, i));
    for (const id of opts.scope) {
      this.state.set(id, 'waiting');
      if (opts.released?.(id)) this.releasedIds.add(id);
    }
    for (const id of opts.scope) this.promoteIfReady(id);
  }

  stateOf(taskId: string): NodeState | undefined {
    return this.state.get(taskId);
  }

  get scope(): string[] {
    return [...this.state.keys()];
  }

  /** Ready tasks in the order they should start. */
  ready(): readonly string[] {
    return this.readyList;
  }

  /** Takes up to `count` ready tasks (highest priority first) and marks them active. */
  take(count: number): string[] {
    const taken = this.readyList.splice(0, Math.max(0, count));
    for (const id of taken) this.state.set(id, 'active');
    return taken;
  }

  /** The run succeeded but the task is not done yet (checks, or waiting to be accepted). */
  succeededNotDone(taskId: string): void {
    this.state.set(taskId, 'succeeded');
  }

  /** The task is done: returns its dependants that became ready. A failed task retried to success lifts its holds. */
  done(taskId: string): { ready: string[]; unheld: string[] } {
    const was = this.state.get(taskId);
    if (was !== undefined) this.state.set(taskId, 'done');
    const unheld: string[] = [];
    if (was === 'failed') {
      for (const [id, prereqs] of this.failedPrereqs) {
        prereqs.delete(taskId);
        if (prereqs.size === 0) {
          this.failedPrereqs.delete(id);
          if (this.state.get(id) === 'held') {
            this.state.set(id, 'waiting');
            unheld.push(id);
          }
        }
      }
    }
    return { ready: this.promoteDependants(taskId), unheld };
  }

  /** The task's run failed: every descendant in scope is held, with the reason naming it. */
  failed(taskId: string): Hold[] {
    this.state.set(taskId, 'failed');
    const reason = `held: ${titleOf(this.index, taskId)} failed`;
    const holds: Hold[] = [];
    for (const id of descendantsOf(this.index, taskId)) {
      const s = this.state.get(id);
      if (s === undefined || this.releasedIds.has(id)) continue;
      let set = this.failedPrereqs.get(id);
      if (!set) this.failedPrereqs.set(id, (set = new Set()));
      set.add(taskId);
      if (s === 'waiting' || s === 'ready' || s === 'held') {
        if (s === 'ready') this.readyList = this.readyList.filter((r) => r !== id);
        if (s !== 'held') holds.push({ taskId: id, reason });
        this.state.set(id, 'held');
      }
    }
    // Released dependants treat the failure as done for them.
    for (const id of descendantsOf(this.index, taskId)) if (this.releasedIds.has(id)) this.promoteIfReady(id);
    return holds;
  }

  /** A task that was stopped (Stop all): nothing follows from it. */
  stopped(taskId: string): void {
    this.state.set(taskId, 'stopped');
  }

  /** The user released a held task: it may run without its failed prerequisites. */
  release(taskId: string): boolean {
    this.releasedIds.add(taskId);
    this.failedPrereqs.delete(taskId);
    if (this.state.get(taskId) === 'held') this.state.set(taskId, 'waiting');
    return this.promoteIfReady(taskId);
  }

  /** Something outside the scheduler's own runs changed (an accepted prerequisite): look again. */
  recheck(): string[] {
    const now: string[] = [];
    for (const [id, s] of this.state) if (s === 'waiting' && this.promoteIfReady(id)) now.push(id);
    return now;
  }

  count(state: NodeState): number {
    let n = 0;
    for (const s of this.state.values()) if (s === state) n++;
    return n;
  }

  /** Tasks still waiting, each with the prerequisites it waits for. */
  waiting(): Array<{ taskId: string; on: string[] }> {
    const out: Array<{ taskId: string; on: string[] }> = [];
    for (const [id, s] of this.state) {
      if (s !== 'waiting') continue;
      out.push({ taskId: id, on: prerequisitesOf(this.index, id).filter((p) => !this.satisfied(id, p)) });
    }
    return out;
  }

  private promoteDependants(taskId: string): string[] {
    const now: string[] = [];
    for (const d of this.index.dependants.get(taskId) ?? []) if (this.promoteIfReady(d)) now.push(d);
    return now;
  }

  private satisfied(taskId: string, prereq: string): boolean {
    const s = this.state.get(prereq);
    if (s === 'done') return true;
    if (s === 'failed' && this.releasedIds.has(taskId)) return true;
    // Not in scope (or in scope but finished before): the board decides.
    return s === undefined && this.opts.isDone(prereq);
  }

  private promoteIfReady(taskId: string): boolean {
    if (this.state.get(taskId) !== 'waiting') return false;
    for (const p of prerequisitesOf(this.index, taskId)) if (!this.satisfied(taskId, p)) return false;
    this.state.set(taskId, 'ready');
    this.insertReady(taskId);
    return true;
  }

  private insertReady(taskId: string): void {
    const rank = this.ranks.get(taskId) ?? 0;
    const pos = this.position.get(taskId) ?? 0;
    // Binary search: highest rank first, then earlier in topological (board) order.
    let lo = 0;
    let hi = this.readyList.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const other = this.readyList[mid];
      const r = this.ranks.get(other) ?? 0;
      const before = r > rank || (r === rank && (this.position.get(other) ?? 0) < pos);
      if (before) lo = mid + 1;
      else hi = mid;
    }
    this.readyList.splice(lo, 0, taskId);
  }
}
