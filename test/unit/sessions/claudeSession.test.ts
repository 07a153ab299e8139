// The whole core path with real parts: a board task, the session manager, the real `claude` CLI
// against the scripted Anthropic server, files really edited in a temp git repo, the log and
// metadata really persisted.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createExecutorRegistry } from '../../../src/executors/builtins';
import { isAlive } from '../../../src/process/liveness';
import { FolderRuntime } from '../../../src/app/folderRuntime';
import { Redactor } from '../../../src/secrets/redactor';
import { CLAUDE_BIN, claudeWorld, requestText, type ClaudeWorld } from '../../support/claudeHarness';
import { text, toolUse } from '../../support/scriptedAnthropicServer';

describe('a Claude Code session on a board task (real CLI)', function () {
  this.timeout(90_000);
  let world: ClaudeWorld;
  let runtime: FolderRuntime;

  beforeEach(async () => {
    world = await claudeWorld();
    const registry = createExecutorRegistry({ paths: () => ({ 'claude-code': CLAUDE_BIN }), idleTimeoutMinutes: () => undefined });
    runtime = await FolderRuntime.open(world.repo, registry, new Redactor(), { env: world.env });
  });
  afterEach(async () => {
    await runtime.dispose();
    await world.dispose();
  });

  const waitFor = async (cond: () => boolean, what: string, ms = 30_000) => {
    const end = Date.now() + ms;
    while (!cond()) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  };

  it('asks before writing, writes after "allow", persists the log and marks the card done; a follow-up resumes', async () => {
    const file = join(world.repo, 'notes.md');
    world.server.push(
      { blocks: [text('I will write the notes file.'), toolUse('Write', { file_path: file, content: '# Notes\n' })] },
      { blocks: [text('Written.')], usage: { input_tokens: 120, output_tokens: 12 } },
    );
    const taskId = await runtime.board.createTask({ title: 'Write the notes file' });
    const meta = await runtime.sessions.start({ taskId, executorId: 'claude-code', permissionMode: 'ask' });

    await waitFor(() => runtime.sessions.approvals.pending().length === 1, 'the approval request');
    const [pending] = runtime.sessions.approvals.pending();
    assert.equal(pending.toolName, 'Write');
    assert.equal(pending.taskId, taskId);
    await waitFor(() => runtime.board.current.board.tasks[0].agentStatus === 'waiting_for_user', 'the card to say waiting');
    assert.equal(existsSync(file), false, 'nothing is written before the user allows it');
    runtime.sessions.answerApproval(meta.id, pending.requestId, { behavior: 'allow' });

    const done = await runtime.sessions.wait(meta.id);
    assert.equal(done.status, 'succeeded', done.error);
    assert.equal(readFileSync(file, 'utf8'), '# Notes\n');
    assert.ok(done.agentSessionId, 'the agent session id is stored for resume');
    const kinds = new Set<string>();
    for await (const e of runtime.store.readLog(meta.id)) kinds.add(e.kind);
    for (const k of ['user', 'assistant', 'approval_request', 'approval_response', 'tool_use', 'tool_result', 'result']) assert.ok(kinds.has(k), `log has ${k}`);
    const task = runtime.board.current.board.tasks[0];
    assert.equal(task.agentStatus, 'done');
    assert.equal(task.lastSessionId, meta.id);
    assert.equal(task.executorId, 'claude-code');

    world.server.push({ blocks: [text('Follow-up handled.')] });
    const second = await runtime.sessions.followUp(taskId, 'Add a second heading');
    const secondDone = await runtime.sessions.wait(second.id);
    assert.equal(secondDone.status, 'succeeded', secondDone.error);
    assert.equal(secondDone.resumedFrom, meta.id);
    const last = world.server.mainRequests().at(-1)!;
    assert.match(requestText(last.body), /Write the notes file/, 'the resumed request carries the earlier conversation');
    assert.match(requestText(last.body), /Add a second heading/);
  });

  it('stops a run mid-stream: session stopped, card idle, no agent process left', async () => {
    world.server.push({ blocks: [text('This answer streams very slowly. '.repeat(40))], eventDelayMs: 200 });
    const taskId = await runtime.board.createTask({ title: 'Something slow' });
    const meta = await runtime.sessions.start({ taskId, executorId: 'claude-code', permissionMode: 'plan' });
    let pid: number | undefined;
    await waitFor(() => (pid = runtime.sessions.running.find((m) => m.id === meta.id)?.pid) !== undefined, 'the agent pid');
    await waitFor(() => world.server.mainRequests().length > 0, 'the model request');
    const stopped = await runtime.sessions.stop(meta.id);
    assert.equal(stopped.status, 'stopped');
    assert.equal(isAlive(pid!), false, `agent process ${pid} is gone`);
    await waitFor(() => runtime.board.current.board.tasks[0].agentStatus === 'idle', 'the card to go idle');
  });
});
