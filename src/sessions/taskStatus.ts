// What a card says about its agent, derived from the session's entries. Board writes are
// coalesced: a fast stream of tool calls updates the card a few times a second, not per line.
import type { LogEntry } from '../protocol/logEntries';
import { commandOf, filePathOf } from '../shared/toolInput';
import type { AgentStatus } from '../protocol/model';

export interface CardStatus {
  agentStatus: AgentStatus;
  agentStatusMessage?: string;
}

/** Shared (and frozen): most entries of a stream map to it, one allocation saved each. */
const THINKING: CardStatus = Object.freeze({ agentStatus: 'thinking', agentStatusMessage: 'Thinking…' });

export function statusForEntry(entry: LogEntry): CardStatus | undefined {
  switch (entry.kind) {
    case 'assistant':
    case 'thinking':
      return THINKING;
    case 'tool_use':
      return { agentStatus: 'executing', agentStatusMessage: describeTool(entry.name, entry.input) };
    case 'approval_request':
      return { agentStatus: 'waiting_for_user', agentStatusMessage: `Waiting for you: allow ${entry.toolName}?` };
    case 'approval_response':
      return THINKING;
    default:
      return undefined;
  }
}

/** "Running npm test", "Editing src/app.ts": what the agent is doing, in a few words. */
export function describeTool(name: string, input: unknown): string {
  const file = filePathOf(input);
  const command = commandOf(input);
  if (command) return `Running ${short(command)}`;
  if (/write|edit|patch|replace|create/i.test(name) && file) return `Editing ${short(file)}`;
  if (/read|view|cat/i.test(name) && file) return `Reading ${short(file)}`;
  if (/grep|glob|search|find|list|ls/i.test(name)) return `Searching (${name})`;
  return `Using ${name}`;
}

// Module-level rather than a closure in describeTool: it runs for every tool call of a stream.
const short = (s: string) => (s.length > 60 ? `${s.slice(0, 57)}…` : s);

/**
 * Calls `flush` with the latest value at most every `intervalMs`; `flushNow` forces it. A value
 * equal to the last one flushed (same fields) is not flushed again. Values are compared field by
 * field rather than serialised: push runs once per log entry.
 */
export class Coalescer<T> {
  private pending: T | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private last: T | undefined;

  constructor(
    private readonly intervalMs: number,
    private readonly flush: (value: T) => Promise<unknown>,
  ) {}

  push(value: T): void {
    if (this.pending === undefined && this.last !== undefined && sameJson(value, this.last)) return;
    this.pending = value;
    this.timer ??= setTimeout(() => void this.flushNow(), this.intervalMs);
  }

  /** Drops a pending value (a final status supersedes it). */
  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = undefined;
  }

  async flushNow(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const value = this.pending;
    this.pending = undefined;
    if (value === undefined) return;
    if (this.last !== undefined && sameJson(value, this.last)) return;
    this.last = value;
    await this.flush(value).catch(() => undefined);
  }
}

/**
 * Equal as JSON would say (fields whose value is undefined do not count), without serialising:
 * flat objects are compared field by field, anything nested falls back to JSON.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (!isPlainRecord(a) || !isPlainRecord(b)) return JSON.stringify(a) === JSON.stringify(b);
  let count = 0;
  for (const k in a) {
    const v = a[k];
    if (v === undefined) continue;
    count++;
    const w = b[k];
    if (v !== w && (typeof v !== 'object' || v === null || JSON.stringify(v) !== JSON.stringify(w))) return false;
  }
  for (const k in b) if (b[k] !== undefined) count--;
  return count === 0;
}

function isPlainRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;
}
