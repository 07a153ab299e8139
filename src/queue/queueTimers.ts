// The job queue's two timers: one wake-up at the earliest time something is due (a backoff wait
// ending, a lease expiring) and one retry after a failed read or write. At most one of each.
import type { Clock, TimerHandle } from './clock';

export class QueueTimers {
  private wake: { at: number; handle: TimerHandle } | undefined;
  private ioRetry: TimerHandle | undefined;

  constructor(private readonly clock: Clock) {}

  /** Fires `fire` at `at` (undefined: nothing is due); a wake-up already set for that time is kept. */
  wakeAt(at: number | undefined, nowMs: number, fire: () => void): void {
    if (at === this.wake?.at) return;
    if (this.wake) this.clock.clearTimeout(this.wake.handle);
    this.wake = undefined;
    if (at === undefined) return;
    const handle = this.clock.setTimeout(() => {
      this.wake = undefined;
      fire();
    }, at - nowMs);
    this.wake = { at, handle };
  }

  /** Fires `fire` after `delayMs`, unless a retry already waits. */
  retryIo(delayMs: number, fire: () => void): void {
    if (this.ioRetry !== undefined) return;
    this.ioRetry = this.clock.setTimeout(() => {
      this.ioRetry = undefined;
      fire();
    }, delayMs);
  }

  clear(): void {
    if (this.wake) this.clock.clearTimeout(this.wake.handle);
    this.wake = undefined;
    if (this.ioRetry !== undefined) this.clock.clearTimeout(this.ioRetry);
    this.ioRetry = undefined;
  }
}
