// Appends text to files from a worker thread. A busy agent prints tens of megabytes of log; turning
// that text into bytes and writing it costs the extension host's one thread time it needs for
// parsing the stream and answering the UI. Here the main thread only hands each gathered batch
// over (a copy of the string); encoding and the write system calls happen on the worker.
//
// One worker per process, started on first use and shared by every open file. It keeps the
// process alive only while a request is unanswered (a write must land before the process exits),
// so the headless command still exits on its own. Each file's writes are acknowledged in order; a
// failed open or write fails that file only.
import { Worker } from 'node:worker_threads';

type ToWorker = { op: 'open'; id: number; file: string } | { op: 'write'; id: number; text: string } | { op: 'close'; id: number };
type FromWorker = { op: 'opened' | 'written' | 'closed'; id: number; chars?: number; error?: string };

// Plain JavaScript run with `eval`: nothing to bundle or to find on disk, in the extension, the
// headless command and the tests alike. Every reply carries the file's id; a write reports how
// many characters it took off the queue, so the sender can tell how far behind the disk is.
const WORKER_SOURCE = `
const fs = require('node:fs');
const { parentPort } = require('node:worker_threads');
const files = new Map();
parentPort.on('message', (m) => {
  const reply = { op: m.op === 'open' ? 'opened' : m.op === 'write' ? 'written' : 'closed', id: m.id };
  try {
    if (m.op === 'open') files.set(m.id, { fd: fs.openSync(m.file, 'a'), error: undefined });
    else {
      const f = files.get(m.id);
      if (m.op === 'write') {
        reply.chars = m.text.length;
        if (f && !f.error) {
          const bytes = Buffer.from(m.text, 'utf8');
          for (let at = 0; at < bytes.length; ) at += fs.writeSync(f.fd, bytes, at);
        }
        if (f && f.error) reply.error = f.error;
      } else if (f) {
        files.delete(m.id);
        fs.closeSync(f.fd);
        if (f.error) reply.error = f.error;
      }
    }
  } catch (e) {
    reply.error = (e && e.message) || String(e);
    const f = files.get(m.id);
    if (f && m.op === 'write') f.error = reply.error;
  }
  parentPort.postMessage(reply);
});
`;

interface OpenFile {
  /** Characters handed to the worker and not yet written. */
  pending: number;
  failure: Error | undefined;
  /** Called on every reply for this file. */
  onReply: (reply: FromWorker) => void;
}

class AppendWorker {
  private worker: Worker | undefined;
  private readonly files = new Map<number, OpenFile>();
  private nextId = 1;
  /** Requests sent and not yet answered. */
  private outstanding = 0;

  private ensure(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(WORKER_SOURCE, { eval: true, name: 'viban log writer' });
    worker.on('message', (reply: FromWorker) => {
      if (--this.outstanding === 0) worker.unref();
      this.files.get(reply.id)?.onReply(reply);
    });
    const die = (err: Error) => {
      // Every open file fails; a later open starts a new worker.
      this.worker = undefined;
      this.outstanding = 0;
      for (const f of this.files.values()) f.onReply({ op: 'closed', id: -1, error: err.message });
      this.files.clear();
    };
    worker.on('error', die);
    worker.on('exit', (code) => this.worker === worker && die(new Error(`the log writer thread exited (code ${code})`)));
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private send(message: ToWorker): void {
    const worker = this.ensure();
    worker.postMessage(message);
    if (this.outstanding++ === 0) worker.ref();
  }

  open(file: string): Promise<AppendFile> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const state: OpenFile = { pending: 0, failure: undefined, onReply: () => undefined };
      state.onReply = (reply) => {
        if (reply.op !== 'opened' && !reply.error) return;
        if (reply.error) {
          this.files.delete(id);
          reject(new Error(reply.error));
        } else resolve(new AppendFile(this, id, state));
      };
      this.files.set(id, state);
      try {
        this.send({ op: 'open', id, file });
      } catch (e) {
        this.files.delete(id);
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    });
  }

  /** @internal */
  write(id: number, text: string): void {
    this.send({ op: 'write', id, text });
  }

  /** @internal */
  close(id: number): Promise<void> {
    const state = this.files.get(id);
    if (!state) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const previous = state.onReply;
      state.onReply = (reply) => {
        previous(reply);
        if (reply.op !== 'closed') return;
        this.files.delete(id);
        if (reply.error) reject(new Error(reply.error));
        else resolve();
      };
      this.send({ op: 'close', id });
    });
  }
}

/** One file opened for appending through the shared worker. */
export class AppendFile {
  private waiters: Array<{ below: number; resolve: () => void }> = [];
  private closing: Promise<void> | undefined;

  constructor(
    private readonly owner: AppendWorker,
    private readonly id: number,
    private readonly state: OpenFile,
  ) {
    state.onReply = (reply) => {
      if (reply.error && !state.failure) state.failure = new Error(reply.error);
      if (reply.op === 'written') state.pending -= reply.chars ?? 0;
      if (reply.op === 'closed') state.pending = 0;
      this.wake();
    };
  }

  /** Characters handed over and not yet on disk. */
  get pending(): number {
    return this.state.pending;
  }

  /** Set once a write failed (disk full, file removed…); nothing more is written. */
  get failure(): Error | undefined {
    return this.state.failure;
  }

  append(text: string): void {
    if (this.state.failure) throw this.state.failure;
    if (this.closing) throw new Error('the log file is closed');
    this.state.pending += text.length;
    this.owner.write(this.id, text);
  }

  /** Resolves once fewer than `chars` characters wait for the disk (or the file failed). */
  below(chars: number): Promise<void> {
    if (this.state.pending < chars || this.state.failure) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ below: chars, resolve }));
  }

  /** Everything appended reaches the file, then it is closed. Rejects with the first failure. */
  close(): Promise<void> {
    this.closing ??= this.owner.close(this.id).then(() => {
      if (this.state.failure) throw this.state.failure;
    });
    return this.closing;
  }

  private wake(): void {
    if (!this.waiters.length) return;
    const still: typeof this.waiters = [];
    for (const w of this.waiters) {
      if (this.state.pending < w.below || this.state.failure || this.closing) w.resolve();
      else still.push(w);
    }
    this.waiters = still;
  }
}

let shared: AppendWorker | undefined;

/** Opens `file` for appending (created if missing) on the shared writer thread. */
export function openAppendFile(file: string): Promise<AppendFile> {
  shared ??= new AppendWorker();
  return shared.open(file);
}
