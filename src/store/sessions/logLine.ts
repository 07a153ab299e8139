import { LogEntrySchema, type LogEntry } from '../../protocol/logEntries';

/**
 * One line of a session log. A line that is not a valid entry (a torn last line after a crash,
 * a hand edit) comes back as a `raw` entry so it is shown, never dropped.
 */
export function parseLogLine(line: string, index: number): LogEntry {
  try {
    const r = LogEntrySchema.safeParse(JSON.parse(line));
    if (r.success) return r.data;
  } catch {
    // not JSON: kept verbatim below
  }
  return { kind: 'raw', id: `unreadable-${index}`, seq: index >= 0 ? index : undefined, ts: new Date(0).toISOString(), line };
}
