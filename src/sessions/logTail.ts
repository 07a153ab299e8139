// Reads the end of a session log without reading the whole file: a 100 MB log opens at its last
// screen in milliseconds. Chunks are read backwards and split on '\n' (a byte that never occurs
// inside a multi-byte UTF-8 sequence, so decoding whole lines is always safe).
import { promises as fs } from 'node:fs';
import type { LogEntry } from '../protocol/logEntries';
import { parseLogLine } from './logLine';

const CHUNK = 256 * 1024;

/**
 * The last `count` entries whose seq is below `beforeSeq`, oldest first, and whether older
 * entries exist before them.
 */
export async function readLogTail(file: string, count: number, beforeSeq = Number.MAX_SAFE_INTEGER): Promise<{ entries: LogEntry[]; hasOlder: boolean }> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, 'r');
  } catch {
    return { entries: [], hasOlder: false };
  }
  try {
    const { size } = await handle.stat();
    const picked: LogEntry[] = [];
    let position = size;
    let carry: Buffer = Buffer.alloc(0);
    while (position > 0 && picked.length <= count) {
      const length = Math.min(CHUNK, position);
      position -= length;
      const chunk = Buffer.alloc(length);
      await handle.read(chunk, 0, length, position);
      let buf = carry.length ? Buffer.concat([chunk, carry]) : chunk;
      // Everything after the first newline is made of whole lines; the head may be partial.
      let end = buf.length;
      for (let i = buf.length - 1; i >= 0; i--) {
        if (buf[i] !== 0x0a) continue;
        if (i + 1 < end) take(buf.subarray(i + 1, end));
        end = i;
        if (picked.length > count) break;
      }
      carry = buf.subarray(0, end);
      buf = Buffer.alloc(0);
    }
    if (position === 0 && carry.length && picked.length <= count) take(carry);
    const hasOlder = picked.length > count || (position > 0);
    return { entries: picked.slice(0, count).reverse(), hasOlder };

    function take(bytes: Buffer): void {
      const line = bytes.toString('utf8').trim();
      if (!line) return;
      const entry = parseLogLine(line, -1);
      if ((entry.seq ?? -1) >= beforeSeq) return;
      picked.push(entry);
    }
  } finally {
    await handle.close();
  }
}
