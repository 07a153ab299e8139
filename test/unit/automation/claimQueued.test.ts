// Stage runs claimed like any run: a run queued by a process that cannot run it (a terminal's
// `viban move`, no queue) is picked up by a process with the queue (a window, a `viban worker`),
// and when two such processes see it at once exactly one runs it (the claim is taken under the
// store's automation lock). Real folder runtimes, real files, a gates-only recipe.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExecutorRegistry } from '../../../src/executors/registry';
import { FolderRuntime } from '../../../src/app/folderRuntime';
import { Redactor } from '../../../src/secrets/redactor';
import type { Gate } from '../../../src/protocol/automation';
import { storeLayout } from '../../../src/store/layout';
import { waitFor, writeRecipes } from './automationHarness';

const passGate: Gate = { id: 'ok', name: 'Always', type: 'command', config: { run: 'true', expectExit: 0 }, required: true, failureMessage: '' };

describe('stage runs claimed by a process with the queue', () => {
  let root: string;
  const opened: FolderRuntime[] = [];
  const open = async (withQueue: boolean) => {
    const rt = await FolderRuntime.open(root, new ExecutorRegistry(), new Redactor({}), { ...(withQueue && { queue: { queue: { watch: false } } }), watchRecipes: false });
    opened.push(rt);
    return rt;
  };
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'viban-claim-'));
  });
  afterEach(async () => {
    while (opened.length) await opened.pop()!.dispose();
    rmSync(root, { recursive: true, force: true });
  });

  it('a run queued by a terminal is run exactly once by the first of two processes that claim it', async () => {
    writeRecipes(root, { todo: { automationLevel: 'fully_auto', gates: [passGate] } });
    const terminal = await open(false);
    const taskId = await terminal.board.createTask({ title: 'Plan the export' });
    await terminal.board.moveTask(taskId, 'todo', 0);
    await terminal.automation.settled();
    const [queued] = await terminal.automation.runs.list({ taskId });
    assert.equal(queued.status, 'queued', 'no queue here: the run waits for a process that can run it');
    await terminal.dispose();
    opened.pop();

    // A window and a worker open at once; both see the queued run.
    const [a, b] = await Promise.all([open(true), open(true)]);
    const ended = await waitFor(async () => {
      const r = await a.automation.runs.get(queued.id);
      // Ended, and its outcome (the card's move) applied.
      return r && (r.status === 'succeeded' || r.status === 'failed') && r.outcome !== undefined ? r : undefined;
    }, 'the run to end');
    assert.equal(ended.status, 'succeeded');
    assert.equal(ended.ownerPid, undefined, 'ownership is released at the end');
    await waitFor(() => a.board.current.board.tasks.find((t) => t.id === taskId)?.columnId === 'in-progress' || (b.board.current.board.tasks.find((t) => t.id === taskId)?.columnId === 'in-progress'), 'the card to advance');
    await Promise.all([a.automation.settled(), b.automation.settled()]);
    // Exactly one advance: a second run of the same stage would have recorded a second move.
    const events = readFileSync(storeLayout(root).events, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(events.filter((e) => e.by.kind === 'run').map((e) => [e.from, e.to]), [['todo', 'in-progress']]);
    assert.equal(await a.automation.pickUpQueued(), 0, 'nothing left to pick up');
  });

  it('a run waiting for Start is never picked up', async () => {
    writeRecipes(root, { todo: { automationLevel: 'human_approval', gates: [passGate] } });
    const terminal = await open(false);
    const taskId = await terminal.board.createTask({ title: 'Review the plan' });
    await terminal.board.moveTask(taskId, 'todo', 0);
    await terminal.automation.settled();
    const window = await open(true);
    assert.equal(await window.automation.pickUpQueued(), 0);
    const [run] = await window.automation.runs.list({ taskId });
    assert.equal(run.status, 'queued');
    assert.equal(run.awaitingApproval, true);
  });
});
