// Automation levels and onFail, with recipes whose run is only its gates (no agent needed to
// decide what happens to the card), on a real folder runtime with its durable queue.
import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExecutorRegistry } from '../../../src/executors/registry';
import { FolderRuntime } from '../../../src/app/folderRuntime';
import { Redactor } from '../../../src/secrets/redactor';
import type { Gate, OnFail, StageRun } from '../../../src/protocol/automation';
import { columnOf, waitFor, writeRecipes } from './automationHarness';

const passGate: Gate = { id: 'ok', name: 'Always', type: 'command', config: { run: 'true', expectExit: 0 }, required: true, failureMessage: '' };
const failGate: Gate = { id: 'spec', name: 'Spec written', type: 'file_exists', config: { pattern: 'spec.md' }, required: true, failureMessage: 'Write spec.md first.' };

describe('stage automation levels and onFail', () => {
  let root: string;
  let rt: FolderRuntime;
  const notes: string[] = [];
  beforeEach(async () => {
    root = mkdtempSync(join(tmpdir(), 'viban-levels-'));
    rt = await FolderRuntime.open(root, new ExecutorRegistry(), new Redactor({}), { queue: { queue: { watch: false } }, watchRecipes: false, notifyStageRun: (_r, m) => notes.push(m) });
  });
  afterEach(async () => {
    await rt.dispose();
    rmSync(root, { recursive: true, force: true });
  });

  const moveAndRun = async (taskId: string, to: string): Promise<StageRun> => {
    await rt.board.moveTask(taskId, to, 0);
    await rt.automation.settled();
    const run = (await rt.automation.runs.list({ taskId })).filter((r) => r.columnId === to).at(-1)!;
    assert.ok(run, `a run for ${to}`);
    return rt.automation.waitForEnd(run.id);
  };

  it('fully_auto advances on passing gates; auto_notify runs but never advances; manual creates no run', async () => {
    writeRecipes(root, {
      todo: { automationLevel: 'fully_auto', gates: [passGate] },
      'in-progress': { automationLevel: 'auto_notify', gates: [passGate] },
      'in-review': { automationLevel: 'manual', gates: [passGate] },
    });
    await rt.automation.recipes.load();
    const t = await rt.board.createTask({ title: 'Card', columnId: 'backlog' });
    const first = await moveAndRun(t, 'todo');
    assert.equal(first.status, 'succeeded');
    await rt.automation.settled();
    const second = await rt.automation.waitForEnd((await waitFor(async () => (await rt.automation.runs.list({ taskId: t })).find((r) => r.columnId === 'in-progress'), 'the in-progress run')).id);
    assert.equal(second.status, 'succeeded');
    assert.equal(columnOf(rt, t), 'in-progress', 'auto_notify leaves the card');
    assert.ok(notes.some((n) => /Stage run finished/.test(n)));
    await rt.board.moveTask(t, 'in-review', 0);
    await rt.automation.settled();
    assert.equal((await rt.automation.runs.list({ taskId: t })).length, 2, 'manual: no run');
  });

  it('human_approval: the run is created queued and waits for Start; Start runs it and a pass advances', async () => {
    writeRecipes(root, { todo: { automationLevel: 'human_approval', gates: [passGate] } });
    await rt.automation.recipes.load();
    const t = await rt.board.createTask({ title: 'Card', columnId: 'backlog' });
    await rt.board.moveTask(t, 'todo', 0);
    await rt.automation.settled();
    const [run] = await rt.automation.runs.list({ taskId: t });
    assert.equal(run.status, 'queued');
    assert.equal(run.awaitingApproval, true);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal((await rt.automation.runs.get(run.id))!.status, 'queued', 'still waiting: nobody pressed Start');
    await rt.automation.start(run.id);
    const done = await rt.automation.waitForEnd(run.id);
    assert.equal(done.status, 'succeeded');
    assert.deepEqual(done.triggeredBy, { kind: 'user' });
    assert.equal(columnOf(rt, t), 'in-progress');
  });

  const onFail = async (behaviour: OnFail) => {
    writeRecipes(root, { 'in-progress': { automationLevel: 'fully_auto', gates: [passGate, failGate], onFail: behaviour } });
    await rt.automation.recipes.load();
    const t = await rt.board.createTask({ title: 'Card', columnId: 'todo' });
    const run = await moveAndRun(t, 'in-progress');
    assert.equal(run.status, 'failed');
    assert.deepEqual(run.gates.map((g) => [g.id, g.passed]), [['ok', true], ['spec', false]]);
    assert.equal(run.gates[1].message, 'Write spec.md first. — No file matches spec.md');
    return { t, run, card: () => rt.board.current.board.tasks.find((x) => x.id === t)! };
  };

  it('onFail stay: the card stays in the column', async () => {
    const { t, run } = await onFail('stay');
    assert.equal(columnOf(rt, t), 'in-progress');
    assert.equal(run.outcome, 'Failed; the card stays.');
  });

  it('onFail revert: the card goes back to the column it came from, and the history says why', async () => {
    const { t, run } = await onFail('revert');
    assert.equal(columnOf(rt, t), 'todo');
    const history = await rt.automation.events.read({ taskId: t });
    assert.deepEqual(history.at(-1), { ...history.at(-1)!, from: 'in-progress', to: 'todo', by: { kind: 'run', id: run.id } });
    assert.match(history.at(-1)!.why!, /^reverted: 1 required gate failed: Spec written/);
  });

  it('onFail create_questions: the failing gates become a checklist on the card', async () => {
    const { t, card } = await onFail('create_questions');
    assert.equal(columnOf(rt, t), 'in-progress');
    assert.deepEqual(card().checklist, [{ text: 'Spec written: Write spec.md first. — No file matches spec.md', done: false, source: 'gate:spec' }]);
  });

  it('onFail review_required: the card is flagged and moved to the review column', async () => {
    const { t, card } = await onFail('review_required');
    assert.equal(columnOf(rt, t), 'in-review');
    assert.match(card().needsReview ?? '', /Stage "In Progress": 1 required gate failed/);
  });

  it('retry makes a new run of the same stage; cancel ends a waiting run; a broken recipes.json is reported and left untouched', async () => {
    writeRecipes(root, { todo: { automationLevel: 'fully_auto', gates: [failGate] } });
    await rt.automation.recipes.load();
    const t = await rt.board.createTask({ title: 'Card', columnId: 'backlog' });
    const failed = await moveAndRun(t, 'todo');
    assert.equal(failed.status, 'failed');
    writeFileSync(join(root, 'spec.md'), '# Spec\n');
    const again = await rt.automation.retry(failed.id);
    assert.equal(again.retryOf, failed.id);
    assert.equal((await rt.automation.waitForEnd(again.id)).status, 'succeeded');
    assert.equal(columnOf(rt, t), 'in-progress');

    writeRecipes(root, { todo: { automationLevel: 'human_approval', gates: [passGate] } });
    await rt.automation.recipes.load();
    const u = await rt.board.createTask({ title: 'Other', columnId: 'backlog' });
    await rt.board.moveTask(u, 'todo', 0);
    await rt.automation.settled();
    const [waiting] = await rt.automation.runs.list({ taskId: u });
    assert.equal((await rt.automation.cancel(waiting.id)).status, 'cancelled');

    const broken = '{ "schemaVersion": 1, "recipes": { "todo": { "automationLevel": "sometimes" } } }';
    writeFileSync(join(root, '.viban', 'recipes.json'), broken);
    const state = await rt.automation.recipes.load();
    assert.match(state.problem ?? '', /could not be used: .*automationLevel.*left untouched/);
    assert.equal(state.recipes.todo.automationLevel, 'human_approval', 'the last good recipes stay in force');
    await assert.rejects(rt.automation.recipes.setRecipe('done', { enabled: true, automationLevel: 'manual', executor: 'x', steps: [], gates: [], onFail: 'stay' }), /will not overwrite it/);
    assert.equal(readFileSync(join(root, '.viban', 'recipes.json'), 'utf8'), broken);
    assert.ok(existsSync(join(root, '.viban', 'events.jsonl')));
  });
});
