// Shared pieces for the store tests: real temp folders, waiting, and child processes.
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Board, Task } from '../../../src/protocol/model';

export async function makeTempRoot(): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), 'viban-store-'));
}

export async function removeTempRoot(root: string): Promise<void> {
  await fs.rm(root, { recursive: true, force: true });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function waitFor<T>(probe: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(10);
  }
}

export function task(id: string, overrides: Partial<Task> = {}): Task {
  return {
    id,
    columnId: 'todo',
    order: 1,
    title: `Task ${id}`,
    description: '',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    agentStatus: 'idle',
    ...overrides,
  };
}

export function addTask(t: Task): (b: Board) => Board {
  return (b) => ({ ...b, tasks: [...b.tasks, t] });
}

const WORKER = path.join(__dirname, 'fixtures', 'storeWorker.ts');
const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

export interface WorkerRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs fixtures/storeWorker.ts in a separate Node process (through tsx), like a second window.
 * `shellSetup` (e.g. "ulimit -f 0") runs in a shell that then execs the worker.
 */
export function runWorker(args: string[], onLine?: (line: string) => void, shellSetup?: string): Promise<WorkerRun> {
  return new Promise((resolve, reject) => {
    const argv = [process.execPath, '--import', 'tsx', WORKER, ...args];
    const [command, ...rest] = shellSetup ? ['/bin/sh', '-c', `${shellSetup} && exec "$0" "$@"`, ...argv] : argv;
    const child = spawn(command, rest, {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let pending = '';
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
      pending += chunk;
      let nl: number;
      while ((nl = pending.indexOf('\n')) >= 0) {
        onLine?.(pending.slice(0, nl));
        pending = pending.slice(nl + 1);
      }
    });
    child.stderr.on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
