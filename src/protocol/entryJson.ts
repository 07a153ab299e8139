// An entry's JSON, when whoever made the entry already had it as text. A normalizer that reads a
// tool's output straight off the agent's line can hand the log writer that spelling instead of
// having the writer escape the whole output again. Kept beside the entry rather than on it: a
// copy of the entry (a merge, a spread) has none, so a changed copy can never be written with
// the text of the original.
import type { LogEntry } from './logEntries';

const texts = new WeakMap<LogEntry, string>();

/**
 * Records the JSON of `entry` without its closing brace (the writer appends `,"seq":N}`). It must
 * parse to exactly the entry's fields; the caller's tests prove that.
 */
export function withJson<E extends LogEntry>(entry: E, jsonWithoutClose: string): E {
  texts.set(entry, jsonWithoutClose);
  return entry;
}

/** The recorded JSON of this very entry object (without its closing brace), if any. */
export function jsonOf(entry: LogEntry): string | undefined {
  return texts.get(entry);
}
