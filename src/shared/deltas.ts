// Streamed text: an agent sends an assistant or thinking message as pieces (`delta: true`) under
// one id, and a full entry with that id replaces what the pieces built. The executor coalesces
// pieces, the log view and the task's conversation rebuild text from them — all with these rules.
import type { LogEntry } from '../protocol/logEntries';

export type TextEntry = Extract<LogEntry, { kind: 'assistant' | 'thinking' }>;

export const isTextEntry = (e: LogEntry): e is TextEntry => e.kind === 'assistant' || e.kind === 'thinking';

/** True when `next` continues `previous`: a delta of the same kind of text (by kind only: ids are matched by the caller's index). */
export function continuesText(previous: LogEntry, next: LogEntry): boolean {
  return isTextEntry(next) && next.delta === true && isTextEntry(previous) && previous.kind === next.kind;
}

/** True when `next` is a delta that extends `previous` (same kind and same id). */
export function isDeltaOf(previous: LogEntry, next: LogEntry): next is TextEntry {
  return continuesText(previous, next) && (previous as TextEntry).delta === true && previous.id === next.id;
}

/** The text so far after `entry`: a delta appends to it, a full entry replaces it. */
export function textAfter(sofar: string | undefined, entry: TextEntry): string {
  return entry.delta ? (sofar ?? '') + entry.text : entry.text;
}
