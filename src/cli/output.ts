// Where the command writes. Everything passes the redactor (DESIGN §6: no secret in any output),
// and colour is used only on a terminal that wants it (NO_COLOR, FORCE_COLOR honoured).
import type { Redactor } from '../secrets/redactor';

interface Sink {
  write(text: string): unknown;
  isTTY?: boolean;
}

const CODES = { dim: [2, 22], bold: [1, 22], red: [31, 39], green: [32, 39], yellow: [33, 39], cyan: [36, 39] } as const;
export type Style = keyof typeof CODES;

export class Output {
  readonly color: boolean;

  constructor(
    private readonly stdout: Sink,
    private readonly stderr: Sink,
    private readonly redactor: Redactor,
    env: NodeJS.ProcessEnv = process.env,
  ) {
    this.color = env.FORCE_COLOR ? env.FORCE_COLOR !== '0' : !env.NO_COLOR && !!stdout.isTTY && env.TERM !== 'dumb';
  }

  /** Text on stdout, no newline added. */
  write(text: string): void {
    this.stdout.write(this.redactor.redact(text));
  }

  line(text = ''): void {
    this.write(text + '\n');
  }

  /** A message for the person, not the data: stderr, so piping stdout stays clean. */
  info(text: string): void {
    this.stderr.write(this.redactor.redact(text) + '\n');
  }

  /** The one readable error line. */
  error(text: string): void {
    this.stderr.write(this.redactor.redact(`viban: ${text}`) + '\n');
  }

  style(style: Style, text: string): string {
    if (!this.color || !text) return text;
    const [on, off] = CODES[style];
    return `\u001b[${on}m${text}\u001b[${off}m`;
  }
}
