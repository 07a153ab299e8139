// Appends normalized entries to a session's .jsonl. One write stream per session; every line
// passes the redactor, so no secret reaches disk whatever the agent printed.
import { createWriteStream, type WriteStream } from 'node:fs';
import type { LogEntry } from '../protocol/logEntries';
import type { Redactor } from './redactor';

export class LogWriter {
  private closed = false;
  private failure: Error | undefined;

  private constructor(
    private readonly stream: WriteStream,
    private seq: number,
    private readonly redactor: Redactor,
  ) {
    stream.on('error', (err) => (this.failure = err));
  }

  static async open(file: string, firstSeq: number, redactor: Redactor): Promise<LogWriter> {
    const stream = createWriteStream(file, { flags: 'a', encoding: 'utf8' });
    await new Promise<void>((resolve, reject) => {
      stream.once('open', () => resolve());
      stream.once('error', reject);
    });
    return new LogWriter(stream, firstSeq, redactor);
  }

  /** The next entry's sequence number (also the count written so far). */
  get nextSeq(): number {
    return this.seq;
  }

  /** Stamps `seq`, redacts, appends. Returns the entry as written (what views should show). */
  append(entry: LogEntry): LogEntry {
    if (this.failure) throw this.failure;
    // Nothing may arrive after close (the session layer guards it); if it does, it is not written.
    if (this.closed) return entry;
    const stamped = { ...entry, seq: this.seq++ } as LogEntry;
    const json = JSON.stringify(stamped);
    const line = this.redactor.redact(json);
    this.stream.write(line + '\n');
    // Re-parse only when something was masked; the common path serialises once.
    return line === json ? stamped : (JSON.parse(line) as LogEntry);
  }

  /** Flushes everything written so far to the file. */
  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closed = true;
    return new Promise((resolve, reject) => this.stream.end((err?: Error | null) => (err ? reject(err) : resolve())));
  }
}
