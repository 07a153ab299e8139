// Splits a byte stream into lines without ever holding more than the current line. Splitting
// happens on the 0x0A byte, which never occurs inside a multi-byte UTF-8 sequence, so a character
// split across chunks is decoded whole once its line is complete. Pulling with `for await` keeps
// backpressure: a slow (async) line handler pauses the stream instead of growing a buffer.
import type { Readable } from 'node:stream';

export interface ReadLinesOptions {
  /**
   * A line longer than this is handed over in pieces of this size, so a process that never prints
   * a newline cannot exhaust memory. Default 256 MiB — far above any real JSON event.
   */
  maxLineBytes?: number;
}

export interface ReadLinesSummary {
  lines: number;
  /** The stream ended with bytes after the last newline (a process that died mid-line). */
  endedMidLine: boolean;
}

const NEWLINE = 0x0a;

export async function readLines(
  stream: Readable,
  onLine: (line: string) => void | Promise<void>,
  options: ReadLinesOptions = {},
): Promise<ReadLinesSummary> {
  const max = options.maxLineBytes ?? 256 * 1024 * 1024;
  let parts: Buffer[] = [];
  let pending = 0;
  let lines = 0;

  const emit = async (bytes: Buffer) => {
    let text = bytes.toString('utf8');
    if (text.endsWith('\r')) text = text.slice(0, -1);
    lines++;
    await onLine(text);
  };

  for await (const chunk of stream as AsyncIterable<Buffer | string>) {
    let buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    let nl = buf.indexOf(NEWLINE);
    while (nl !== -1) {
      const head = buf.subarray(0, nl);
      const line = parts.length ? Buffer.concat([...parts, head], pending + head.length) : head;
      parts = [];
      pending = 0;
      await emit(line);
      buf = buf.subarray(nl + 1);
      nl = buf.indexOf(NEWLINE);
    }
    if (buf.length) {
      parts.push(buf);
      pending += buf.length;
      while (pending >= max) {
        const all = Buffer.concat(parts, pending);
        // Cut on a character boundary so the piece decodes cleanly.
        let cut = max;
        while (cut > 0 && (all[cut] & 0xc0) === 0x80) cut--;
        await emit(all.subarray(0, cut));
        const rest = all.subarray(cut);
        parts = rest.length ? [rest] : [];
        pending = rest.length;
      }
    }
  }
  const endedMidLine = pending > 0;
  if (endedMidLine) await emit(Buffer.concat(parts, pending));
  return { lines, endedMidLine };
}
