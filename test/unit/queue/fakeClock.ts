// A clock whose time only moves when the test says so; timers fire in due order as it advances.
import type { Clock, TimerHandle } from '../../../src/queue/clock';

interface Timer {
  id: number;
  at: number;
  delay: number;
  fn: () => void;
}

export class FakeClock implements Clock {
  private t: number;
  private nextId = 1;
  private readonly timers = new Map<number, Timer>();

  constructor(start = Date.parse('2026-03-01T10:00:00.000Z')) {
    this.t = start;
  }

  now(): number {
    return this.t;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const id = this.nextId++;
    this.timers.set(id, { id, at: this.t + Math.max(0, ms), delay: ms, fn });
    return id;
  }

  clearTimeout(handle: TimerHandle): void {
    this.timers.delete(handle as number);
  }

  /** Pending timers, earliest first. */
  pending(): { at: number; delay: number }[] {
    return [...this.timers.values()].sort((a, b) => a.at - b.at || a.id - b.id).map(({ at, delay }) => ({ at, delay }));
  }

  /** Moves time forward by `ms`, firing every timer that falls due on the way, in order. */
  advance(ms: number): void {
    const target = this.t + ms;
    for (;;) {
      const next = [...this.timers.values()].filter((t) => t.at <= target).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!next) break;
      this.timers.delete(next.id);
      this.t = next.at;
      next.fn();
    }
    this.t = target;
  }
}
