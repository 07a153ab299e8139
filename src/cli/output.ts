// Where the command writes. Everything passes the redactor (DESIGN §6: no secret in any output),
// and colour is used only on a terminal that wants it (NO_COLOR, FORCE_COLOR honoured).
//
// With `gather`, stdout text is gathered and written once per turn of the event loop (or per
// 64 KiB), not once per piece: a streamed run prints hundreds of thousands of small pieces, and
// each write to a terminal or pipe is a system call (measured: a third of `viban run`'s time on a
// 100 MB transcript). What was gathered is redacted as one text, not piece by piece: one scan, and
// a key the agent's stream split over two deltas is still whole when it is looked at. Anything on
// stderr, and `flush()`, first writes out what was gathered, so the two streams keep their order
// on a terminal.
import type { Redactor } from '../secrets/redactor';

interface Sink {
  write(text: string, done?: () => void): unknown;
  isTTY?: boolean;
}

const CODES = { dim: [2, 22], bold: [1, 22], red: [31, 39], green: [32, 39], yellow: [33, 39], cyan: [36, 39] } as const;
export type Style = keyof typeof CODES;

/** Gathered stdout text written at once beyond this many characters. */
const GATHER_CHARS = 64 * 1024;

export interface OutputOptions {
  env?: NodeJS.ProcessEnv;
  /** Gather stdout writes (the real command); off: every write goes out at once (tests' sinks). */
  gather?: boolean;
}

export class Output {
  readonly color: boolean;
  private readonly gather: boolean;
  /** Gathered and already redacted. */
  private ready = '';
  /** Gathered, redacted when it goes out (or when a redacted line follows it). */
  private raw = '';
  private flushScheduled = false;

  constructor(
    private readonly stdout: Sink,
    private readonly stderr: Sink,
    private readonly redactor: Redactor,
    options: OutputOptions = {},
  ) {
    const env = options.env ?? process.env;
    this.gather = !!options.gather;
    this.color = env.FORCE_COLOR ? env.FORCE_COLOR !== '0' : !env.NO_COLOR && !!stdout.isTTY && env.TERM !== 'dumb';
  }

  /** Text on stdout, no newline added. */
  write(text: string): void {
    if (!this.gather) return void this.stdout.write(this.redactor.redact(text));
    this.raw += text;
    this.gathered();
  }

  line(text = ''): void {
    this.write(text + '\n');
  }

  /**
   * A line that already passed this output's redactor (a log line as the session's log writer,
   * which shares it, wrote it): not scanned a second time.
   */
  redactedLine(text: string): void {
    if (!this.gather) return void this.stdout.write(text + '\n');
    if (this.raw) this.ready += this.redactor.redact(this.takeRaw());
    this.ready += text;
    this.ready += '\n';
    this.gathered();
  }

  /** A message for the person, not the data: stderr, so piping stdout stays clean. */
  info(text: string): void {
    this.flush();
    this.stderr.write(this.redactor.redact(text) + '\n');
  }

  /** The one readable error line. */
  error(text: string): void {
    this.flush();
    this.stderr.write(this.redactor.redact(`viban: ${text}`) + '\n');
  }

  style(style: Style, text: string): string {
    if (!this.color || !text) return text;
    const [on, off] = CODES[style];
    return `\u001b[${on}m${text}\u001b[${off}m`;
  }

  /** Writes out what was gathered; `done` once stdout has taken it (e.g. before the process exits). */
  flush(done?: () => void): void {
    const text = this.raw ? this.ready + this.redactor.redact(this.takeRaw()) : this.ready;
    this.ready = '';
    if (text || done) this.stdout.write(text, done);
  }

  private takeRaw(): string {
    const raw = this.raw;
    this.raw = '';
    return raw;
  }

  private gathered(): void {
    if (this.ready.length + this.raw.length >= GATHER_CHARS) this.flush();
    else if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(this.flushSoon);
    }
  }

  private readonly flushSoon = () => {
    this.flushScheduled = false;
    this.flush();
  };
}
