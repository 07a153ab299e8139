import type { DetectResult, Executor } from './types';

/** The executors this window (or the `viban` command) can run, by id. */
export class ExecutorRegistry {
  private readonly executors = new Map<string, Executor>();

  register(executor: Executor): void {
    if (this.executors.has(executor.id)) throw new Error(`Two executors use the id "${executor.id}".`);
    this.executors.set(executor.id, executor);
  }

  /** Replaces the set of executors from one source (for example custom executors after a settings change). */
  replace(ids: Iterable<string>, next: Executor[]): void {
    for (const id of ids) this.executors.delete(id);
    next.forEach((e) => this.register(e));
  }

  get(id: string): Executor | undefined {
    return this.executors.get(id);
  }

  require(id: string): Executor {
    const e = this.executors.get(id);
    if (!e) throw new Error(`Unknown executor "${id}". Known: ${[...this.executors.keys()].join(', ') || 'none'}.`);
    return e;
  }

  list(): Executor[] {
    return [...this.executors.values()];
  }

  /** Detection for every executor in parallel; a detector that throws is reported, not fatal. */
  async detectAll(): Promise<Array<{ executor: Executor; detection: DetectResult }>> {
    return Promise.all(
      this.list().map(async (executor) => {
        try {
          return { executor, detection: await executor.detect() };
        } catch (err) {
          return { executor, detection: { installed: false, reason: `Detection failed: ${(err as Error).message}` } };
        }
      }),
    );
  }
}
