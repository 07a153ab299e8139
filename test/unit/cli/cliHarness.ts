// Runs the real `viban` command as a child process, the way a user or a script does. The CLI is
// bundled once per test run with esbuild as it ships (scripts/cliBundle.cjs: the small entry
// cli.js and its core cliCore.js) — each spawn then costs ≈90 ms instead of ≈300 ms through tsx,
// and the tests exercise the shipped bundle shape (shebang, inlined JSON, the entry's answers).
// The bundle sits under node_modules/.cache so `node-pty` (external) still resolves.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as esbuild from 'esbuild';
import { asciiOnly, buildCliEntrySync, cliCoreOptions } from '../../../scripts/cliBundle.cjs';
import { SessionMetaSchema, type SessionMeta } from '../../../src/protocol/sessions';
import { BoardSchema, type Board } from '../../../src/protocol/model';
export { liveGroupMembers } from '../../support/processGroups';
import { agentBin } from '../../support/agentClis';

export const REPO_ROOT = resolve(__dirname, '../../..');
export const CLAUDE_BIN = agentBin('claude');

let bundle: string | undefined;

/** Builds the CLI once (per mocha process) and returns the path of its entry (cli.js, beside cliCore.js). */
export function cliBundle(): string {
  if (bundle) return bundle;
  const outdir = join(REPO_ROOT, 'node_modules/.cache', `viban-cli-test-${process.pid}`);
  esbuild.buildSync({ ...cliCoreOptions, absWorkingDir: REPO_ROOT, outdir, logLevel: 'error' });
  asciiOnly(join(outdir, 'cliCore.js'));
  buildCliEntrySync(esbuild, { outdir, absWorkingDir: REPO_ROOT });
  process.once('exit', () => rmSync(outdir, { recursive: true, force: true }));
  return (bundle = join(outdir, 'cli.js'));
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  /** Written to stdin, then stdin is closed (a pipe: not a TTY). */
  input?: string;
  timeoutMs?: number;
  /** Node options for the CLI process itself (e.g. a heap cap). */
  nodeArgs?: string[];
}

/** A child environment: the test process's, minus colour, plus overrides. */
export function cliEnv(extra: Record<string, string | undefined> = {}): Record<string, string> {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, VIBAN_DEBUG: undefined, ...extra };
  // Drop unset keys: node-pty would pass them on as the string "undefined".
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}

export interface RunningCli {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves when stdout+stderr so far match. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  done: Promise<CliResult>;
}

export function startCli(args: string[], opts: CliOptions = {}): RunningCli {
  const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), cliBundle(), ...args], { cwd: opts.cwd ?? REPO_ROOT, env: cliEnv(opts.env) as NodeJS.ProcessEnv, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const waiters: Array<() => void> = [];
  child.stdout!.on('data', (d) => ((stdout += d), waiters.forEach((w) => w())));
  child.stderr!.on('data', (d) => ((stderr += d), waiters.forEach((w) => w())));
  if (opts.input !== undefined) child.stdin!.end(opts.input);
  const timeout = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 45000);
  const done = new Promise<CliResult>((res) =>
    child.on('close', (code, signal) => {
      clearTimeout(timeout);
      res({ code, signal, stdout, stderr });
    }),
  );
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    done,
    waitFor: (pattern, ms = 20000) =>
      new Promise((res, rej) => {
        const check = () => {
          if (pattern.test(stdout + stderr)) {
            clearTimeout(t);
            res();
          }
        };
        const t = setTimeout(() => rej(new Error(`timed out waiting for ${pattern}; stdout:\n${stdout}\nstderr:\n${stderr}`)), ms);
        waiters.push(check);
        check();
      }),
  };
}

export function runCli(args: string[], opts: CliOptions = {}): Promise<CliResult> {
  return startCli(args, opts).done;
}

export function tempWorkspace(prefix = 'viban-cli-ws-'): string {
  return realpathSync(mkdtempSync(join(tmpdir(), prefix)));
}

export function writeSettings(workspace: string, settings: unknown): void {
  mkdirSync(join(workspace, '.viban'), { recursive: true });
  writeFileSync(join(workspace, '.viban', 'settings.json'), typeof settings === 'string' ? settings : JSON.stringify(settings, null, 2));
}

export function readBoard(workspace: string): Board {
  return BoardSchema.parse(JSON.parse(readFileSync(join(workspace, '.viban', 'board.json'), 'utf8')));
}

export function readSession(workspace: string, id: string): SessionMeta {
  return SessionMetaSchema.parse(JSON.parse(readFileSync(join(workspace, '.viban', 'sessions', `${id}.json`), 'utf8')));
}

export function listSessions(workspace: string): SessionMeta[] {
  const dir = join(workspace, '.viban', 'sessions');
  return readdirSync(dir)
    .filter((n) => n.endsWith('.json'))
    .map((n) => readSession(workspace, n.slice(0, -5)))
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/** The id printed on the last line by `viban add`. */
export function lastLine(text: string): string {
  const lines = text.trimEnd().split('\n');
  return lines[lines.length - 1];
}


export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls `check` until it returns a value (not undefined) or the time is up. */
export async function eventually<T>(check: () => T | undefined, what: string, timeoutMs = 15000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      const v = check();
      if (v !== undefined) return v;
    } catch {
      // not there yet
    }
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}
