// Coalesces live log entries into one post per short window per session: a token stream must not
// become one webview message per token, and a quiet stream must not wait long either.
import type { LogEntry } from '../protocol/logEntries';

export class EntryBatcher {
  private buffer = new Map<string, LogEntry[]>();
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly flushTo: (sessionId: string, entries: LogEntry[]) => void,
    private readonly windowMs = 16,
  ) {}

  push(sessionId: string, entries: LogEntry[]): void {
    const list = this.buffer.get(sessionId);
    if (list) list.push(...entries);
    else this.buffer.set(sessionId, [...entries]);
    this.timer ??= setTimeout(() => this.flush(), this.windowMs);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const batches = this.buffer;
    this.buffer = new Map();
    for (const [sessionId, entries] of batches) this.flushTo(sessionId, entries);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.buffer.clear();
  }
}
