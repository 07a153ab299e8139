// When the session log is behind on disk (RunSink.backlog), a CLI executor stops reading the
// agent's output until it has caught up — the agent blocks on its pipe instead of the host
// buffering its whole output — and then goes on in order.
import { strict as assert } from 'node:assert';
import fs from 'node:fs';
import path from 'node:path';
import { createCustomExecutor, parseCustomExecutors } from '../../../../src/executors/cli/custom';
import type { RunSink } from '../../../../src/executors/types';
import type { LogEntry } from '../../../../src/protocol/logEntries';
import { removeTempDirs, tempDir } from '../../../support/agentSandboxes';

describe('CLI executor backpressure', () => {
  after(removeTempDirs);

  it('reads no further line while the sink reports a backlog, then continues in order', async () => {
    const dir = tempDir('backpressure');
    const script = path.join(dir, 'agent.js');
    fs.writeFileSync(
      script,
      `for (let i = 0; i < 5; i++) console.log(JSON.stringify({ type: 'system', subtype: 'status', status: 'line ' + i, uuid: 'u' + i }));
       console.log(JSON.stringify({ type: 'result', subtype: 'success', is_error: false, result: 'done', uuid: 'r' }));`,
    );
    const { executors } = parseCustomExecutors([{ id: 'bp', label: 'BP', command: process.execPath, args: [script, '{prompt}'], outputFormat: 'claude-stream-json' }]);
    const entries: LogEntry[] = [];
    let release!: () => void;
    let gate: Promise<void> | undefined = new Promise<void>((r) => (release = r));
    const sink: RunSink = {
      entry: (e) => void entries.push(e),
      // Behind after the first agent line, until released.
      backlog: () => gate,
      agentSessionId: () => undefined,
      requestApproval: async () => ({ behavior: 'deny' }),
    };
    const run = createCustomExecutor(executors[0]!).run({ prompt: 'go', cwd: dir }, sink, new AbortController().signal);
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    for (let waited = 0; entries.length < 2 && waited < 20_000; waited += 20) await sleep(20);
    await sleep(300); // every other line was printed long ago: none may have been read
    assert.deepEqual(entries.map((e) => e.kind === 'system' ? e.text : e.kind), ['user', 'line 0']);
    gate = undefined;
    release();
    const outcome = await run;
    assert.equal(outcome.status, 'succeeded');
    assert.deepEqual(entries.map((e) => e.kind === 'system' ? e.text : e.kind), ['user', 'line 0', 'line 1', 'line 2', 'line 3', 'line 4', 'result']);
  });
});
