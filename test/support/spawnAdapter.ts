// Test-only: run a CliAgentAdapter's command as a real child process and feed its stdout lines
// through the adapter's normalizer — the part of the generic CliExecutor an adapter depends on,
// without depending on it. Every child gets its own process group and is killed on timeout, so a
// failing test never leaks an agent process.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { agentBin } from './agentClis';
import type { LogEntry } from '../../src/protocol/logEntries';
import type { CliAgentAdapter, CliCommand, OutputNormalizer, RunRequest } from '../../src/executors/types';

export const REPO_ROOT = path.resolve(__dirname, '../..');

/** The agent CLI the tests run (test/agents/node_modules/.bin, see ./agentClis). */
export const localBin = agentBin;

export interface SpawnedRun {
  command: CliCommand;
  entries: LogEntry[];
  stdoutLines: string[];
  stderr: string;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  normalizer: OutputNormalizer;
  /** Set when the process could not be started (e.g. ENOENT). */
  spawnError?: NodeJS.ErrnoException;
}

export interface SpawnOptions {
  /** Executable to use; default the binary from test/agents/node_modules/.bin. */
  executable?: string;
  timeoutMs?: number;
  /** Write the raw stdout lines here (to record a fixture transcript). */
  recordTo?: string;
}

export function spawnAdapter(adapter: CliAgentAdapter, request: RunRequest, opts: SpawnOptions = {}): Promise<SpawnedRun> {
  const command = adapter.buildCommand(request, opts.executable ?? localBin(adapter.binary));
  return spawnCommand(command, adapter.createNormalizer(), opts);
}

export function spawnCommand(command: CliCommand, normalizer: OutputNormalizer, opts: SpawnOptions = {}): Promise<SpawnedRun> {
  const run: SpawnedRun = { command, entries: [], stdoutLines: [], stderr: '', exitCode: null, signal: null, normalizer };
  return new Promise((resolve, reject) => {
    const env = Object.fromEntries(Object.entries(command.env).filter((e): e is [string, string] => e[1] !== undefined));
    const child = spawn(command.file, command.args, {
      cwd: command.cwd,
      env,
      stdio: [command.stdin === 'pipe' ? 'pipe' : 'ignore', 'pipe', 'pipe'],
      detached: true,
    });
    child.stdin?.end();
    const timer = setTimeout(() => {
      killGroup(child.pid);
      reject(new Error(`${command.file} ${command.args.join(' ')} did not finish in ${opts.timeoutMs ?? 90_000} ms.\nstderr: ${run.stderr.slice(-2000)}`));
    }, opts.timeoutMs ?? 90_000);
    child.on('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      run.spawnError = err;
      resolve(run);
    });
    child.stderr!.on('data', (d: Buffer) => (run.stderr += d.toString('utf8')));
    const lines = readline.createInterface({ input: child.stdout!, crlfDelay: Infinity });
    lines.on('line', (line) => {
      run.stdoutLines.push(line);
      run.entries.push(...normalizer.push(line));
    });
    // 'close' fires after stdout is drained, so every line has been pushed by then.
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      // An agent may leave helpers behind in its group (shells, MCP servers): end them too.
      killGroup(child.pid);
      run.exitCode = code;
      run.signal = signal;
      run.entries.push(...normalizer.end());
      if (opts.recordTo) {
        fs.mkdirSync(path.dirname(opts.recordTo), { recursive: true });
        fs.writeFileSync(opts.recordTo, run.stdoutLines.map((l) => l + '\n').join(''));
      }
      resolve(run);
    });
  });
}

function killGroup(pid: number | undefined): void {
  if (!pid) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/**
 * The log as a view shows it: entries with the same id are one entry — a `delta: true` text is
 * appended, anything else replaces the earlier one (keeping its position).
 */
export function foldEntries(entries: LogEntry[]): LogEntry[] {
  const byId = new Map<string, LogEntry>();
  for (const e of entries) {
    const prev = byId.get(e.id);
    if (prev && 'delta' in e && e.delta && (prev.kind === 'assistant' || prev.kind === 'thinking') && prev.kind === e.kind) {
      byId.set(e.id, { ...prev, text: prev.text + e.text });
    } else {
      byId.set(e.id, e);
    }
  }
  return [...byId.values()];
}

export function ofKind<K extends LogEntry['kind']>(entries: LogEntry[], kind: K): Extract<LogEntry, { kind: K }>[] {
  return entries.filter((e): e is Extract<LogEntry, { kind: K }> => e.kind === kind);
}

/** When VIBAN_RECORD_FIXTURES=1, the real-CLI tests rewrite test/fixtures/<cli>/<name>.jsonl. */
export function fixtureRecordPath(cli: string, name: string): string | undefined {
  return process.env.VIBAN_RECORD_FIXTURES === '1' ? path.join(REPO_ROOT, 'test', 'fixtures', cli, `${name}.jsonl`) : undefined;
}

export function readFixtureLines(cli: string, name: string): string[] {
  return fs.readFileSync(path.join(REPO_ROOT, 'test', 'fixtures', cli, `${name}.jsonl`), 'utf8').split('\n').filter((l) => l.length > 0);
}
