import assert from 'node:assert/strict';
import { $, $$, boardState, byName, card, click, key, mountApp, snapshot, task, typeInto } from './harness';

const plan = () => [
  task({ id: 'mig', columnId: 'todo', order: 1, title: 'Write migration' }),
  task({ id: 'api', columnId: 'todo', order: 2, title: 'Add API route', blockedBy: ['mig'] }),
  task({ id: 'ui', columnId: 'todo', order: 3, title: 'Build UI', blockedBy: ['api'], tier: 'C' }),
  task({ id: 'docs', columnId: 'doing', order: 1, title: 'Write docs', tier: 'A' }),
  task({ id: 'plain', columnId: 'doing', order: 2, title: 'Tidy up' }),
];

describe('the task graph in the detail pane', () => {
  it('links a prerequisite from a searchable "Blocked by…" picker and unlinks one', async () => {
    const { root, host } = await mountApp(snapshot({ state: boardState(plan()) }));
    await click(card(root, 'api'));
    const section = $(root, '.graph-section');
    assert.deepEqual($$(section, '.graph-prereq').map((li) => li.dataset.taskId), ['mig']);
    assert.deepEqual($$(section, '.graph-dependants li').map((li) => li.textContent), ['Build UI']);

    await click(byName(section, 'button', 'Blocked by…'));
    // Itself and what it already waits for are not offered.
    assert.deepEqual($$(root, '.graph-candidate span:first-child').map((s) => s.textContent).sort(), ['Build UI', 'Tidy up', 'Write docs']);
    await typeInto($(root, '.graph-picker-search'), 'docs');
    assert.deepEqual($$(root, '.graph-candidate').map((b) => b.dataset.taskId), ['docs']);
    await click($(root, '.graph-candidate[data-task-id="docs"]'));
    const link = host.last('graphAction');
    assert.deepEqual({ ...link, requestId: '' }, { type: 'graphAction', requestId: '', action: 'link', taskId: 'api', otherId: 'docs' });
    assert.equal($$(root, '.graph-picker').length, 0, 'the picker closes after a pick');

    await click(byName(section, 'button', 'Stop waiting for "Write migration"'));
    assert.deepEqual({ ...host.last('graphAction'), requestId: '' }, { type: 'graphAction', requestId: '', action: 'unlink', taskId: 'api', otherId: 'mig' });
  });

  it('names the cycle a candidate would make, and shows the host refusing it as a notice', async () => {
    const { root, host, send } = await mountApp(snapshot({ state: boardState(plan()) }));
    await click(card(root, 'mig'));
    await click(byName($(root, '.graph-section'), 'button', 'Blocked by…'));
    const ui = $(root, '.graph-candidate[data-task-id="ui"]');
    assert.ok(ui.classList.contains('would-cycle'));
    assert.equal($(ui, '.graph-cycle-hint').textContent, 'would make a cycle: Write migration → Build UI → Add API route → Write migration');
    assert.ok(!$(root, '.graph-candidate[data-task-id="docs"]').classList.contains('would-cycle'));
    // Enter takes the first candidate that makes no cycle.
    await typeInto($(root, '.graph-picker-search'), 'w');
    await key($(root, '.graph-picker-search'), 'Enter');
    assert.equal(host.last('graphAction').otherId, 'docs');

    await click(byName($(root, '.graph-section'), 'button', 'Blocked by…'));
    await click($(root, '.graph-candidate[data-task-id="ui"]'));
    const refused = host.last('graphAction');
    const error = 'That link would make a cycle: Write migration → Build UI → Add API route → Write migration. A task cannot wait, even indirectly, for itself; remove one of these links first.';
    await send({ type: 'reply', inReplyTo: refused.requestId, ok: false, error });
    assert.ok(root.textContent?.includes(error), 'the refusal, with the cycle, is shown');
  });

  it('changes the tier in one click, in the detail pane and on the card', async () => {
    const { root, host } = await mountApp(snapshot({ state: boardState(plan()) }));
    await click(card(root, 'ui'));
    const radios = $$(root, '.tier-option');
    assert.deepEqual(radios.map((r) => [r.textContent, r.getAttribute('aria-checked')]), [['A', 'false'], ['B', 'false'], ['C', 'true']]);
    await click(radios[0]);
    assert.deepEqual({ ...host.last('graphAction'), requestId: '' }, { type: 'graphAction', requestId: '', action: 'setTier', taskId: 'ui', tier: 'A' });

    // A default-tier card shows no chip; a tier A card's chip steps to the next tier without opening the card.
    assert.equal($$(card(root, 'plain'), '.card-badge.tier').length, 0);
    const before = host.ofType('graphAction').length;
    await click($(card(root, 'docs'), '.card-badge.tier'));
    assert.equal(host.ofType('graphAction').length, before + 1);
    assert.deepEqual({ ...host.last('graphAction'), requestId: '' }, { type: 'graphAction', requestId: '', action: 'setTier', taskId: 'docs', tier: 'B' });
    assert.equal($(root, '.detail-title').textContent, 'Build UI', 'the chip click did not open the other card');
  });

  it('shows the plan as a graph one click away: layers by dependency, arrows, the current task marked, nodes open their task', async () => {
    const { root } = await mountApp(snapshot({ state: boardState(plan()) }));
    await click(card(root, 'api'));
    assert.equal($$(root, '.graph-view').length, 0);
    await click(byName(root, 'button', 'Show the graph of this plan'));
    const nodes = $$(root, '.graph-node');
    assert.deepEqual(nodes.map((n) => n.dataset.taskId), ['mig', 'api', 'ui'], 'the unlinked task is not part of this plan');
    const left = (id: string) => parseFloat($(root, `.graph-node[data-task-id="${id}"]`).style.left);
    assert.ok(left('mig') < left('api') && left('api') < left('ui'), 'prerequisites to the left of their dependants');
    assert.equal($$(root, '.graph-view path.graph-edge').length, 2);
    assert.equal($(root, '.graph-node.current').dataset.taskId, 'api');
    await click($(root, '.graph-node[data-task-id="ui"]'));
    assert.equal($(root, '.detail-title').textContent, 'Build UI');
  });
});

