// A run in a background worker shows on the window's board as a window's own run does: the card
// moves (In Progress as it starts, In Review when it succeeds) and its live status ("Running npm
// test") reaches the window while the run goes, then its final word — across processes, with a
// real `viban worker` running a real agent process. The window's queue says nothing runs after.
import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FolderRuntime } from '../../../src/app/folderRuntime';
import { createExecutorRegistry } from '../../../src/executors/builtins';
import { executorSettings } from '../../../src/cli/context';
import { loadHeadlessSettings } from '../../../src/cli/settings';
import type { CardStatus } from '../../../src/sessions/taskStatus';
import { Redactor } from '../../../src/secrets/redactor';
import { watchWorkerCards } from '../../../src/workers/workerCards';
import { eventually, readBoard, type RunningCli } from '../cli/cliHarness';
import { workerWorld } from './workerWorld';

describe('workers: live cards in the window', function () {
  this.timeout(120_000);
  let worker: RunningCli | undefined;
  let viewer: FolderRuntime | undefined;
  let stopWatching: (() => void) | undefined;

  afterEach(async () => {
    stopWatching?.();
    await viewer?.dispose();
    if (worker && worker.child.exitCode === null) worker.child.kill('SIGKILL');
    worker = viewer = stopWatching = undefined;
  });

  it('the worker\'s run moves the card and pushes its live and final status to a window; the window\'s queue then shows nothing running', async () => {
    const world = workerWorld();
    const redactor = new Redactor();
    const registry = createExecutorRegistry(executorSettings(await loadHeadlessSettings(world.ws, redactor), world.ws));
    // Opened the way the board window opens a folder in background mode: it queues, runs nothing.
    viewer = await FolderRuntime.open(world.ws, registry, redactor, { approvalsElsewhere: true, brokenBoard: 'throw' });
    const queue = await viewer.openQueue({ runHere: false });
    const pushed: Array<{ taskId: string } & CardStatus> = [];
    const lives: number[] = [];
    stopWatching = watchWorkerCards(world.ws, (taskId, status) => pushed.push({ taskId, ...status }), { pollMs: 500, onLive: (n) => lives.push(n) });
    await eventually(() => (lives.length ? true : undefined), 'the first count of live workers');
    assert.deepEqual(lives, [0], 'no worker yet (the banner\'s case)');

    const taskId = await viewer.board.createTask({ title: 'Run the tests' });
    const startColumn = viewer.board.current.board.tasks.find((t) => t.id === taskId)!.columnId;
    await queue.startRun({ taskId, executorId: 'tooler', permissionMode: 'full-auto' });
    worker = world.startWorker(['--id', 'bg', '--heartbeat-ms', '500', '--stale-ms', '5000']);

    // While it runs: the live status the agent's tool call gives, which board.json never holds.
    const live = await eventually(() => pushed.find((p) => p.taskId === taskId && p.agentStatus === 'executing'), 'the live status to reach the window', 30_000);
    assert.equal(live.agentStatusMessage, 'Running npm test');
    const onBoard = readBoard(world.ws).tasks.find((t) => t.id === taskId)!;
    assert.notEqual(onBoard.agentStatusMessage, 'Running npm test', 'the status came through the worker, not board.json');
    await eventually(() => (viewer!.board.current.board.tasks.find((t) => t.id === taskId)?.columnId === 'in-progress' ? true : undefined), 'the card to move to In Progress in the window', 15_000);
    assert.notEqual(startColumn, 'in-progress');
    await eventually(() => (queue.snapshot().counts.running === 1 ? true : undefined), 'the window to see the run running', 15_000);

    writeFileSync(join(world.ws, 'release.txt'), 'go\n');
    const final = await eventually(() => pushed.find((p) => p.taskId === taskId && p.agentStatus === 'done'), 'the final status to reach the window', 30_000);
    assert.equal(final.agentStatusMessage, 'tooler finished');
    assert.deepEqual(pushed[pushed.length - 1], final, 'the final word is the last one');
    const card = await eventually(() => viewer!.board.current.board.tasks.find((t) => t.id === taskId && t.columnId === 'in-review'), 'the card to move to In Review in the window', 15_000);
    assert.equal(card.agentStatus, 'done', 'the board agrees with the last push (so the view lets the push go)');
    assert.equal(card.agentStatusMessage, final.agentStatusMessage);
    await eventually(() => (queue.snapshot().counts.running === 0 ? true : undefined), 'the window\'s queue to show nothing running', 15_000);
    assert.equal(pushed.filter((p) => p.agentStatus === 'done').length, 1, 'the final status is pushed once');

    // The worker's death is noticed (the banner comes back when runs wait).
    assert.equal(lives[lives.length - 1], 1);
    worker.child.kill('SIGKILL');
    await eventually(() => (lives[lives.length - 1] === 0 ? true : undefined), 'the dead worker to stop counting as live', 10_000);
  });
});
