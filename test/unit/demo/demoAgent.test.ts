// The Demo agent as a newcomer meets it: a custom executor (claude-stream-json) run by the session
// manager, streaming text, asking for approval, and writing a file only when allowed.
import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createExecutorRegistry } from '../../../src/executors/builtins';
import { parseCustomExecutors } from '../../../src/executors/cli/custom';
import { FolderRuntime } from '../../../src/app/folderRuntime';
import { Redactor } from '../../../src/secrets/redactor';

const AGENT = resolve(__dirname, '../../../demo/demo-agent.mjs');

describe('the Demo agent', function () {
  this.timeout(30_000);
  let root: string;
  let runtime: FolderRuntime;

  beforeEach(async () => {
    root = mkdtempSync(join(tmpdir(), 'viban-demo-'));
    const { executors, errors } = parseCustomExecutors([
      { id: 'demo-agent', label: 'Demo agent', command: process.execPath, args: [AGENT, '{prompt}', '{workspace}'], env: { VIBAN_DEMO_PACE_MS: '1' }, outputFormat: 'claude-stream-json' },
    ]);
    assert.deepEqual(errors, []);
    const registry = createExecutorRegistry({ paths: () => ({}), idleTimeoutMinutes: () => undefined, custom: () => executors });
    runtime = await FolderRuntime.open(root, registry, new Redactor());
  });
  afterEach(async () => {
    await runtime.dispose();
    rmSync(root, { recursive: true, force: true });
  });

  async function runAndAnswer(decide: (id: string, requestId: string) => void) {
    const taskId = await runtime.board.createTask({ title: 'Plan the --json flag' });
    const meta = await runtime.sessions.start({ taskId, executorId: 'demo-agent', permissionMode: 'ask' });
    const end = Date.now() + 20_000;
    while (runtime.sessions.approvals.pending().length === 0) {
      if (Date.now() > end) throw new Error('no approval request');
      await new Promise((r) => setTimeout(r, 20));
    }
    decide(meta.id, runtime.sessions.approvals.pending()[0].requestId);
    const done = await runtime.sessions.wait(meta.id);
    const kinds: string[] = [];
    for await (const e of runtime.store.readLog(meta.id)) kinds.push(e.kind);
    return { done, kinds };
  }

  it('streams, asks to write DEMO-NOTES.md, and writes it when allowed', async () => {
    const { done, kinds } = await runAndAnswer((id, rid) => runtime.sessions.answerApproval(id, rid, { behavior: 'allow' }));
    assert.equal(done.status, 'succeeded', done.error);
    assert.match(readFileSync(join(root, 'DEMO-NOTES.md'), 'utf8'), /# Plan for: Plan the --json flag/);
    for (const k of ['user', 'thinking', 'assistant', 'tool_use', 'tool_result', 'approval_request', 'approval_response', 'result']) assert.ok(kinds.includes(k), `has ${k}`);
  });

  it('writes nothing when denied, and says so', async () => {
    const { done } = await runAndAnswer((id, rid) => runtime.sessions.answerApproval(id, rid, { behavior: 'deny', message: 'not now' }));
    assert.equal(done.status, 'succeeded', done.error);
    assert.equal(existsSync(join(root, 'DEMO-NOTES.md')), false);
    const texts: string[] = [];
    for await (const e of runtime.store.readLog(done.id)) if (e.kind === 'assistant') texts.push(e.text);
    assert.ok(texts.some((t) => t.includes('you said: "not now"')), texts.join(' | '));
  });
});
