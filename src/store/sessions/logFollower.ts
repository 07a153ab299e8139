// Follows a session's .jsonl from where it last stopped, so `viban log --follow` can tail a log
// another process is still writing. A torn last line waits for its newline; a line that is not a
// valid entry comes back as `raw` (the store's own rule, parseLogLine).
import { promises as fs } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import type { LogEntry } from '../../protocol/logEntries';
import { parseLogLine } from './logLine';

export class LogFollower {
  private offset = 0;
  private rest = '';
  private index = 0;
  private readonly decoder = new StringDecoder('utf8');

  constructor(private readonly file: string) {}

  /** The complete entries appended since the last call (all of them the first time). */
  async read(): Promise<LogEntry[]> {
    let handle: fs.FileHandle;
    try {
      handle = await fs.open(this.file, 'r');
    } catch {
      return []; // not created yet
    }
    try {
      const { size } = await handle.stat();
      if (size <= this.offset) return [];
      const buffer = Buffer.alloc(size - this.offset);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, this.offset);
      this.offset += bytesRead;
      const lines = (this.rest + this.decoder.write(buffer.subarray(0, bytesRead))).split('\n');
      this.rest = lines.pop() ?? '';
      return lines.filter((l) => l.trim()).map((l) => parseLogLine(l, this.index++));
    } finally {
      await handle.close();
    }
  }
}
