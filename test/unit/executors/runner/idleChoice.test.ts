// The idle timeout as a user meets it: a silent agent triggers a question; "keep waiting" restarts
// the countdown and the run goes on; "stop" ends it with a message in the log.
import { strict as assert } from 'node:assert';
import { CliExecutor } from '../../../../src/executors/cliExecutor';
import { createCustomAdapter } from '../../../../src/executors/cli/custom';
import type { LogEntry } from '../../../../src/protocol/logEntries';

// Prints a line, stays silent for a while, prints another, then a long silence.
const SCRIPT = `
console.log('first');
setTimeout(() => console.log('second'), 700);
setTimeout(() => console.log('third'), 5000);
`;

function executor(answers: Array<'stop' | 'wait'>, asked: string[]) {
  const adapter = createCustomAdapter({ id: 'quiet', label: 'Quiet agent', command: process.execPath, args: ['-e', SCRIPT, '{prompt}'], env: {}, outputFormat: 'text' });
  return new CliExecutor(adapter, {
    configuredPath: process.execPath,
    idleTimeoutMs: 300,
    gracefulTimeoutMs: 200,
    terminateTimeoutMs: 200,
    onIdle: async ({ label }) => {
      asked.push(label);
      return answers.shift() ?? 'stop';
    },
  });
}

async function run(exec: CliExecutor) {
  const entries: LogEntry[] = [];
  const outcome = await exec.run(
    { prompt: 'go', cwd: process.cwd() },
    { entry: (e) => void entries.push(e), agentSessionId: () => undefined, requestApproval: async () => ({ behavior: 'deny' }) },
    new AbortController().signal,
  );
  return { outcome, entries };
}

describe('idle timeout with a choice', function () {
  this.timeout(20_000);

  it('"keep waiting" restarts the countdown and the output keeps coming', async () => {
    const asked: string[] = [];
    const { outcome, entries } = await run(executor(['wait', 'stop'], asked));
    assert.deepEqual(asked, ['Quiet agent', 'Quiet agent']);
    const text = entries.filter((e) => e.kind === 'assistant').map((e) => (e as { text: string }).text).join('');
    assert.match(text, /first[\s\S]*second/, 'output after the first silence still arrived');
    assert.doesNotMatch(text, /third/, 'stopped during the second silence');
    assert.ok(entries.some((e) => e.kind === 'system' && /still waiting, as you asked/.test(e.text)));
    assert.ok(entries.some((e) => e.kind === 'error' && /printed nothing for 0\.3 s; stopping it/.test(e.text)));
    assert.equal(outcome.status, 'stopped');
  });

  it('"stop" at the first silence ends the run', async () => {
    const asked: string[] = [];
    const { outcome, entries } = await run(executor(['stop'], asked));
    assert.equal(asked.length, 1);
    assert.equal(outcome.status, 'stopped');
    assert.doesNotMatch(entries.map((e) => JSON.stringify(e)).join(''), /second/);
  });
});
