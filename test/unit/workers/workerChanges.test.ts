// A run a background worker finished gets the same change summary on its card (files, +/-) as a
// run the window ran itself: the window measures whenever the board says a task's run ended —
// whoever ran it — and, on open, the runs that ended while no window was open.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FolderRuntime } from '../../../src/app/folderRuntime';
import { createExecutorRegistry } from '../../../src/executors/builtins';
import { executorSettings } from '../../../src/cli/context';
import { loadHeadlessSettings } from '../../../src/cli/settings';
import { measureEndedRuns } from '../../../src/review/measureEndedRuns';
import { Redactor } from '../../../src/secrets/redactor';
import { eventually, readSession, startCli, tempWorkspace, writeSettings } from '../cli/cliHarness';

// Edits the tracked file (one line changed, two added: +3 -1) and creates a new one of three lines.
const EDITOR = `const fs = require('fs');
fs.writeFileSync('notes.txt', 'first, edited\\nsecond\\nthird\\n');
fs.writeFileSync('added.txt', 'a\\nb\\nc\\n');
console.log('edited two files');`;

function gitWorkspace(): string {
  const ws = tempWorkspace('viban-worker-changes-');
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=T', ...args], { cwd: ws, stdio: 'pipe' });
  git('init', '-q', '-b', 'main');
  writeFileSync(join(ws, 'notes.txt'), 'first\n');
  writeFileSync(join(ws, 'editor.js'), EDITOR);
  writeFileSync(join(ws, '.gitignore'), '.viban/\n');
  git('add', '-A');
  git('commit', '-qm', 'start');
  writeSettings(ws, { executors: { custom: [{ id: 'editor', label: 'Editor', command: process.execPath, args: [join(ws, 'editor.js'), '{prompt}'] }] } });
  return ws;
}

async function openWindowSide(ws: string): Promise<{ runtime: FolderRuntime; stop: () => void }> {
  const redactor = new Redactor();
  const runtime = await FolderRuntime.open(ws, createExecutorRegistry(executorSettings(await loadHeadlessSettings(ws, redactor), ws)), redactor, { brokenBoard: 'throw' });
  await runtime.openQueue({ runHere: false });
  return { runtime, stop: measureEndedRuns(runtime.board, runtime.review) };
}

const EXPECTED = { files: 2, insertions: 6, deletions: 1 };

describe('workers: the change summary of a run a worker finished', function () {
  this.timeout(120_000);
  let side: { runtime: FolderRuntime; stop: () => void } | undefined;
  afterEach(async () => {
    side?.stop();
    await side?.runtime.dispose();
    side = undefined;
  });

  it('a window open during the worker\'s run measures the changes when the board says the run ended', async () => {
    const ws = gitWorkspace();
    side = await openWindowSide(ws);
    const taskId = await side.runtime.board.createTask({ title: 'Edit the notes' });
    const queued = await side.runtime.requireQueue().startRun({ taskId, executorId: 'editor', permissionMode: 'full-auto' });
    assert.equal(side.runtime.review.summaryOf(taskId), undefined, 'nothing measured before the run');

    const worker = startCli(['worker', '-w', ws, '--id', 'bg', '--once', '--heartbeat-ms', '500', '--stale-ms', '5000'], { cwd: ws, timeoutMs: 100_000 });
    const done = await worker.done;
    assert.equal(done.code, 0, done.stdout + done.stderr);
    assert.match(done.stdout + done.stderr, /1 done, 0 failed/);
    assert.equal((await side.runtime.requireQueue().waitForEnd(queued.job.id)).status, 'succeeded');

    // The worker ran it (not this process); the summary comes from the board change alone.
    const meta = readSession(ws, queued.reservedSessionId!);
    assert.ok(meta.ownerPid && meta.ownerPid !== process.pid, `the worker owned the session (owner pid ${meta.ownerPid})`);
    const summary = await eventually(() => side!.runtime.review.summaryOf(taskId), 'the change summary of the worker\'s run', 30_000);
    assert.deepEqual(summary, EXPECTED);
  });

  it('a window opened after the worker finished (none was open) measures the run at open', async () => {
    const ws = gitWorkspace();
    const queueing = await openWindowSide(ws);
    const taskId = await queueing.runtime.board.createTask({ title: 'Edit the notes' });
    await queueing.runtime.requireQueue().startRun({ taskId, executorId: 'editor', permissionMode: 'full-auto' });
    queueing.stop();
    await queueing.runtime.dispose();

    const done = await startCli(['worker', '-w', ws, '--id', 'bg', '--once', '--heartbeat-ms', '500', '--stale-ms', '5000'], { cwd: ws, timeoutMs: 100_000 }).done;
    assert.equal(done.code, 0, done.stdout + done.stderr);

    side = await openWindowSide(ws);
    const task = side.runtime.board.current.board.tasks.find((t) => t.id === taskId)!;
    assert.equal(task.agentStatus, 'done', `the worker's run ended: ${task.agentStatus} ${task.agentStatusMessage ?? ''}`);
    const summary = await eventually(() => side!.runtime.review.summaryOf(taskId), 'the change summary measured at open', 30_000);
    assert.deepEqual(summary, EXPECTED);
  });
});
