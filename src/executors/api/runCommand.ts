// run_command: one program in the workspace, in its own process group (processRunner), with a
// timeout, bounded output, and the whole group killed when the run is stopped.
import { startProcess, ProcessSpawnError } from '../processRunner';
import { ToolInputError } from './pathGuard';

export interface CommandResult {
  output: string;
  exitCode: number | null;
  timedOut: boolean;
  stopped: boolean;
}

export interface RunCommandOptions {
  cwd: string;
  env: Record<string, string | undefined>;
  signal: AbortSignal;
  timeoutMs: number;
  /** Characters of output kept (head and tail); the middle of longer output is cut. */
  maxOutputChars?: number;
}

/** Keeps the first and last part of a long output: errors usually sit at the end. */
class BoundedOutput {
  private head = '';
  private tail: string[] = [];
  private tailLen = 0;
  private dropped = 0;

  constructor(private readonly max: number) {}

  push(line: string): void {
    const l = line.length > 2000 ? `${line.slice(0, 2000)}… [line cut]` : line;
    if (this.head.length + l.length < this.max / 2) {
      this.head += l + '\n';
      return;
    }
    this.tail.push(l);
    this.tailLen += l.length + 1;
    while (this.tailLen > this.max / 2 && this.tail.length > 1) {
      this.tailLen -= this.tail.shift()!.length + 1;
      this.dropped++;
    }
  }

  text(): string {
    const cut = this.dropped ? `… [${this.dropped} lines of output cut] …\n` : '';
    return this.head + cut + this.tail.map((l) => l + '\n').join('');
  }
}

/** `command` is a shell string (run by /bin/sh -c) or an argv array (run directly). */
export async function runCommand(command: unknown, opts: RunCommandOptions): Promise<CommandResult> {
  let file: string;
  let args: string[];
  if (typeof command === 'string' && command.trim()) [file, args] = ['/bin/sh', ['-c', command]];
  else if (Array.isArray(command) && command.length && command.every((a) => typeof a === 'string')) [file, ...args] = command as string[];
  else throw new ToolInputError('`command` must be a non-empty string (run with /bin/sh -c) or an array of strings (argv).');

  const out = new BoundedOutput(opts.maxOutputChars ?? 30_000);
  const stop = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    stop.abort();
  }, opts.timeoutMs);
  const onAbort = () => stop.abort();
  opts.signal.addEventListener('abort', onAbort, { once: true });
  if (opts.signal.aborted) stop.abort();
  try {
    const proc = await startProcess({
      command: { file, args, env: opts.env, cwd: opts.cwd, stdin: 'ignore' },
      onStdoutLine: (l) => out.push(l),
      onStderrLine: (l) => out.push(l),
      signal: stop.signal,
      terminateTimeoutMs: 1000,
      maxLineBytes: 64 * 1024,
    });
    const exit = await proc.exited;
    let text = out.text();
    if (timedOut) text += `[killed after ${Math.round(opts.timeoutMs / 1000)} s timeout]\n`;
    else if (exit.signal) text += `[killed by ${exit.signal}]\n`;
    else text += `[exit code ${exit.exitCode}]\n`;
    return { output: text, exitCode: exit.exitCode, timedOut, stopped: exit.stopped && !timedOut };
  } catch (err) {
    if (err instanceof ProcessSpawnError) throw new ToolInputError(err.message);
    throw err;
  } finally {
    clearTimeout(timer);
    opts.signal.removeEventListener('abort', onAbort);
  }
}
