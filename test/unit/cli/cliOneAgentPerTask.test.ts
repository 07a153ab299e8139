// One agent per task, across processes: several `viban run` of the same task started at the same
// instant must run exactly one agent; the others refuse, naming the session that runs.
import { strict as assert } from 'node:assert';
import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventually, lastLine, runCli, startCli, tempWorkspace, writeSettings, type RunningCli } from './cliHarness';

const RUNNERS = 4;
const ROUNDS = 5;

describe('one agent per task across concurrent viban run', function () {
  this.timeout(180000);
  const runs: RunningCli[] = [];
  afterEach(() => {
    for (const r of runs.splice(0)) if (r.child.exitCode === null) r.child.kill('SIGKILL');
  });

  it(`${RUNNERS} runs of one task started at once: exactly one agent runs, every round`, async () => {
    const ws = tempWorkspace();
    const started = join(ws, 'started');
    const release = join(ws, 'release');
    // The agent notes that it ran, then waits until the test lets it finish.
    const script = `echo "$VIBAN_SESSION_ID" >> ${started}; while [ ! -e ${release} ]; do sleep 0.05; done`;
    writeSettings(ws, { executors: { default: 'sh', custom: [{ id: 'sh', label: 'Shell agent', command: '/bin/sh', args: ['-c', script, 'sh', '{prompt}'], outputFormat: 'text' }] } });
    const taskId = lastLine((await runCli(['add', 'Only once at a time', '-w', ws])).stdout);

    for (let round = 0; round < ROUNDS; round++) {
      writeFileSync(started, '');
      const batch = Array.from({ length: RUNNERS }, () => startCli(['run', taskId, '--mode', 'full-auto', '-w', ws]));
      runs.push(...batch);
      const agents = () => readFileSync(started, 'utf8').split('\n').filter(Boolean);
      // Everyone has either started an agent or given up; then the agents may finish.
      await eventually(() => (agents().length + batch.filter((r) => r.child.exitCode !== null).length >= RUNNERS ? true : undefined), 'every runner to start or refuse', 60000);
      writeFileSync(release, '');
      const results = await Promise.all(batch.map((r) => r.done));
      const ran = agents();
      assert.equal(ran.length, 1, `round ${round}: ${ran.length} agents ran at once (${ran.join(', ')})`);
      const ok = results.filter((r) => r.code === 0);
      const refused = results.filter((r) => r.code !== 0);
      assert.equal(ok.length, 1, `round ${round}: ${results.map((r) => r.stderr).join('\n')}`);
      for (const r of refused) {
        assert.equal(r.code, 1);
        assert.match(r.stderr, new RegExp(`^viban: task ${taskId} already has a running agent \\(session ${ran[0]}, in process \\d+\\)`));
      }
      unlinkSync(release);
    }
  });
});
