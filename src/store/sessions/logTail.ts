// Reads the end of a session log without reading the whole file: a 100 MB log opens at its last
// screen in milliseconds. The lines come from the store's one backwards reader (../backwardLines).
import type { LogEntry } from '../../protocol/logEntries';
import { linesBackward } from '../backwardLines';
import { parseLogLine } from './logLine';

/** Log screens are larger than conversation pages: read bigger chunks, fewer times. */
const CHUNK = 256 * 1024;

/**
 * The last `count` entries whose seq is below `beforeSeq`, oldest first, and whether older
 * entries exist before them.
 */
export async function readLogTail(file: string, count: number, beforeSeq = Number.MAX_SAFE_INTEGER): Promise<{ entries: LogEntry[]; hasOlder: boolean }> {
  const picked: LogEntry[] = [];
  try {
    for await (const line of linesBackward(file, CHUNK)) {
      const entry = parseLogLine(line.text, -1);
      if ((entry.seq ?? -1) >= beforeSeq) continue;
      picked.push(entry);
      // One more than asked: its presence is what says older entries exist.
      if (picked.length > count) break;
    }
  } catch {
    // An unreadable log (a folder in its place, no permission) shows as empty, as before.
    return { entries: [], hasOlder: false };
  }
  return { entries: picked.slice(0, count).reverse(), hasOlder: picked.length > count };
}
