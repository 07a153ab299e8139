import { strict as assert } from 'node:assert';
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createExecutorRegistry } from '../../../src/executors/builtins';
import { SESSION_SCHEMA_VERSION } from '../../../src/protocol/sessions';
import { FolderRuntime } from '../../../src/app/folderRuntime';
import { Redactor } from '../../../src/secrets/redactor';

describe('replaying old sessions with a newer parser', () => {
  let root: string;
  let runtime: FolderRuntime;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'viban-reparse-'));
    runtime = await FolderRuntime.open(root, createExecutorRegistry({ paths: () => ({}), idleTimeoutMinutes: () => undefined }), new Redactor());
  });
  afterEach(async () => {
    await runtime.dispose();
    await rm(root, { recursive: true, force: true });
  });

  it('shows raw lines that today\'s Claude parser understands as real entries; keeps the rest raw', async () => {
    const ts = '2026-11-01T00:00:00.000Z';
    await runtime.store.save({ schemaVersion: SESSION_SCHEMA_VERSION, id: 's_old', taskId: 't', executorId: 'claude-code', executorLabel: 'Claude Code', status: 'succeeded', prompt: 'p', cwd: root, createdAt: ts, entryCount: 3 });
    // Written by an older Viban whose parser did not know these lines.
    const claudeLine = JSON.stringify({ type: 'assistant', message: { id: 'msg_1', role: 'assistant', content: [{ type: 'text', text: 'Hello from the past' }] }, session_id: 'x' });
    const lines = [
      { kind: 'user', id: 'u', seq: 0, ts, text: 'p' },
      { kind: 'raw', id: 'r1', seq: 1, ts, line: claudeLine, stream: 'stdout' },
      { kind: 'raw', id: 'r2', seq: 2, ts, line: 'total garbage', stream: 'stdout' },
    ];
    await mkdir(runtime.store.dir, { recursive: true });
    await writeFile(runtime.store.logFile('s_old'), lines.map((l) => JSON.stringify(l)).join('\n') + '\n');

    const { entries } = await runtime.replayTail('s_old', 100);
    assert.deepEqual(entries.map((e) => e.kind), ['user', 'assistant', 'raw']);
    const assistant = entries[1];
    assert.equal(assistant.kind === 'assistant' && assistant.text, 'Hello from the past');
    assert.equal(assistant.seq, 1, 'keeps the stored place');
  });
});
