// The speed a user sees: the real `viban run` (the production bundle's dist/cli.js, in its own
// process) of a custom executor that `cat`s a 100 MB Claude Code stream-json transcript, against a
// bare `readline` + `JSON.parse` reader of the same file (bench/lib/bareReader.mjs), run in pairs
// in the same minute so the machine's load hits both alike. Both key orders: Claude Code 2.1.x's
// (what the normalizer's fast path recognises) and a shuffled one (as a future CLI might write
// it: the full-parse path); both views: the human one and --json. Wall time is spawn to exit,
// start-up included on both sides; peak RSS from /usr/bin/time when the machine has it.
// Targets (issue #17): <= 1.3x the bare reader in the real key order, <= 1.5x in any other.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bigBoard } from './lib/boards';
import { BenchReport, QUICK, mb, median, runBench } from './lib/report';
import { boardWorkspace, buildShadow, repoRoot, tempDir } from './lib/workspace';

const SIZE_MB = QUICK ? 20 : 100;
// Pairs per case; five is the least the issue accepts (single runs vary by ±20 % on 2 shared cores).
const PAIRS = QUICK ? 2 : 5;
const TIME = '/usr/bin/time';
const ORDERS = ['real', 'shuffled'] as const;
const VIEWS = ['human', 'json'] as const;
const TARGET: Record<(typeof ORDERS)[number], number> = { real: 1.3, shuffled: 1.5 };

interface Timed {
  ms: number;
  /** Peak resident set, MB (NaN without /usr/bin/time). */
  rssMb: number;
  /** CPU time, user + system, of the process and its children, ms (NaN without /usr/bin/time). */
  cpuMs: number;
  stdoutBytes: number;
  stdoutLines: number;
  /** The first bytes of stdout (the bare reader's line count). */
  head: string;
}

/** Runs a command to its end with stdout drained (as a terminal or a pipe would), timing it. */
function timed(command: string, args: string[], cwd: string): Promise<Timed> {
  const withTime = existsSync(TIME);
  const rssFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'viban-rss-')), 'rss');
  const [file, argv] = withTime ? [TIME, ['-f', '%M %U %S', '-o', rssFile, command, ...args]] : [command, args];
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(file, argv, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let stdoutBytes = 0;
    let stdoutLines = 0;
    let stderr = '';
    let head = '';
    child.stdout.on('data', (b: Buffer) => {
      if (head.length < 64) head += b.toString('utf8', 0, 64);
      stdoutBytes += b.length;
      for (let i = b.indexOf(10); i !== -1; i = b.indexOf(10, i + 1)) stdoutLines++;
    });
    child.stderr.on('data', (b: Buffer) => (stderr = (stderr + b.toString()).slice(-4000)));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - t0;
      let rssMb = NaN;
      let cpuMs = NaN;
      if (withTime) {
        const [rssKb, user, sys] = readFileSync(rssFile, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
        rssMb = rssKb / 1024;
        cpuMs = (user + sys) * 1000;
        rmSync(path.dirname(rssFile), { recursive: true, force: true });
      }
      if (code !== 0) reject(new Error(`${command} ${args.join(' ')} exited ${code}:\n${stderr}`));
      else resolve({ ms, rssMb, cpuMs, stdoutBytes, stdoutLines, head });
    });
  });
}

