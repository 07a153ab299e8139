// Workers benchmarks (workers issue). Printed figures, never a failing test:
//
// 1. Claim latency, queued -> agent process spawned, over 200 runs with 2 idle `viban worker`
//    processes (the real CLI bundle) watching the queue. Each run is queued through RunQueue
//    (as a window or `viban run --detach` does) and its agent is /bin/sh stamping the time it
//    started (sh starts in ~1 ms, so the stamp is the spawn). One run at a time: this is the
//    latency of noticing and claiming work, not of waiting behind busy slots. Target p95 < 250 ms.
// 2. An idle worker over 60 s (quick: 15 s): CPU % from /proc/<pid>/stat and RSS. Targets < 1 %, < 60 MB.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildSync } from 'esbuild';
import { FolderRuntime } from '../src/app/folderRuntime';
import { createExecutorRegistry } from '../src/executors/builtins';
import { executorSettings } from '../src/cli/context';
import { loadHeadlessSettings } from '../src/cli/settings';
import { Redactor } from '../src/secrets/redactor';
import { BenchReport, QUICK, percentile, runBench } from './lib/report';
import { repoRoot, tempDir } from './lib/workspace';

const RUNS = QUICK ? 40 : 200;
const IDLE_MS = QUICK ? 15_000 : 60_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function cliBundle(): string {
  const out = path.join(tempDir('workers-cli'), 'cli.js');
  buildSync({ entryPoints: [path.join(repoRoot, 'src/cli.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: out, external: ['node-pty', 'vscode'], logLevel: 'error', nodePaths: [path.join(repoRoot, 'node_modules')] });
  return out;
}

function startWorker(cli: string, ws: string, id: string): ChildProcess {
  return spawn(process.execPath, [cli, 'worker', '-w', ws, '--id', id, '--concurrency', '2'], { cwd: ws, stdio: 'ignore', env: { ...process.env, NODE_PATH: path.join(repoRoot, 'node_modules') } });
}

async function waitFor<T>(check: () => T | undefined, what: string, ms = 30_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = check();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(2);
  }
}

function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]); // utime + stime
}

function rssMb(pid: number): number {
  const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN);
  return kb / 1024;
}

async function main(): Promise<void> {
  const report = new BenchReport('workers', 'claim latency with 2 workers; an idle worker');
  const cli = cliBundle();
  const ws = tempDir('workers-ws');
  mkdirSync(path.join(ws, '.viban'), { recursive: true });
  const stampFile = path.join(ws, 'spawned.txt');
  writeFileSync(
    path.join(ws, '.viban', 'settings.json'),
    JSON.stringify({ executors: { custom: [{ id: 'stamp', label: 'Stamp', command: '/bin/sh', args: ['-c', `echo "$VIBAN_SESSION_ID $(date +%s%3N)" >> ${stampFile}`, 'stamp', '{prompt}'] }] } }),
  );
  const redactor = new Redactor();
  const registry = createExecutorRegistry(executorSettings(await loadHeadlessSettings(ws, redactor), ws));
  const runtime = await FolderRuntime.open(ws, registry, redactor, {});
  const queue = await runtime.openQueue({ runHere: false, queue: { watch: false } });
  const taskIds: string[] = [];
  for (let i = 0; i < RUNS; i++) taskIds.push(await runtime.board.createTask({ title: `Run ${i + 1}` }));

  const workers = [startWorker(cli, ws, 'bench-1'), startWorker(cli, ws, 'bench-2')];
  await waitFor(() => (existsSync(path.join(ws, '.viban', 'workers', 'bench-1.json')) && existsSync(path.join(ws, '.viban', 'workers', 'bench-2.json')) ? true : undefined), 'both workers to register');
  await sleep(500);

  const latencies: number[] = [];
  const stamps = () => (existsSync(stampFile) ? readFileSync(stampFile, 'utf8').split('\n').filter(Boolean) : []);
  for (const [i, taskId] of taskIds.entries()) {
    const t0 = Date.now();
    const queued = await queue.startRun({ taskId, executorId: 'stamp', permissionMode: 'full-auto' });
    const line = await waitFor(() => stamps().find((l) => l.startsWith(`${queued.reservedSessionId} `)), `run ${i + 1} to spawn`);
    latencies.push(Number(line.split(' ')[1]) - t0);
    // Let the run end before the next, so each measures an idle worker noticing new work.
    await sleep(60);
  }
  report.figure({ label: `claim latency p50 (${RUNS} runs, 2 workers)`, value: percentile(latencies, 50), unit: 'ms' });
  report.figure({ label: 'claim latency p95', value: percentile(latencies, 95), unit: 'ms', target: { max: 250 } });
  report.figure({ label: 'claim latency max', value: Math.max(...latencies), unit: 'ms' });
  await runtime.dispose();

  // An idle worker: nothing queued, heartbeat at its default 15 s.
  const idle = workers[0];
  await sleep(2_000);
  const hz = 100; // USER_HZ on Linux
  const t0 = cpuTicks(idle.pid!);
  const w0 = Date.now();
  await sleep(IDLE_MS);
  const cpu = ((cpuTicks(idle.pid!) - t0) / hz / ((Date.now() - w0) / 1000)) * 100;
  report.figure({ label: `idle worker CPU over ${IDLE_MS / 1000} s`, value: cpu, unit: '%', target: { max: 1 } });
  report.figure({ label: 'idle worker RSS', value: rssMb(idle.pid!), unit: 'MB', target: { max: 60 } });
  report.note('not measured here yet: ingest through a worker vs in-process, and 50 streaming sessions through 2 workers (event-loop lag, CPU per session)');
  for (const w of workers) w.kill('SIGTERM');
  await Promise.all(workers.map((w) => new Promise((r) => w.once('close', r))));
  report.done();
}

runBench(main);
