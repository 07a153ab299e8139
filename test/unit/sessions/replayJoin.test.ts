// A view that opens a running session subscribes to its live entries and then reads the log's
// tail. The log is written in batches on another thread, so the tail must wait until everything
// already emitted is on disk: otherwise the entries emitted just before the view opened would be
// in neither the tail nor the live stream.
import { strict as assert } from 'node:assert';
import { createCustomExecutor, parseCustomExecutors } from '../../../src/executors/cli/custom';
import { ExecutorRegistry } from '../../../src/executors/registry';
import { FolderRuntime } from '../../../src/app/folderRuntime';
import { Redactor } from '../../../src/secrets/redactor';
import { removeTempDirs, tempDir } from '../../support/agentSandboxes';

describe('joining a live session: tail + live entries', () => {
  after(removeTempDirs);

  it('the tail read right after an entry was emitted already contains it', async () => {
    const root = tempDir('replay-join');
    // Three lines a little apart: three entries (seq 1..3 after the prompt's seq 0).
    const parsed = parseCustomExecutors([
      { id: 'slow', label: 'Slow agent', command: 'sh', args: ['-c', 'echo one; sleep 0.2; echo two; sleep 0.2; echo three', 'sh', '{prompt}'], outputFormat: 'text' },
    ]);
    const registry = new ExecutorRegistry();
    registry.register(createCustomExecutor(parsed.executors[0]));
    const runtime = await FolderRuntime.open(root, registry, new Redactor({}));
    try {
      const taskId = await runtime.board.createTask({ title: 'join' });
      const tails: Array<Promise<{ emitted: number; tail: number[] }>> = [];
      const off = runtime.sessions.on({
        entries: (id, entries) => {
          // As the view does: ask for the tail the moment an entry has gone out live.
          for (const e of entries) {
            tails.push(runtime.replayTail(id, 50).then((t) => ({ emitted: e.seq!, tail: t.entries.map((x) => x.seq!) })));
          }
        },
      });
      const started = await runtime.sessions.start({ taskId, executorId: 'slow', prompt: 'go' });
      const meta = await runtime.sessions.wait(started.id);
      off();
      assert.equal(meta.status, 'succeeded', meta.error);
      const seen = await Promise.all(tails);
      assert.ok(seen.length >= 4, `${seen.length} entries`);
      for (const { emitted, tail } of seen) assert.ok(tail.includes(emitted), `entry ${emitted} was emitted but the tail read after it holds only ${tail.join(',')}`);
    } finally {
      await runtime.dispose();
    }
  });
});
