// Benchmark runner (`npm run bench`). Speed is measured here, by figures printed against the
// issues' targets — never by timed tests. Each benchmark runs in its own Node process (tsx), one
// after another, so memory figures start clean and one crash does not take the others down.
//
//   npm run bench                      all benchmarks (~10 min on 2 cores)
//   npm run bench -- board webview     only these
//   npm run bench -- --quick           smaller sizes, fewer runs (a smoke run, ~2 min)
//   npm run bench -- ingest --profile  also write a V8 CPU profile per bench (test-results/bench-profiles/)
//   npm run bench -- --list
//
// Exit code: 0 whatever the figures say (OVER is information, not failure); 1 when a benchmark
// crashed or printed no result; 2 for bad arguments.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RESULT_MARKER = '@@viban-bench-result@@'; // bench/lib/report.ts

/** name, file under bench/, what it measures, and a time limit for a full-size run. */
const BENCHMARKS = [
  { name: 'board', file: 'board.ts', about: 'load + validate a 2,000-task board; one persisted move', minutes: 2 },
  { name: 'webview', file: 'webview.ts', about: 'first render of 2,000 cards in Chromium', minutes: 3 },
  { name: 'activation', file: 'activation.ts', about: 'extension activation in code-server, 3 cold starts', minutes: 5 },
  { name: 'bundle', file: 'bundle.ts', about: 'production bundle and .vsix sizes', minutes: 2 },
  { name: 'ingest', file: 'ingest.ts', about: '100 MB stream-json through the session pipeline vs a bare reader; RSS over 200 MB', minutes: 6 },
  { name: 'run', file: 'runEndToEnd.ts', about: 'viban run (real CLI) of a 100 MB Claude transcript vs a bare readline reader: both key orders, human view and --json', minutes: 12 },
  { name: 'start', file: 'cliStart.ts', about: 'viban --help / --version spawn to exit, next to node -e 0 and viban list', minutes: 3 },
  { name: 'logmodel', file: 'logModel.ts', about: 'webview log model: merge 100,000 entries + 10,000 live deltas', minutes: 2 },
  { name: 'latency', file: 'latency.ts', about: 'agent line -> batched webview post at 5 MB/s', minutes: 3 },
  { name: 'replay', file: 'replay.ts', about: 'first screen (readTail 500) of a 100 MB session log', minutes: 3 },
  { name: 'graph', file: 'graph.ts', about: 'task graph: scheduler efficiency over 200 random 50-task DAGs (virtual time), validate+order 2,000 tasks, ready -> spawned', minutes: 6 },
  { name: 'mcp', file: 'mcp.ts', about: 'viban mcp tool round trips on a 2,000-task board (SDK client over stdio); memory propose/render at 500 items', minutes: 3 },
  { name: 'workers', file: 'workers.ts', about: 'claim latency queued -> spawned over 200 runs with 2 workers; an idle worker over 60 s', minutes: 6 },
  { name: 'automation', file: 'automation.ts', about: 'gates on a 20,000-file worktree; catalog sync of 500 skills; move → stage run queued', minutes: 3 },
  { name: 'remote', file: 'remote.ts', about: 'following 20 concurrent GitHub Actions runs against the REST stand-in: requests/s and completion -> card', minutes: 3 },
  { name: 'assist', file: 'assist.ts', about: 'Assist context assembly (2,000 tasks, 500 memory, 200 sessions) within the token budget; 30-task plan -> linked cards', minutes: 2 },
  { name: 'queue', file: 'queue.ts', about: 'queue overhead with 1,000 jobs queued; 50 messages x 5 tasks through RunQueue + Anthropic API vs server delays', minutes: 3 },
];

function parseArgs(argv) {
  const flags = new Set(argv.filter((a) => a.startsWith('--')));
  const names = argv.filter((a) => !a.startsWith('--'));
  const known = new Set(['--quick', '--list', '--help', '--profile']);
  const unknownFlags = [...flags].filter((f) => !known.has(f));
  const unknownNames = names.filter((n) => !BENCHMARKS.some((b) => b.name === n));
  return { quick: flags.has('--quick'), list: flags.has('--list') || flags.has('--help'), profile: flags.has('--profile'), names, unknown: [...unknownFlags, ...unknownNames] };
}