describe('Run all in the board header', () => {
  it('asks the host to run the graph, then offers Stop all with the progress while it runs', async () => {
    const { root, host, send } = await mountApp(snapshot({ state: boardState(plan()) }));
    await click(byName(root, '.board-header vscode-button', 'Run all'));
    assert.deepEqual({ ...host.last('graphAction'), requestId: '' }, { type: 'graphAction', requestId: '', action: 'runAll' });
    await send({ type: 'graphRun', running: true, text: 'Running all: 1 of 3 finished, 1 running' });
    assert.equal($(root, '.graph-run-status').textContent, 'Running all: 1 of 3 finished, 1 running');
    await click(byName(root, '.board-header vscode-button', 'Stop all'));
    assert.equal(host.last('graphAction').action, 'stopAll');
    await send({ type: 'graphRun', running: false, text: 'Run all finished: 1 succeeded, 2 stopped.' });
    assert.equal($$(root, '.graph-stop-all').length, 0);
    assert.equal($(root, '.graph-run-status').textContent, 'Run all finished: 1 succeeded, 2 stopped.');
  });
});

describe('Run all from a column menu', () => {
  it('runs one column\'s tasks; disabled while a graph runs and in an empty column', async () => {
    const { root, host, send } = await mountApp(snapshot({ state: boardState(plan()) }));
    await click(byName(root, 'button', 'Todo column actions'));
    await click(byName(document.body, '[role="menuitem"]', 'Run all in this column'));
    assert.deepEqual({ ...host.last('graphAction'), requestId: '' }, { type: 'graphAction', requestId: '', action: 'runAll', columnId: 'todo' });

    await send({ type: 'graphRun', running: true, text: 'Running all: 0 of 3 finished, 1 running' });
    await click(byName(root, 'button', 'Doing column actions'));
    const busy = byName(document.body, '[role="menuitem"]', 'Run all (a graph is running)');
    assert.ok(busy.hasAttribute('disabled') || busy.getAttribute('aria-disabled') === 'true');
    const sent = host.ofType('graphAction').length;
    await click(busy);
    assert.equal(host.ofType('graphAction').length, sent, 'a disabled item sends nothing');
    await key(document.body.querySelector('[role="menu"]')!, 'Escape');

    await send({ type: 'graphRun', running: false });
    await click(byName(root, 'button', 'Done column actions'));
    const empty = byName(document.body, '[role="menuitem"]', 'Run all in this column');
    assert.ok(empty.hasAttribute('disabled') || empty.getAttribute('aria-disabled') === 'true', 'an empty column has nothing to run');
  });
});

