// What a card says about its agent, derived from the session's entries. Board writes are
// coalesced: a fast stream of tool calls updates the card a few times a second, not per line.
import type { LogEntry } from '../protocol/logEntries';
import type { AgentStatus } from '../protocol/model';

export interface CardStatus {
  agentStatus: AgentStatus;
  agentStatusMessage?: string;
}

export function statusForEntry(entry: LogEntry): CardStatus | undefined {
  switch (entry.kind) {
    case 'assistant':
    case 'thinking':
      return { agentStatus: 'thinking', agentStatusMessage: 'Thinking…' };
    case 'tool_use':
      return { agentStatus: 'executing', agentStatusMessage: describeTool(entry.name, entry.input) };
    case 'approval_request':
      return { agentStatus: 'waiting_for_user', agentStatusMessage: `Waiting for you: allow ${entry.toolName}?` };
    case 'approval_response':
      return { agentStatus: 'thinking', agentStatusMessage: 'Thinking…' };
    default:
      return undefined;
  }
}

/** "Running npm test", "Editing src/app.ts": what the agent is doing, in a few words. */
export function describeTool(name: string, input: unknown): string {
  const i = (input && typeof input === 'object' ? input : {}) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const file = str(i.file_path) ?? str(i.path) ?? str(i.filePath) ?? str(i.file);
  const command = str(i.command) ?? (Array.isArray(i.command) ? i.command.join(' ') : undefined);
  const short = (s: string) => (s.length > 60 ? `${s.slice(0, 57)}…` : s);
  if (command) return `Running ${short(command)}`;
  if (/write|edit|patch|replace|create/i.test(name) && file) return `Editing ${short(file)}`;
  if (/read|view|cat/i.test(name) && file) return `Reading ${short(file)}`;
  if (/grep|glob|search|find|list|ls/i.test(name)) return `Searching (${name})`;
  return `Using ${name}`;
}

/** Calls `flush` with the latest value at most every `intervalMs`; `flushNow` forces it. */
export class Coalescer<T> {
  private pending: T | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private last: string | undefined;

  constructor(
    private readonly intervalMs: number,
    private readonly flush: (value: T) => Promise<unknown>,
  ) {}

  push(value: T): void {
    const key = JSON.stringify(value);
    if (key === this.last && this.pending === undefined) return;
    this.pending = value;
    this.timer ??= setTimeout(() => void this.flushNow(), this.intervalMs);
  }

  async flushNow(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const value = this.pending;
    this.pending = undefined;
    if (value === undefined) return;
    const key = JSON.stringify(value);
    if (key === this.last) return;
    this.last = key;
    await this.flush(value).catch(() => undefined);
  }
}
