// Appends text to a file without blocking the thread on the disk. A busy agent prints tens of
// megabytes of log; the write system calls run on libuv's thread pool (fs.write), one at a time
// per file so batches land in order, while the batches appended meanwhile wait, joined, for the
// next write. This thread only turns each batch into bytes.
//
// (The logs were written by a worker thread before: measured, handing a 64 KiB string to a worker
// with postMessage costs this thread about twice what encoding it does — a tenth of `viban run`'s
// time on a 100 MB transcript — and the worker's acknowledgements came back as events.)
//
// Each write in flight keeps the process alive (a write must land before the process exits), and
// nothing else does, so the headless command still exits on its own. A failed open or write fails
// that file only.
import fs from 'node:fs';

/** One file opened for appending. */
export class AppendFile {
  /** Characters appended and not yet on disk (the one write in flight included). */
  private pendingChars = 0;
  /** Text waiting for the write in flight to finish. */
  private queued = '';
  private writing = false;
  private failed: Error | undefined;
  private waiters: Array<{ below: number; resolve: () => void }> = [];
  private closing: Promise<void> | undefined;
  private onIdle: (() => void) | undefined;

  private constructor(private readonly fd: number) {}

  static open(file: string): Promise<AppendFile> {
    return new Promise((resolve, reject) => fs.open(file, 'a', (err, fd) => (err ? reject(err) : resolve(new AppendFile(fd)))));
  }

  /** Characters handed over and not yet on disk. */
  get pending(): number {
    return this.pendingChars;
  }

  /** Set once a write failed (disk full, file removed…); nothing more is written. */
  get failure(): Error | undefined {
    return this.failed;
  }

  append(text: string): void {
    if (this.failed) throw this.failed;
    if (this.closing) throw new Error('the log file is closed');
    if (!text) return;
    this.pendingChars += text.length;
    this.queued += text;
    if (!this.writing) this.writeQueued();
  }

  /** Resolves once fewer than `chars` characters wait for the disk (or the file failed). */
  below(chars: number): Promise<void> {
    if (this.pendingChars < chars || this.failed) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ below: chars, resolve }));
  }

  /** Everything appended reaches the file, then it is closed. Rejects with the first failure. */
  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      if (!this.writing) resolve();
      else this.onIdle = resolve;
    }).then(
      () =>
        new Promise<void>((resolve, reject) =>
          fs.close(this.fd, (err) => {
            if (this.failed) reject(this.failed);
            else if (err) reject(err);
            else resolve();
          }),
        ),
    );
    return this.closing;
  }

  private writeQueued(): void {
    const chars = this.queued.length;
    const bytes = Buffer.from(this.queued, 'utf8');
    this.queued = '';
    this.writing = true;
    this.writeFrom(bytes, 0, chars);
  }

  private writeFrom(bytes: Buffer, at: number, chars: number): void {
    fs.write(this.fd, bytes, at, bytes.length - at, null, (err, written) => {
      if (err) return this.settle(chars, err);
      if (at + written < bytes.length) return this.writeFrom(bytes, at + written, chars); // a short write: the rest
      this.settle(chars, undefined);
    });
  }

  private settle(chars: number, err: Error | undefined): void {
    this.pendingChars -= chars;
    if (err && !this.failed) this.failed = err;
    if (this.failed) {
      // Nothing more is written: what waits is dropped, and waiting on it ends.
      this.pendingChars -= this.queued.length;
      this.queued = '';
    }
    if (this.queued) this.writeQueued();
    else {
      this.writing = false;
      this.onIdle?.();
      this.onIdle = undefined;
    }
    this.wake();
  }

  private wake(): void {
    if (!this.waiters.length) return;
    const still: typeof this.waiters = [];
    for (const w of this.waiters) {
      if (this.pendingChars < w.below || this.failed) w.resolve();
      else still.push(w);
    }
    this.waiters = still;
  }
}

/** Opens `file` for appending (created if missing). */
export function openAppendFile(file: string): Promise<AppendFile> {
  return AppendFile.open(file);
}
