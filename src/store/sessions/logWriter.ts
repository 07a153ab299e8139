// Appends normalized entries to a session's .jsonl. Every line passes the redactor, so no secret
// reaches disk whatever the agent printed.
//
// Lines are gathered and handed over once per turn of the event loop (or per 64 KiB), not one
// write per entry: an agent prints hundreds of thousands of lines. The writing itself happens on
// the shared writer thread (appendWorker.ts), off the extension host's thread (measured against
// fs.write on libuv's pool: `npm run bench -- ingest` 1.33x vs 1.74x the bare reader). When the disk falls
// behind by more than HIGH_WATER, `backlog` is a promise the executor waits on before reading more
// agent output, so memory stays bounded instead of queueing the whole stream.
import { jsonOf, withWrittenLine } from '../../protocol/entryJson';
import type { LogEntry } from '../../protocol/logEntries';
import { openAppendFile, type AppendFile } from './appendWorker';
import type { Redactor } from '../../secrets/redactor';

/** Gathered text handed to the stream at once beyond this many characters. */
const FLUSH_CHARS = 64 * 1024;
/** Characters queued for the disk beyond which the writer asks the reader to wait (until half are written). */
const HIGH_WATER = 4 * 1024 * 1024;

export class LogWriter {
  private closed = false;
  private gathered = '';
  private flushScheduled = false;
  private drained: Promise<void> | undefined;

  private constructor(
    private readonly file: AppendFile,
    private seq: number,
    private readonly redactor: Redactor,
  ) {}

  static async open(file: string, firstSeq: number, redactor: Redactor): Promise<LogWriter> {
    return new LogWriter(await openAppendFile(file), firstSeq, redactor);
  }

  /** The next entry's sequence number (also the count written so far). */
  get nextSeq(): number {
    return this.seq;
  }

  /**
   * Set while more than HIGH_WATER characters wait for the disk: resolves once half of them are
   * written (or the file failed — the next append throws then). Never rejects.
   */
  get backlog(): Promise<void> | undefined {
    return this.drained;
  }

  /** Stamps `seq`, redacts, appends. Returns the entry as written (what views should show). */
  append(entry: LogEntry): LogEntry {
    if (this.file.failure) throw this.file.failure;
    // Nothing may arrive after close (the session layer guards it); if it does, it is not written.
    if (this.closed) return entry;
    // Same object as `{ ...entry, seq }`, but a megamorphic object spread allocates its copies
    // where they outlive young-generation GCs: measured, it was most of the old-space growth
    // (peak RSS) while ingesting a big stream.
    let stamped: LogEntry = Object.assign({}, entry);
    stamped.seq = this.seq;
    // A big tool output read straight off the agent's line is not escaped a second time.
    const made = jsonOf(entry);
    let json: string;
    try {
      json = made === undefined ? JSON.stringify(stamped) : `${made},"seq":${stamped.seq}}`;
    } catch (e) {
      // An entry JSON cannot spell (a tool input nested 20,000 deep overflows the stack) is not
      // dropped: it goes in raw, as far as it can be spelled, and says why.
      stamped = unwritable(stamped, e);
      json = JSON.stringify(stamped);
    }
    this.seq++;
    const line = this.redactor.redact(json);
    this.gathered += line;
    this.gathered += '\n';
    if (this.gathered.length >= FLUSH_CHARS) this.flush();
    else if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(this.flushSoon);
    }
    // Re-parse only when something was masked; the common path serialises once.
    return withWrittenLine(line === json ? stamped : (JSON.parse(line) as LogEntry), line);
  }

  private readonly flushSoon = () => {
    this.flushScheduled = false;
    if (!this.closed) this.flush();
  };

  private flush(): void {
    if (!this.gathered) return;
    const text = this.gathered;
    this.gathered = '';
    if (this.file.failure) return; // the next append reports it
    this.file.append(text);
    if (this.drained || this.file.pending <= HIGH_WATER) return;
    this.drained = this.file.below(HIGH_WATER / 2).then(() => {
      this.drained = undefined;
    });
  }

  /**
   * Resolves once every entry appended so far is in the file (a reader joining a live session
   * reads the file after this, and takes what comes later from the live entries). Never rejects.
   */
  settled(): Promise<void> {
    if (!this.closed) this.flush();
    return this.file.below(1);
  }

  /** Flushes everything written so far to the file. */
  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.flush();
    this.closed = true;
    return this.file.close();
  }
}

/** Characters of an unwritable entry kept in its raw stand-in. */
const UNWRITABLE_CHARS = 64 * 1024;
/** Nesting spelled out in the stand-in; anything deeper is cut with a marker. */
const UNWRITABLE_DEPTH = 64;

/** A raw entry standing in for one that could not be serialised, with as much of it as is safe. */
function unwritable(entry: LogEntry, error: unknown): LogEntry {
  const why = error instanceof Error ? error.message : String(error);
  let text = shallowJson(entry, UNWRITABLE_DEPTH);
  if (text.length > UNWRITABLE_CHARS) text = `${text.slice(0, UNWRITABLE_CHARS)}…[viban: cut at ${UNWRITABLE_CHARS} characters]`;
  return { kind: 'raw', id: entry.id, ts: entry.ts, seq: entry.seq, line: `[viban: this ${entry.kind} entry could not be written whole (${why}); as far as it could be spelled:] ${text}` };
}

/** JSON of `value` with nesting past `depth` replaced by a marker (never recurses deeper). */
function shallowJson(value: unknown, depth: number): string {
  if (value === null || typeof value !== 'object') {
    try {
      return JSON.stringify(value) ?? 'null';
    } catch {
      return JSON.stringify(String(value));
    }
  }
  if (depth === 0) return '"[viban: nested deeper than this, cut]"';
  if (Array.isArray(value)) return `[${value.map((v) => shallowJson(v, depth - 1)).join(',')}]`;
  return `{${Object.entries(value)
    .map(([k, v]) => `${JSON.stringify(k)}:${shallowJson(v, depth - 1)}`)
    .join(',')}}`;
}