function generate(file: string, shuffled: boolean): void {
  const args = ['--import', 'tsx', 'bench/lib/claudeTranscript.ts', file, String(SIZE_MB), ...(shuffled ? ['--shuffled'] : [])];
  const r = spawnSync(process.execPath, args, { cwd: repoRoot, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`generating ${file} failed: ${r.stderr}`);
}

const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

runBench(async () => {
  const report = new BenchReport('run', `viban run of a ${SIZE_MB} MB Claude transcript vs a bare readline + JSON.parse reader`);
  const cli = path.join(buildShadow(true), 'dist', 'cli.js');
  const data = tempDir('run-data');
  const transcripts = Object.fromEntries(ORDERS.map((o) => [o, path.join(data, `transcript-${o}.jsonl`)])) as Record<(typeof ORDERS)[number], string>;
  for (const o of ORDERS) generate(transcripts[o], o === 'shuffled');

  const board = bigBoard(1);
  const root = boardWorkspace('run', board);
  const taskId = board.tasks[0].id;
  // The way a user adds an agent of their own: .viban/settings.json, one custom executor per order.
  const custom = ORDERS.map((o) => ({ id: `cat-${o}`, label: `cat (${o} key order)`, command: 'sh', args: ['-c', 'exec cat "$1"', 'sh', transcripts[o], '{prompt}'], outputFormat: 'claude-stream-json' }));
  writeFileSync(path.join(root, '.viban', 'settings.json'), JSON.stringify({ executors: { custom } }, null, 2));
  const sessions = path.join(root, '.viban', 'sessions');
  /** The big logs of earlier runs go, so the disk does not fill up over the runs. */
  const dropLogs = () => {
    if (!existsSync(sessions)) return;
    for (const f of readdirSync(sessions)) if (f.endsWith('.jsonl')) rmSync(path.join(sessions, f), { force: true });
  };
  if (!existsSync(TIME)) report.note(`${TIME} is not installed: peak RSS is not measured`);

  for (const order of ORDERS) {
    const file = transcripts[order];
    const bareArgs = [path.join(repoRoot, 'bench', 'lib', 'bareReader.mjs'), file];
    for (const view of VIEWS) {
      const runArgs = [cli, 'run', taskId, '--executor', `cat-${order}`, '--mode', 'full-auto', ...(view === 'json' ? ['--json'] : [])];
      const bare: Timed[] = [];
      const run: Timed[] = [];
      const ratios: number[] = [];
      const cpuRatios: number[] = [];
      for (let i = 0; i < PAIRS; i++) {
        // Alternating who goes first, so a slow moment of the machine does not always hit one side.
        const pair = i % 2 === 0 ? [await timed(process.execPath, bareArgs, root), await timed(process.execPath, runArgs, root)] : [await timed(process.execPath, runArgs, root), await timed(process.execPath, bareArgs, root)].reverse();
        const [b, r] = pair;
        dropLogs();
        bare.push(b);
        run.push(r);
        ratios.push(r.ms / b.ms);
        cpuRatios.push(r.cpuMs / b.cpuMs);
        report.log(`${order} order, ${view} view, pair ${i + 1}: bare ${secs(b.ms)} (${b.head.trim()} lines), viban run ${secs(r.ms)} (${mb(r.stdoutBytes).toFixed(1)} MB, ${r.stdoutLines} lines on stdout); ${(r.ms / b.ms).toFixed(2)}x (CPU ${secs(r.cpuMs)} vs ${secs(b.cpuMs)})`);
      }
      const rss = (list: Timed[]) => median(list.map((t) => t.rssMb));
      const label = `${order} key order, ${view === 'json' ? '--json' : 'human view'}`;
      report.figure({
        label: `${label}: run / bare`,
        value: median(ratios),
        unit: 'x',
        target: { max: TARGET[order], text: `<= ${TARGET[order]}x` },
        note: `median of ${PAIRS} pairs; ${secs(median(run.map((t) => t.ms)))} vs ${secs(median(bare.map((t) => t.ms)))}`,
      });
      // Less at the mercy of other work on the machine than wall time (viban's log writer thread and
      // `cat` count here, running beside the main thread on another core).
      report.figure({ label: `${label}: CPU time run / bare`, value: median(cpuRatios), unit: 'x', note: 'user + system, information' });
      report.figure({ label: `${label}: peak RSS`, value: rss(run), unit: 'MB', note: `bare reader ${rss(bare).toFixed(0)} MB (+${(rss(run) - rss(bare)).toFixed(0)} MB)` });
    }
  }
  report.log(`transcripts: ${ORDERS.map((o) => `${o} ${mb(statSync(transcripts[o]).size).toFixed(0)} MB`).join(', ')}`);
  report.done();
});
