// Lines of a file from the last to the first, read in chunks from the end, so the newest page of
// a long conversation costs a few kilobytes whatever the file's size (the approach of
// ../logTail.ts). Splitting on '\n' is safe for UTF-8: that byte never occurs inside a
// multi-byte sequence, so whole lines always decode cleanly.
import { promises as fs } from 'node:fs';
import { errorCode } from '../store/fsErrors';

const CHUNK = 64 * 1024;

export interface BackwardLine {
  text: string;
  /** Byte offset of the line's first byte: 0 means it is the first line of the file. */
  offset: number;
}

/** Non-empty lines, newest first. A missing file has none. Stop early by breaking out of the loop. */
export async function* linesBackward(file: string, chunkSize = CHUNK): AsyncGenerator<BackwardLine> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, 'r');
  } catch (err) {
    if (errorCode(err) === 'ENOENT') return;
    throw err;
  }
  try {
    let position = (await handle.stat()).size;
    let carry: Buffer = Buffer.alloc(0);
    while (position > 0) {
      const length = Math.min(chunkSize, position);
      position -= length;
      const chunk = Buffer.alloc(length);
      await handle.read(chunk, 0, length, position);
      const buf = carry.length ? Buffer.concat([chunk, carry]) : chunk;
      // Everything after the first newline in `buf` is whole lines; the head may continue further back.
      let end = buf.length;
      for (let i = buf.length - 1; i >= 0; i--) {
        if (buf[i] !== 0x0a) continue;
        const text = buf.subarray(i + 1, end).toString('utf8').trim();
        if (text) yield { text, offset: position + i + 1 };
        end = i;
      }
      carry = buf.subarray(0, end);
    }
    const first = carry.toString('utf8').trim();
    if (first) yield { text: first, offset: 0 };
  } finally {
    await handle.close();
  }
}

/** Whether the file ends with a newline (false for an empty or missing file, or after a torn write). */
export async function endsWithNewline(file: string): Promise<{ size: number; newline: boolean }> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, 'r');
  } catch (err) {
    if (errorCode(err) === 'ENOENT') return { size: 0, newline: false };
    throw err;
  }
  try {
    const { size } = await handle.stat();
    if (size === 0) return { size, newline: false };
    const last = Buffer.alloc(1);
    await handle.read(last, 0, 1, size - 1);
    return { size, newline: last[0] === 0x0a };
  } finally {
    await handle.close();
  }
}
