// Splits a byte stream into lines without ever holding more than the current line. Splitting
// happens on the 0x0A byte, which never occurs inside a multi-byte UTF-8 sequence, so everything
// up to a chunk's last newline decodes whole in one call (cheaper than a Buffer and a decode per
// line); the bytes after it wait, as bytes, for the next chunk. Pulling with `for await` keeps
// backpressure: a handler that returns a promise pauses the stream until it settles, instead of
// growing a buffer. A handler that returns nothing costs no await.
import type { Readable } from 'node:stream';

export interface ReadLinesOptions {
  /**
   * A line longer than this is handed over in pieces of this size, so a process that never prints
   * a newline cannot exhaust memory. Default 256 MiB — far above any real JSON event.
   */
  maxLineBytes?: number;
  /**
   * Called after each chunk's complete lines were handed over (and after the last line), before
   * more is read: a consumer can act once per chunk (e.g. merge what those lines produced).
   */
  onBatchEnd?: () => void | Promise<void>;
  /**
   * Gets the bytes after the last newline when the stream ends without one (a process that died
   * mid-line): an incomplete line, which must not be read as if it were whole. Default: onLine.
   */
  onPartialLine?: (text: string) => void | Promise<void>;
}

export interface ReadLinesSummary {
  lines: number;
  /** The stream ended with bytes after the last newline (a process that died mid-line). */
  endedMidLine: boolean;
}

const NEWLINE = 0x0a;
const CR = 13;

export async function readLines(
  stream: Readable,
  onLine: (line: string) => void | Promise<void>,
  options: ReadLinesOptions = {},
): Promise<ReadLinesSummary> {
  const max = options.maxLineBytes ?? 256 * 1024 * 1024;
  let parts: Buffer[] = [];
  let pending = 0;
  let lines = 0;

  /** Hands one line over; a promise only when the handler asked to be waited for. */
  const emit = (text: string): void | Promise<void> => {
    if (text.charCodeAt(text.length - 1) === CR) text = text.slice(0, -1);
    lines++;
    return onLine(text);
  };

  for await (const chunk of stream as AsyncIterable<Buffer | string>) {
    let buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    const last = buf.lastIndexOf(NEWLINE);
    if (last !== -1) {
      let from = 0;
      if (parts.length) {
        // The line begun in earlier chunks ends at this chunk's first newline.
        const nl = buf.indexOf(NEWLINE);
        const wait = emit(Buffer.concat([...parts, buf.subarray(0, nl)], pending + nl).toString('utf8'));
        parts = [];
        pending = 0;
        if (wait) await wait;
        from = nl + 1;
      }
      if (from <= last) {
        // Every other complete line of the chunk in one decode.
        const text = buf.toString('utf8', from, last);
        let start = 0;
        for (;;) {
          const nl = text.indexOf('\n', start);
          const wait = emit(nl === -1 ? text.slice(start) : text.slice(start, nl));
          if (wait) await wait;
          if (nl === -1) break;
          start = nl + 1;
        }
      }
      buf = buf.subarray(last + 1);
      const wait = options.onBatchEnd?.();
      if (wait) await wait;
    }
    if (buf.length) {
      parts.push(buf);
      pending += buf.length;
      while (pending >= max) {
        const all = Buffer.concat(parts, pending);
        // Cut on a character boundary so the piece decodes cleanly.
        let cut = max;
        while (cut > 0 && (all[cut] & 0xc0) === 0x80) cut--;
        const wait = emit(all.toString('utf8', 0, cut));
        if (wait) await wait;
        const rest = all.subarray(cut);
        parts = rest.length ? [rest] : [];
        pending = rest.length;
      }
    }
  }
  const endedMidLine = pending > 0;
  if (endedMidLine) {
    const text = Buffer.concat(parts, pending).toString('utf8');
    if (options.onPartialLine) (lines++, await options.onPartialLine(text));
    else await emit(text);
  }
  await options.onBatchEnd?.();
  return { lines, endedMidLine };
}