function runOne(bench, { quick, profile }) {
  return new Promise((resolve) => {
    const nodeArgs = ['--import', 'tsx', '--expose-gc']; // gc: memory figures can start from a clean heap
    if (profile) {
      // One folder per bench: tsx's loader thread writes a profile of its own beside the main one (CPU.*.0.*).
      const dir = path.join(repoRoot, 'test-results', 'bench-profiles', bench.name);
      mkdirSync(dir, { recursive: true });
      nodeArgs.push('--cpu-prof', '--cpu-prof-dir', dir);
      console.log(`[bench] CPU profiles: ${path.relative(repoRoot, dir)}/ (summary: node --import tsx bench/lib/profileSummary.ts <file>)`);
    }
    const args = [...nodeArgs, path.join('bench', bench.file), ...(quick ? ['--quick'] : []), ...(profile ? ['--profile'] : [])];
    const child = spawn(process.execPath, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'], detached: true });
    const started = Date.now();
    let result;
    let carry = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      const lines = (carry + chunk).split('\n');
      carry = lines.pop();
      for (const line of lines) {
        if (line.startsWith(RESULT_MARKER)) result = JSON.parse(line.slice(RESULT_MARKER.length));
        else process.stdout.write(line + '\n');
      }
    });
    const limitMs = bench.minutes * 60_000;
    const timer = setTimeout(() => {
      console.error(`[bench] ${bench.name} ran over its ${bench.minutes} min limit: stopping it`);
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, limitMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (carry) process.stdout.write(carry + '\n');
      const seconds = (Date.now() - started) / 1000;
      const error = code !== 0 ? `exited with ${signal ?? `code ${code}`}` : result ? undefined : 'printed no result';
      resolve({ bench, result, error, seconds });
    });
  });
}

const fmt = (v, unit) => {
  if (typeof v !== 'number' || !Number.isFinite(v)) return 'n/a';
  const digits = Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 10 ? 1 : 2;
  return `${v.toFixed(digits)} ${unit}`;
};

function summary(outcomes) {
  const rows = [['benchmark', 'figure', 'value', 'target', '']];
  for (const { bench, result, error } of outcomes) {
    if (error) {
      rows.push([bench.name, `CRASHED: ${error}`, '', '', '']);
      continue;
    }
    for (const f of result.figures) {
      const target = f.target ? f.target.text ?? `< ${fmt(f.target.max, f.unit)}` : '';
      const verdict = f.target ? (f.value <= f.target.max ? 'PASS' : 'OVER') : '';
      rows.push([bench.name, f.label, fmt(f.value, f.unit), target, verdict]);
    }
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const line = (r) => r.map((c, i) => (i === 2 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  console.log('\n=== summary');
  console.log(line(rows[0]));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows.slice(1)) console.log(line(r));
}

const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.list || opts.unknown.length) {
    if (opts.unknown.length) console.error(`unknown: ${opts.unknown.join(', ')}`);
    console.log('usage: npm run bench -- [name ...] [--quick] [--profile] [--list]\n');
    for (const b of BENCHMARKS) console.log(`  ${b.name.padEnd(11)} ${b.about}`);
    process.exit(opts.unknown.length ? 2 : 0);
  }
  const selected = opts.names.length ? BENCHMARKS.filter((b) => opts.names.includes(b.name)) : BENCHMARKS;
  console.log(`Viban benchmarks${opts.quick ? ' (quick)' : ''}: ${selected.map((b) => b.name).join(', ')}`);
  console.log(`machine: ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GB, Node ${process.version}; load average ${load()} (other work on the machine makes figures noisy)`);
  const outcomes = [];
  for (const bench of selected) {
    const outcome = await runOne(bench, opts);
    if (outcome.error) console.error(`[bench] ${bench.name} ${outcome.error}`);
    console.log(`  (${bench.name}: ${outcome.seconds.toFixed(0)} s)`);
    outcomes.push(outcome);
  }
  summary(outcomes);
  console.log(`\nload average at the end: ${load()}`);
  process.exit(outcomes.some((o) => o.error) ? 1 : 0);
}

await main();
