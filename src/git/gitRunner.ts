// Runs `git` (and small helper tools such as `gh`) to completion: argv array, never a shell;
// its own process group so a timeout or abort also ends hooks, ssh and credential helpers it
// started; bounded output; and typed errors that carry the tool's stderr for the person reading.
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { signalGroup } from '../process/signals';
import { spawnGroup } from '../process/spawnGroup';
import { existsSync } from 'node:fs';

export type CommandErrorKind = 'not-found' | 'failed' | 'timeout' | 'aborted' | 'too-much-output';

/** A command could not be run, or ended in a way the caller did not accept. */
export class CommandError extends Error {
  override name = 'CommandError';
  constructor(
    readonly kind: CommandErrorKind,
    readonly file: string,
    readonly args: readonly string[],
    readonly exitCode: number | null,
    /** The tool's stderr (tail, credentials in URLs redacted). */
    readonly stderr: string,
    message: string,
  ) {
    super(message);
  }
}

/** `git` itself failed; `stderr` says why in git's words. */
export class GitError extends CommandError {
  override name = 'GitError';
}

export interface RunOptions {
  /**
   * The whole environment for the child (default: process.env). Tests hand in their own PATH
   * here instead of mutating process.env.
   */
  env?: NodeJS.ProcessEnv;
  /** Added on top of `env`, e.g. GIT_INDEX_FILE for one call. */
  extraEnv?: Record<string, string>;
  cwd?: string;
  signal?: AbortSignal;
  /** Default 120 s: generous for a push over a slow link, finite for a hung credential helper. */
  timeoutMs?: number;
  /** Stdout beyond this fails the call (kind 'too-much-output'). Default 32 MiB. */
  maxOutputBytes?: number;
  input?: string | Buffer;
  /** Exit codes that are answers, not failures (e.g. 1 from `git diff --quiet`). */
  okExitCodes?: readonly number[];
  /** How errors name the command, e.g. "git merge". Default: the file and its first plain args. */
  label?: string;
}

export interface RunResult {
  exitCode: number;
  stdout: string;
  stdoutBytes: Buffer;
  stderr: string;
}

export interface GitOptions extends RunOptions {
  /** Path to the git executable. Default `git` from PATH. */
  gitPath?: string;
}

const STDERR_KEEP = 64 * 1024;

// git honours these over `-C`; inherited from a hook or a terminal inside `git rebase -x`, they
// would point every call at the wrong repository or index.
const GIT_LOCATION_VARS = ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_PREFIX', 'GIT_COMMON_DIR', 'GIT_OBJECT_DIRECTORY'];

/** Hides `user:token@` in URLs, which git echoes back in push and fetch errors. */
export function redactCredentials(text: string): string {
  return text
    .replace(/([a-z][a-z0-9+.-]*:\/\/)[^/@\s]+@/gi, '$1***@')
    .replace(/\b(gh[pousr]_|github_pat_)[A-Za-z0-9_]+/g, '$1***');
}

/** The lines of git's stderr that say what went wrong: its `hint:` advice is dropped. */
export function gitComplaint(text: string, n = 6): string {
  const lines = text.split('\n').map((l) => l.trimEnd()).filter((l) => l && !l.startsWith('hint:'));
  return lines.slice(0, n).join('\n');
}