describe('the tier from the card', () => {
  it('one click on the card\'s tier button steps B → C without opening the card; T on a focused card steps C → A', async () => {
    const { root, host } = await mountApp(snapshot({ state: boardState(plan()) }));
    const plainItem = card(root, 'plain').parentElement!;
    const button = $(plainItem, '.card-tier');
    assert.equal(button.textContent, 'B');
    assert.equal(button.getAttribute('aria-label'), 'Model tier B for "Tidy up": change to tier C (T)');
    // The default tier shows no chip on the card itself: only the button, revealed on hover and focus.
    assert.equal($$(card(root, 'plain'), '.card-badge.tier').length, 0);
    await click(button);
    assert.deepEqual({ ...host.last('graphAction'), requestId: '' }, { type: 'graphAction', requestId: '', action: 'setTier', taskId: 'plain', tier: 'C' });
    assert.equal($$(root, 'section.detail').length, 0, 'the click changed the tier only');

    await key(card(root, 'ui'), 't');
    assert.deepEqual({ ...host.last('graphAction'), requestId: '' }, { type: 'graphAction', requestId: '', action: 'setTier', taskId: 'ui', tier: 'A' });
    // The non-default chip is a one-click toggle too.
    await click($(card(root, 'docs'), '.card-badge.tier'));
    assert.deepEqual({ ...host.last('graphAction'), requestId: '' }, { type: 'graphAction', requestId: '', action: 'setTier', taskId: 'docs', tier: 'B' });
  });
});

describe('a held task in the detail pane', () => {
  it('says why it is held and offers Release', async () => {
    const tasks = plan().map((t) => (t.id === 'api' ? { ...t, held: 'held: Write migration failed' } : t));
    const { root, host } = await mountApp(snapshot({ state: boardState(tasks) }));
    await click(card(root, 'api'));
    assert.equal($(root, '.graph-held span').textContent, 'held: Write migration failed');
    await click(byName(root, 'button', 'Release'));
    assert.deepEqual({ ...host.last('graphAction'), requestId: '' }, { type: 'graphAction', requestId: '', action: 'release', taskId: 'api' });
    await click(card(root, 'mig'));
    assert.equal($$(root, '.graph-release').length, 0, 'a task that is not held has no Release');
    await click(card(root, 'api'));
    assert.equal($$(root, '.graph-resolve-merge').length, 0, 'held for a failed prerequisite: nothing to merge');
  });

  it('held for a merge conflict: offers "Resolve in merge editor", then Release', async () => {
    const tasks = plan().map((t) => (t.id === 'api' ? { ...t, held: 'needs merge: src/routes.ts' } : t));
    const { root, host } = await mountApp(snapshot({ state: boardState(tasks) }));
    await click(card(root, 'api'));
    assert.equal($(root, '.graph-held span').textContent, 'needs merge: src/routes.ts');
    await click(byName(root, 'button', 'Resolve in merge editor'));
    assert.deepEqual({ ...host.last('graphAction'), requestId: '' }, { type: 'graphAction', requestId: '', action: 'resolveMerge', taskId: 'api' });
    await click(byName(root, 'button', 'Release'));
    assert.deepEqual({ ...host.last('graphAction'), requestId: '' }, { type: 'graphAction', requestId: '', action: 'release', taskId: 'api' });
  });
});
