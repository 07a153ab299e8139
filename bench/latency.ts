// Live latency: an agent (a custom executor running bench/lib/pacedWriter.mjs) prints Claude
// stream-json at a paced 5 MB/s, every delta stamped with its write time. Measured: write ->
// the moment the host's real EntryBatcher (16 ms window, as SessionChannel uses it) hands the
// entry to flushTo, i.e. what would be posted to the webview. Target: p95 < 30 ms at 5 MB/s.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { EntryBatcher } from '../src/sessions/entryBatcher';
import { BenchReport, QUICK, percentile, runBench } from './lib/report';
import { benchRuntime } from './lib/session';
import { repoRoot, tempDir } from './lib/workspace';

const RATE = 5 * 1024 * 1024;
const SECONDS = QUICK ? 5 : 20;
const STAMPED = /^@(\d+\.\d+)@/;

runBench(async () => {
  const report = new BenchReport('latency', `agent line -> batched post, ${RATE / 1024 / 1024} MB/s for ${SECONDS} s`);
  const file = path.join(tempDir('latency'), 'stamped.jsonl');
  const megabytes = Math.ceil((RATE * SECONDS * 1.1) / 1024 / 1024);
  const gen = spawnSync(process.execPath, ['--import', 'tsx', 'bench/lib/claudeTranscript.ts', file, String(megabytes), '--stamp'], { cwd: repoRoot, encoding: 'utf8' });
  if (gen.status !== 0) throw new Error(gen.stderr);

  const writer = path.join(repoRoot, 'bench', 'lib', 'pacedWriter.mjs');
  const rt = await benchRuntime('latency', process.execPath, [writer, file, String(RATE), String(SECONDS), '{prompt}']);
  const latencies: number[] = [];
  const batcher = new EntryBatcher((_id, entries) => {
    const now = performance.timeOrigin + performance.now();
    for (const e of entries) {
      if (e.kind !== 'assistant' && e.kind !== 'thinking') continue;
      const m = STAMPED.exec(e.text);
      if (m) latencies.push(now - Number(m[1]));
    }
  });
  const t0 = performance.now();
  const { entries } = await rt.run((id, list) => batcher.push(id, list));
  batcher.flush();
  const seconds = (performance.now() - t0) / 1000;
  await rt.dispose();

  report.log(`${entries} entries in ${seconds.toFixed(1)} s, ${latencies.length} stamped deltas measured`);
  report.figure({ label: 'write -> flushTo, p50', value: percentile(latencies, 50), unit: 'ms' });
  report.figure({ label: 'write -> flushTo, p95', value: percentile(latencies, 95), unit: 'ms', target: { max: 30 } });
  report.figure({ label: 'write -> flushTo, p99', value: percentile(latencies, 99), unit: 'ms' });
  report.figure({ label: 'write -> flushTo, max', value: latencies.reduce((a, b) => Math.max(a, b), -Infinity), unit: 'ms' });
  report.done();
});