/** Runs `file args` to completion and resolves with its output, or rejects with CommandError. */
export function runCommand(file: string, args: readonly string[], opts: RunOptions = {}, ErrorClass = CommandError): Promise<RunResult> {
  const label = opts.label ?? `${file} ${args.filter((a) => !a.startsWith('-')).slice(0, 2).join(' ')}`.trim();
  return new Promise((resolve, reject) => {
    if (opts.signal?.aborted) {
      reject(new ErrorClass('aborted', file, args, null, '', `${label} was cancelled.`));
      return;
    }
    const env = { ...(opts.env ?? process.env), ...opts.extraEnv };
    const child = spawnGroup(file, args, { cwd: opts.cwd, env, stdio: ['pipe', 'pipe', 'pipe'] }) as ChildProcessWithoutNullStreams; // all three piped
    const out: Buffer[] = [];
    let outBytes = 0;
    let err = '';
    let ending: CommandErrorKind | undefined;
    const max = opts.maxOutputBytes ?? 32 * 1024 * 1024;
    const kill = (why: CommandErrorKind) => {
      ending ??= why;
      if (child.pid === undefined || !signalGroup(child.pid, 'SIGKILL')) child.kill('SIGKILL');
    };
    const timer = setTimeout(() => kill('timeout'), opts.timeoutMs ?? 120_000);
    const onAbort = () => kill('aborted');
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout.on('data', (chunk: Buffer) => {
      outBytes += chunk.length;
      if (outBytes > max) return kill('too-much-output');
      out.push(chunk);
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      err = (err + chunk).slice(-STDERR_KEEP);
    });
    // The child may exit without reading stdin (e.g. `git apply --check` rejecting early).
    child.stdin.on('error', () => undefined);
    child.stdin.end(opts.input ?? '');
    const done = () => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
    };
    child.once('error', (e: NodeJS.ErrnoException) => {
      done();
      // spawn reports a missing cwd as ENOENT too; don't blame the tool for it.
      const missingCwd = e.code === 'ENOENT' && opts.cwd !== undefined && !existsSync(opts.cwd);
      const kind = e.code === 'ENOENT' && !missingCwd ? 'not-found' : 'failed';
      const msg = missingCwd ? `Cannot run ${file}: the folder ${opts.cwd} does not exist.` : e.code === 'ENOENT' ? `${file} is not installed (or not on PATH).` : `Cannot run ${file}: ${e.message}`;
      reject(new ErrorClass(kind, file, args, null, '', msg));
    });
    child.once('close', (code) => {
      done();
      const stderr = redactCredentials(err);
      if (ending) {
        const why = ending === 'timeout' ? 'timed out' : ending === 'aborted' ? 'was cancelled' : `printed more than ${max} bytes`;
        reject(new ErrorClass(ending, file, args, code, stderr, `${label} ${why}.`));
        return;
      }
      const exitCode = code ?? -1;
      const stdoutBytes = Buffer.concat(out);
      if (exitCode !== 0 && !(opts.okExitCodes ?? []).includes(exitCode)) {
        const detail = gitComplaint(stderr) || gitComplaint(redactCredentials(stdoutBytes.toString('utf8')));
        reject(new ErrorClass('failed', file, args, exitCode, stderr, `${label} failed (exit ${exitCode})${detail ? `: ${detail}` : '.'}`));
        return;
      }
      resolve({ exitCode, stdout: stdoutBytes.toString('utf8'), stdoutBytes, stderr });
    });
  });
}

// Another git (VS Code's SCM view refreshing, the agent's own commit) holds the index for a
// moment. git gives up at once and changes nothing when it cannot take the lock, so waiting
// briefly and retrying is safe; a lock left by a crashed git still fails after ~3 s.
const INDEX_LOCK_BUSY = /Unable to create '[^']*index\.lock': File exists/;
const LOCK_RETRIES = 5;

/** `git -C <dir> args…` with prompts off, so a missing credential fails instead of hanging. */
export async function runGit(dir: string, args: readonly string[], opts: GitOptions = {}): Promise<RunResult> {
  const base = { ...(opts.env ?? process.env) };
  for (const name of GIT_LOCATION_VARS) delete base[name];
  const env: NodeJS.ProcessEnv = { ...base, GIT_TERMINAL_PROMPT: '0', ...opts.extraEnv };
  const label = `git ${args.find((a) => !a.startsWith('-')) ?? ''}`.trim();
  for (let attempt = 0; ; attempt++) {
    try {
      const r = await runCommand(opts.gitPath ?? 'git', ['-C', dir, ...args], { label, ...opts, env, extraEnv: undefined }, GitError);
      if (r.exitCode === 0 || !INDEX_LOCK_BUSY.test(r.stderr) || attempt >= LOCK_RETRIES) return r;
    } catch (e) {
      if (!(e instanceof GitError) || e.kind !== 'failed' || !INDEX_LOCK_BUSY.test(e.stderr) || attempt >= LOCK_RETRIES) throw e;
    }
    await new Promise((r) => setTimeout(r, 100 * 2 ** attempt));
    if (opts.signal?.aborted) throw new GitError('aborted', 'git', args, null, '', `${label} was cancelled.`);
  }
}

/** Options that every public function accepts and passes through to git. */
export type GitCallOptions = Pick<GitOptions, 'env' | 'signal' | 'gitPath' | 'timeoutMs'>;

/** Read-only calls: don't take index.lock for a stat refresh, so we never collide with the agent's own git. */
export function readOnly(opts: GitCallOptions = {}): GitOptions {
  return { ...opts, extraEnv: { GIT_OPTIONAL_LOCKS: '0' } };
}

/** Splits NUL-separated output (`-z`), dropping the empty tail. */
export function splitNul(text: string): string[] {
  const parts = text.split('\0');
  if (parts.length && parts[parts.length - 1] === '') parts.pop();
  return parts;
}
