// Replay: opening an old session is SessionStore.readTail(id, 500) (what the host sends as the
// first screen after `openSession`). The 100 MB log is written the real way: generated Claude
// stream-json through ClaudeStreamNormalizer and LogWriter (redacted, seq-stamped).
// Target: first screen < 500 ms.
import { statSync } from 'node:fs';
import { ClaudeStreamNormalizer } from '../src/executors/cli/claude/claudeStreamJson';
import { Redactor } from '../src/secrets/redactor';
import { SessionStore } from '../src/sessions/sessionStore';
import { claudeTranscript } from './lib/claudeTranscript';
import { BenchReport, QUICK, mb, median, percentile, runBench, timeRuns } from './lib/report';
import { tempDir } from './lib/workspace';

const LOG_MB = QUICK ? 20 : 100;
const TAIL = 500;
const RUNS = QUICK ? 5 : 15;

runBench(async () => {
  const report = new BenchReport('replay', `first screen of a ${LOG_MB} MB session log`);
  const store = new SessionStore(tempDir('replay'), new Redactor());
  const id = 's-bench-replay';
  const writer = await store.openLog(id, 0);
  const normalizer = new ClaudeStreamNormalizer();
  let approx = 0;
  for (const line of claudeTranscript()) {
    for (const entry of normalizer.push(line)) approx += JSON.stringify(writer.append(entry)).length + 1;
    if (approx >= LOG_MB * 1024 * 1024) break;
  }
  await writer.close();
  const size = statSync(store.logFile(id)).size;
  report.log(`log: ${mb(size).toFixed(0)} MB, ${writer.nextSeq} entries`);

  let shown = 0;
  const times = await timeRuns(RUNS, 2, async () => {
    const { entries, hasOlder } = await store.readTail(id, TAIL);
    if (entries.length !== TAIL || !hasOlder || entries[TAIL - 1].seq !== writer.nextSeq - 1) throw new Error('readTail returned the wrong entries');
    shown = entries.length;
  });
  report.figure({ label: `readTail(${TAIL}), median`, value: median(times), unit: 'ms', target: { max: 500 } });
  report.figure({ label: `readTail(${TAIL}), p95`, value: percentile(times, 95), unit: 'ms', target: { max: 500 }, note: `${RUNS} runs, ${shown} entries, file in page cache` });
  report.done();
});
