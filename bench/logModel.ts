// The webview's log model merging a big session: 100,000 entries appended in batches of 500, then
// 10,000 deltas into one message one by one (a live stream). Target: well under a second (500 ms).
// (It was a timed assertion in test/webview/session/logModel.test.ts; speed belongs here.)
import type { LogEntry } from '../src/protocol/logEntries';
import { LogModel } from '../webview/session/logModel';
import { BenchReport, QUICK, median, runBench } from './lib/report';

const ts = '2026-01-01T00:00:00.000Z';
const RUNS = QUICK ? 3 : 7;

function workload(): { entries: LogEntry[]; deltas: LogEntry[] } {
  const entries: LogEntry[] = [];
  for (let i = 0; i < 100_000; i++) {
    const k = i % 4;
    if (k === 0) entries.push({ kind: 'assistant', id: `a${i >> 3}`, text: 'tok ', delta: true, ts, seq: i });
    else if (k === 1) entries.push({ kind: 'tool_use', id: `t${i}`, toolUseId: `u${i}`, name: 'Bash', input: { command: 'ls' }, status: 'running', ts, seq: i });
    else if (k === 2) entries.push({ kind: 'tool_result', id: `r${i}`, toolUseId: `u${i - 1}`, output: 'out', ts, seq: i });
    else entries.push({ kind: 'system', id: `s${i}`, text: 'x', ts, seq: i });
  }
  const deltas: LogEntry[] = Array.from({ length: 10_000 }, (_, i) => ({ kind: 'assistant', id: 'stream', text: 'word ', delta: true, ts, seq: 100_000 + i }));
  return { entries, deltas };
}

runBench(async () => {
  const report = new BenchReport('logmodel', 'webview LogModel merging 100,000 entries + 10,000 live deltas');
  const times: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const { entries, deltas } = workload();
    const started = performance.now();
    const m = new LogModel();
    for (let i = 0; i < entries.length; i += 500) m.append(entries.slice(i, i + 500));
    for (const d of deltas) m.append([d]);
    times.push(performance.now() - started);
    const last = m.items[m.length - 1];
    if (!(last.entry.kind === 'assistant' && last.entry.text.length === 50_000)) throw new Error('the deltas were not merged');
  }
  report.figure({ label: 'merge 100,000 entries + 10,000 deltas', value: median(times), unit: 'ms', target: { max: 500 }, note: `median of ${RUNS}` });
  report.done();
});
