// A run waiting for approval in a background worker is answered from another process — here a
// viewer opened the way the board window opens the folder (approvalsElsewhere) — through the
// store, with the real Claude Code CLI asking against the scripted model server.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FolderRuntime } from '../../../src/app/folderRuntime';
import { createExecutorRegistry } from '../../../src/executors/builtins';
import { executorSettings } from '../../../src/cli/context';
import { loadHeadlessSettings } from '../../../src/cli/settings';
import type { PendingApproval } from '../../../src/protocol/sessions';
import { Redactor } from '../../../src/secrets/redactor';
import { claudeWorld, type ClaudeWorld } from '../../support/claudeHarness';
import { text, toolUse } from '../../support/scriptedAnthropicServer';
import { CLAUDE_BIN, eventually, readSession, startCli, writeSettings, type RunningCli } from '../cli/cliHarness';

describe('workers: approvals across processes', function () {
  this.timeout(180_000);
  let world: ClaudeWorld | undefined;
  let worker: RunningCli | undefined;
  let viewer: FolderRuntime | undefined;

  afterEach(async () => {
    await viewer?.dispose();
    if (worker && worker.child.exitCode === null) worker.child.kill('SIGKILL');
    await world?.dispose();
    world = worker = viewer = undefined;
  });

  it('the worker\'s Claude Code asks; the window-side answers allow, then deny with a reason; the run finishes', async () => {
    world = await claudeWorld();
    const ws = world.repo;
    writeSettings(ws, { executors: { paths: { 'claude-code': CLAUDE_BIN } } });
    const allowed = join(ws, 'allowed.txt');
    const denied = join(ws, 'denied.txt');
    world.server.push(
      { blocks: [toolUse('Write', { file_path: allowed, content: 'yes\n' })] },
      { blocks: [toolUse('Write', { file_path: denied, content: 'no\n' })] },
      { blocks: [text('One written, one refused.')] },
    );

    const redactor = new Redactor();
    const registry = createExecutorRegistry(executorSettings(await loadHeadlessSettings(ws, redactor), ws));
    viewer = await FolderRuntime.open(ws, registry, redactor, { approvalsElsewhere: true, brokenBoard: 'throw' });
    const queue = await viewer.openQueue({ runHere: false });
    const taskId = await viewer.board.createTask({ title: 'Write two files' });
    const queued = await queue.startRun({ taskId, executorId: 'claude-code', permissionMode: 'ask' });
    const sessionId = queued.reservedSessionId!;

    worker = startCli(['worker', '-w', ws, '--id', 'bg', '--heartbeat-ms', '500', '--stale-ms', '5000'], { cwd: ws, env: world.env, timeoutMs: 170_000 });
    const seen: PendingApproval[][] = [];
    viewer.onApprovals((p) => seen.push(p));

    const first = await eventually(() => viewer!.pendingApprovals().find((a) => a.sessionId === sessionId), 'the first question to reach the viewer', 60_000);
    assert.equal(first.toolName, 'Write');
    assert.equal((first.input as { file_path: string }).file_path, allowed);
    assert.equal(readSession(ws, sessionId).status, 'waiting_for_user', 'the session says it waits for the user');
    assert.ok(seen.some((p) => p.length === 1), 'listeners heard of the question');
    await viewer.answerApproval(sessionId, first.requestId, { behavior: 'allow' });

    const second = await eventually(() => viewer!.pendingApprovals().find((a) => a.sessionId === sessionId && a.requestId !== first.requestId), 'the second question', 60_000);
    assert.equal((second.input as { file_path: string }).file_path, denied);
    await viewer.answerApproval(sessionId, second.requestId, { behavior: 'deny', message: 'not that one' });
    await assert.rejects(viewer.answerApproval(sessionId, second.requestId, { behavior: 'allow' }), /already answered/);

    const ended = await queue.waitForEnd(queued.job.id);
    assert.equal(ended.status, 'succeeded');
    assert.equal(readFileSync(allowed, 'utf8'), 'yes\n');
    assert.equal(existsSync(denied), false, 'the denied write never happened');
    assert.match(JSON.stringify(world.server.mainRequests()[2].body), /not that one/, 'the reason reached the agent');
    assert.equal(readSession(ws, sessionId).status, 'succeeded');
    await eventually(() => (viewer!.pendingApprovals().length === 0 ? true : undefined), 'no question left open');

    worker.child.kill('SIGTERM');
    assert.equal((await worker.done).code, 0);
  });
});
