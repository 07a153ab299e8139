/**
 * Runs async jobs one at a time, in call order. Within one process the file lock alone would
 * work but spin on its own retries; this also keeps a watcher's read from landing between a
 * write and the bookkeeping that marks that write as our own.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(job: () => Promise<T>): Promise<T> {
    const result = this.tail.then(job);
    // The chain must survive a failed job; the caller still sees the failure through `result`.
    this.tail = result.catch(() => undefined);
    return result;
  }
}
