// Runs several worker processes (through tsx) and releases them at the same moment: each prints
// "ready" once loaded and waits for "go" on stdin. Without this, one worker usually finishes
// before the other has even compiled, and a cross-process race would never be exercised.
import { spawn } from 'node:child_process';
import * as path from 'node:path';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

export interface WorkerExit {
  code: number | null;
  stdout: string;
  stderr: string;
}

export async function runInLockstep(script: string, argvs: string[][]): Promise<WorkerExit[]> {
  const children = argvs.map((args) => spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'pipe'] }));
  const exits = children.map(
    (child) =>
      new Promise<WorkerExit>((resolve, reject) => {
        let stdout = '';
        let stderr = '';
        child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
        child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
        child.on('error', reject);
        child.on('close', (code) => resolve({ code, stdout, stderr }));
      }),
  );
  const ready = children.map(
    (child) =>
      new Promise<void>((resolve, reject) => {
        let seen = '';
        child.stdout.on('data', (d: string) => {
          seen += d;
          if (seen.includes('ready\n')) resolve();
        });
        child.on('close', () => reject(new Error(`worker exited before it was ready: ${seen}`)));
      }),
  );
  try {
    await Promise.all(ready);
  } catch (err) {
    for (const c of children) c.kill();
    await Promise.all(exits);
    throw err;
  }
  for (const child of children) child.stdin.end('go\n');
  return Promise.all(exits);
}

/** The worker side: announce readiness and wait for the go signal. */
export function waitForGo(): Promise<void> {
  process.stdout.write('ready\n');
  return new Promise((resolve) => {
    process.stdin.setEncoding('utf8');
    let buf = '';
    process.stdin.on('data', (d: string) => {
      buf += d;
      if (buf.includes('go\n')) {
        process.stdin.pause();
        resolve();
      }
    });
  });
}
