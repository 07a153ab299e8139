// Ingest: a big Claude stream-json transcript through the whole host pipeline — custom executor
// (`cat` of the file) -> line reader -> ClaudeStreamNormalizer -> SessionManager -> LogWriter
// (redacted, on disk) -> `entries` listeners — against a bare reader of the same bytes (cat ->
// split lines -> JSON.parse). Targets: pipeline <= 1.3x the bare reader; peak RSS growth < 80 MB
// while ingesting 200 MB.
import { spawn, spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import path from 'node:path';
import { ClaudeStreamNormalizer } from '../src/executors/cli/claude/claudeStreamJson';
import { readLines } from '../src/executors/lineReader';
import { jsonOf } from '../src/protocol/entryJson';
import { Redactor } from '../src/secrets/redactor';
import { BenchReport, QUICK, mb, median, runBench } from './lib/report';
import { benchRuntime } from './lib/session';
import { repoRoot, tempDir } from './lib/workspace';

const THROUGHPUT_MB = QUICK ? 20 : 100;
const RSS_MB = QUICK ? 40 : 200;
// Five: on a shared 2-core machine single runs of either side vary by ±20 %.
const RUNS = QUICK ? 1 : 5;

function generate(file: string, megabytes: number): void {
  // In a child process, so generating 200 MB leaves nothing in this process's heap.
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'bench/lib/claudeTranscript.ts', file, String(megabytes)], { cwd: repoRoot, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`generating ${file} failed: ${r.stderr}`);
}

/** The bare reader: the same bytes through `cat`, split on newlines, each line JSON.parsed. */
function bareRead(file: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn('cat', [file], { stdio: ['ignore', 'pipe', 'inherit'] });
    let carry = '';
    let lines = 0;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      const parts = (carry + chunk).split('\n');
      carry = parts.pop()!;
      for (const line of parts) if (line) (JSON.parse(line), lines++);
    });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(lines) : reject(new Error(`cat exited ${code}`))));
  });
}

const catArgs = (file: string) => ['-c', 'exec cat "$1"', 'sh', file, '{prompt}'];

/**
 * Where the gap to the bare reader comes from: the same bytes through the pipeline's first stages
 * only, in this process. 'normalize' reads lines and normalizes them (entries dropped); 'serialise'
 * also turns each entry into its redacted JSON line (not written). What the full pipeline adds on
 * top is the disk, seq numbers, the card status and the listeners.
 */
function stages(file: string, upTo: 'normalize' | 'serialise'): Promise<number> {
  const child = spawn('cat', [file], { stdio: ['ignore', 'pipe', 'inherit'] });
  const normalizer = new ClaudeStreamNormalizer();
  const redactor = new Redactor();
  let chars = 0;
  return readLines(child.stdout, (line) => {
    for (const entry of normalizer.push(line)) {
      if (upTo !== 'serialise') continue;
      // As the log writer does: an entry whose JSON the normalizer made is not serialised again.
      const made = jsonOf(entry);
      chars += redactor.redact(made === undefined ? JSON.stringify(entry) : `${made},"seq":0}`).length;
    }
  }).then(() => chars);
}

runBench(async () => {
  const report = new BenchReport('ingest', 'Claude stream-json through the session pipeline');
  const dir = tempDir('ingest');
  const small = path.join(dir, `transcript-${THROUGHPUT_MB}mb.jsonl`);
  const big = path.join(dir, `transcript-${RSS_MB}mb.jsonl`);
  generate(big, RSS_MB);
  generate(small, THROUGHPUT_MB);

  // Peak RSS first, while this process is still fresh: sampled every 50 ms against the RSS before.
  {
    const rt = await benchRuntime('ingest-rss', 'sh', catArgs(big));
    global.gc?.();
    const start = process.memoryUsage();
    const before = start.rss;
    let peak = before;
    let atPeak = start;
    const sample = () => {
      const m = process.memoryUsage();
      if (m.rss > peak) (peak = m.rss), (atPeak = m);
    };
    const timer = setInterval(sample, 50);
    const t0 = performance.now();
    const { entries } = await rt.run();
    const seconds = (performance.now() - t0) / 1000;
    clearInterval(timer);
    sample();
    await rt.dispose();
    report.log(`${mb(statSync(big).size).toFixed(0)} MB ingested in ${seconds.toFixed(1)} s (${entries} entries); RSS before ${mb(before).toFixed(0)} MB, peak ${mb(peak).toFixed(0)} MB`);
    const growth = (k: keyof NodeJS.MemoryUsage) => `${mb(atPeak[k] - start[k]).toFixed(0)} MB`;
    report.log(`growth at the peak: JS heap used ${growth('heapUsed')}, heap total ${growth('heapTotal')}, external ${growth('external')} (array buffers ${growth('arrayBuffers')})`);
    if (global.gc) {
      global.gc();
      report.log(`still in the heap after the run and a full GC: ${mb(process.memoryUsage().heapUsed - start.heapUsed).toFixed(0)} MB`);
    }
    report.figure({ label: `peak RSS growth, ${RSS_MB} MB ingest`, value: mb(peak - before), unit: 'MB', target: { max: 80 } });
  }

  const size = mb(statSync(small).size);
  const bare: number[] = [];
  const pipeline: number[] = [];
  const normalizeOnly: number[] = [];
  const serialiseOnly: number[] = [];
  const rt = await benchRuntime('ingest', 'sh', catArgs(small));
  let logBytes = 0;
  for (let i = 0; i < RUNS; i++) {
    let t0 = performance.now();
    const lines = await bareRead(small);
    bare.push(performance.now() - t0);
    t0 = performance.now();
    await stages(small, 'normalize');
    normalizeOnly.push(performance.now() - t0);
    t0 = performance.now();
    await stages(small, 'serialise');
    serialiseOnly.push(performance.now() - t0);
    t0 = performance.now();
    const { meta, entries } = await rt.run();
    pipeline.push(performance.now() - t0);
    logBytes = statSync(rt.runtime.store.logFile(meta.id)).size;
    report.log(`run ${i + 1}: bare ${(bare[i] / 1000).toFixed(2)} s (${lines} lines), normalize only ${(normalizeOnly[i] / 1000).toFixed(2)} s, + serialise ${(serialiseOnly[i] / 1000).toFixed(2)} s, pipeline ${(pipeline[i] / 1000).toFixed(2)} s (${entries} entries, ${mb(logBytes).toFixed(0)} MB log)`);
  }
  await rt.dispose();
  const bareMs = median(bare);
  const pipeMs = median(pipeline);
  report.figure({ label: `bare reader, ${size.toFixed(0)} MB`, value: bareMs / 1000, unit: 's', note: `${(size / (bareMs / 1000)).toFixed(0)} MB/s` });
  report.figure({ label: `session pipeline, ${size.toFixed(0)} MB`, value: pipeMs / 1000, unit: 's', note: `${(size / (pipeMs / 1000)).toFixed(0)} MB/s` });
  report.figure({ label: 'pipeline / bare reader', value: pipeMs / bareMs, unit: 'x', target: { max: 1.3, text: '<= 1.3x' }, note: `median of ${RUNS}` });
  report.figure({ label: '  of which: read + normalize only / bare', value: median(normalizeOnly) / bareMs, unit: 'x', note: 'entries dropped' });
  report.figure({ label: '  of which: + serialise + redact / bare', value: median(serialiseOnly) / bareMs, unit: 'x', note: 'JSON lines made, not written' });
  report.done();
});
