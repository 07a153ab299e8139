// The idle timeout is set per executor: a silent agent with a short limit is stopped, another
// without one is left to finish.
import { strict as assert } from 'node:assert';
import { createExecutorRegistry } from '../../../../src/executors/builtins';
import { parseCustomExecutors } from '../../../../src/executors/cli/custom';

const SILENT_THEN_DONE = "console.log('start'); setTimeout(() => console.log('done'), 900);";

describe('idle timeout per executor', function () {
  this.timeout(20_000);

  it('stops only the executor whose own limit passed', async () => {
    const { executors, errors } = parseCustomExecutors(
      ['impatient', 'patient'].map((id) => ({ id, label: id, command: process.execPath, args: ['-e', SILENT_THEN_DONE, '{prompt}'], env: {}, outputFormat: 'text' })),
    );
    assert.deepEqual(errors, []);
    const registry = createExecutorRegistry({
      paths: () => ({}),
      idleTimeoutMinutes: (id) => (id === 'impatient' ? 0.005 : undefined), // 300 ms
      custom: () => executors,
      onIdle: async () => 'stop',
    });
    const run = (id: string) =>
      registry.require(id).run(
        { prompt: 'go', cwd: process.cwd() },
        { entry: () => undefined, agentSessionId: () => undefined, requestApproval: async () => ({ behavior: 'deny' }) },
        new AbortController().signal,
      );
    const [impatient, patient] = await Promise.all([run('impatient'), run('patient')]);
    assert.equal(impatient.status, 'stopped');
    assert.equal(patient.status, 'succeeded');
  });
});
