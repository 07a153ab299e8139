// An entry's JSON, when whoever made the entry already had it as text. A normalizer that reads a
// tool's output straight off the agent's line can hand the log writer that spelling instead of
// having the writer escape the whole output again.
//
// Kept on the entry as a non-enumerable symbol property: JSON, structured clone, postMessage,
// deep-equality and copies (spread, Object.assign) all leave it out, so a changed copy can never
// be written with the text of the original. (A WeakMap did the same, but tens of thousands of
// short-lived keys made every garbage collection slower: measured in the ingest bench.)
import type { LogEntry } from './logEntries';

const JSON_TEXT = Symbol('viban.entryJson');

/**
 * Records the JSON of `entry` without its closing brace (the writer appends `,"seq":N}`). It must
 * parse to exactly the entry's fields; the caller's tests prove that.
 */
export function withJson<E extends LogEntry>(entry: E, jsonWithoutClose: string): E {
  Object.defineProperty(entry, JSON_TEXT, { value: jsonWithoutClose });
  return entry;
}

/** The recorded JSON of this very entry object (without its closing brace), if any. */
export function jsonOf(entry: LogEntry): string | undefined {
  return (entry as unknown as Record<symbol, string | undefined>)[JSON_TEXT];
}

const WRITTEN_LINE = Symbol('viban.writtenLine');

/** Records the exact (redacted) line the log writer wrote for `entry`, so a printer need not spell it again. */
export function withWrittenLine<E extends LogEntry>(entry: E, line: string): E {
  Object.defineProperty(entry, WRITTEN_LINE, { value: line });
  return entry;
}

/** The log line written for this very entry object (no newline), if the writer recorded it. */
export function writtenLineOf(entry: LogEntry): string | undefined {
  return (entry as unknown as Record<symbol, string | undefined>)[WRITTEN_LINE];
}
