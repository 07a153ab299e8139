// The demo workspace `npm start` opens runs its cards through a background worker, offline: its
// settings ask for background mode, a real `viban worker` runs the Demo agent (no model, no
// network), the agent's question is answered from the window's side through the store, and the
// card ends with its change summary measured — the flow a user of the demo sees.
import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FolderRuntime } from '../../../src/app/folderRuntime';
import { createExecutorRegistry } from '../../../src/executors/builtins';
import { executorSettings } from '../../../src/cli/context';
import { loadHeadlessSettings } from '../../../src/cli/settings';
import { measureEndedRuns } from '../../../src/review/measureEndedRuns';
import { Redactor } from '../../../src/secrets/redactor';
import { eventually, readSession, startCli, type RunningCli } from '../cli/cliHarness';

describe('workers: the demo workspace runs through a background worker offline', function () {
  this.timeout(120_000);
  let root: string;
  let viewer: FolderRuntime | undefined;
  let stopMeasuring: (() => void) | undefined;
  let worker: RunningCli | undefined;
  afterEach(async () => {
    stopMeasuring?.();
    await viewer?.dispose();
    if (worker && worker.child.exitCode === null) worker.child.kill('SIGKILL');
    rmSync(root, { recursive: true, force: true });
    viewer = worker = stopMeasuring = undefined;
  });

  it('background mode in its settings; the Demo agent runs in a worker, asks, is answered from the window side, and the card shows its changes', async () => {
    const { createDemoWorkspace, demoSettings } = await import('../../../scripts/demo-workspace.mjs');
    root = mkdtempSync(join(tmpdir(), 'viban-demo-worker-'));
    const folder = await createDemoWorkspace(join(root, 'demo'));
    assert.equal(demoSettings()['viban.worker.mode'], 'background');
    assert.equal(JSON.parse(readFileSync(join(folder, '.vscode', 'settings.json'), 'utf8'))['viban.worker.mode'], 'background', 'the demo window runs background workers');

    const redactor = new Redactor();
    const settings = await loadHeadlessSettings(folder, redactor);
    assert.equal(settings.workers?.concurrency, 2, 'the demo\'s worker runs two cards at once');
    viewer = await FolderRuntime.open(folder, createExecutorRegistry(executorSettings(settings, folder)), redactor, { approvalsElsewhere: true, brokenBoard: 'throw' });
    const queue = await viewer.openQueue({ runHere: false });
    stopMeasuring = measureEndedRuns(viewer.board, viewer.review);
    const task = viewer.board.current.board.tasks.find((t) => t.title === 'Ignore case when counting words')!;
    const queued = await queue.startRun({ taskId: task.id, executorId: 'demo-agent', permissionMode: 'auto-edit' });
    const sessionId = queued.reservedSessionId!;

    worker = startCli(['worker', '-w', folder, '--id', 'demo-bg', '--once', '--heartbeat-ms', '500', '--stale-ms', '5000'], { cwd: folder, timeoutMs: 110_000 });
    const question = await eventually(() => viewer!.pendingApprovals().find((a) => a.sessionId === sessionId), 'the Demo agent\'s question to reach the window side', 60_000);
    assert.equal(question.toolName, 'Write');
    await viewer.answerApproval(sessionId, question.requestId, { behavior: 'allow' });

    assert.equal((await queue.waitForEnd(queued.job.id)).status, 'succeeded');
    const done = await worker.done;
    assert.equal(done.code, 0, done.stdout + done.stderr);
    assert.ok(readSession(folder, sessionId).ownerPid !== process.pid, 'the worker ran it, not this process');
    assert.ok(existsSync(join(folder, 'DEMO-NOTES.md')), 'the allowed write happened');
    const summary = await eventually(() => viewer!.review.summaryOf(task.id), 'the card\'s change summary', 30_000);
    assert.equal(summary.files, 1);
    assert.ok(summary.insertions > 0);
  });
});
