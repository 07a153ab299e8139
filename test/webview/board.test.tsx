import assert from 'node:assert/strict';
import { $, $$, boardState, byName, card, cardTitles, click, key, mountApp, snapshot, task, typeInto } from './harness';

describe('board rendering and the host handshake', () => {
  it('says ready, then renders columns and cards from the snapshot', async () => {
    const { host, root, send } = await mountApp();
    assert.deepEqual(host.posted[0], { type: 'ready' });
    assert.ok(root.textContent?.includes('Loading board'));

    await send({ type: 'snapshot', snapshot: snapshot() });
    const lists = $$(root, '[role="list"]');
    assert.deepEqual(
      lists.map((l) => l.getAttribute('aria-label')),
      ['Todo, 3 cards', 'Doing, 1 card', 'Done, 1 card'],
    );
    assert.deepEqual(cardTitles(root, 'todo'), ['Write parser', 'Fix login bug', 'Add dark mode']);
    // first line of the description, as plain text
    assert.equal($(card(root, 't1'), '.card-description').textContent, 'Parse the config file');
    // badges: status (not idle), model tier (default B), executor, cost as $0.00
    const badges = $$(card(root, 't4'), '.card-badge').map((b) => b.textContent);
    assert.deepEqual(badges, ['Executing', 'Tier B', 'claude-code', '$0.46']);
    assert.deepEqual($$(card(root, 't1'), '.card-badge').map((b) => b.textContent), ['Tier B']);
    assert.equal(card(root, 't4').getAttribute('aria-label'), 'Refactor store, Executing');
  });

  it('sorts cards by order, not by array position', async () => {
    const tasks = [task({ id: 'b', columnId: 'todo', order: 5, title: 'B' }), task({ id: 'a', columnId: 'todo', order: -1, title: 'A' })];
    const { root } = await mountApp(snapshot({ state: boardState(tasks) }));
    assert.deepEqual(cardTitles(root, 'todo'), ['A', 'B']);
  });

  it('drops an invalid host message, logs it to the host and does not act on it', async () => {
    const { host, root, send } = await mountApp(snapshot());
    await send({ type: 'snapshot', snapshot: { folders: [], state: { folder: { key: 'x', name: 'x' }, board: { columns: [] } }, trusted: true, host: 'editor' } });
    await send({ type: 'nonsense' });
    await send('not even an object');
    const logs = host.ofType('log');
    assert.equal(logs.length, 3);
    assert.ok(logs.every((l) => l.level === 'warn'));
    assert.match(logs[0].message, /invalid message \(type "snapshot"\)/);
    // the board from the valid snapshot is still there
    assert.deepEqual(cardTitles(root, 'todo'), ['Write parser', 'Fix login bug', 'Add dark mode']);
  });

  it('applies a snapshot pushed by the host', async () => {
    const { root, send } = await mountApp(snapshot());
    await send({ type: 'snapshot', snapshot: snapshot({ state: boardState([task({ id: 'n', columnId: 'done', title: 'New one' })]) }) });
    assert.deepEqual(cardTitles(root, 'todo'), []);
    assert.deepEqual(cardTitles(root, 'done'), ['New one']);
  });

  it('gives exactly one card a tab stop (roving tabindex)', async () => {
    const { root } = await mountApp(snapshot());
    const stops = $$(root, '.card').filter((c) => c.tabIndex === 0);
    assert.deepEqual(stops.map((c) => c.dataset.taskId), ['t1']);
  });
});

describe('filter', () => {
  it('narrows cards by title and description, case-insensitively, with n of m', async () => {
    const { root } = await mountApp(snapshot());
    const filter = $(root, 'vscode-text-field.filter');
    await typeInto(filter, 'CONFIG');
    assert.deepEqual(cardTitles(root, 'todo'), ['Write parser']);
    assert.deepEqual(cardTitles(root, 'doing'), []);
    assert.equal($(root, '.filter-count').textContent, '1 of 5');
    assert.equal($(root, '.column[data-column-id="todo"] .column-count').textContent, '1 of 3');

    await typeInto(filter, 'fix');
    assert.deepEqual(cardTitles(root, 'todo'), ['Fix login bug']);

    await key(filter, 'Escape');
    assert.equal($$(root, '.card').length, 5);
    assert.equal($(root, '.filter-count').textContent, '5 tasks');
  });

  it('persists the filter text through getState/setState', async () => {
    const { root, host } = await mountApp(snapshot());
    await typeInto($(root, 'vscode-text-field.filter'), 'ship');
    assert.equal((host.state as { filter: string }).filter, 'ship');
  });

});

describe('creating a task', () => {
  it('opens from the header, posts createTask on Enter and closes', async () => {
    const { root, host } = await mountApp(snapshot());
    await click(byName(root, 'vscode-button', 'New task'));
    const title = $(root, '.new-task-form vscode-text-field');
    await typeInto(title, '  Write docs  ');
    await typeInto($(root, '.new-task-form vscode-text-area'), 'for the CLI');
    await key(title, 'Enter');
    const msg = host.last('createTask');
    assert.equal(msg.title, 'Write docs');
    assert.equal(msg.description, 'for the CLI');
    assert.equal(msg.columnId, undefined);
    assert.ok(msg.requestId.length > 0);
    assert.equal($$(root, '.new-task-form').length, 0);
  });

  it('refuses an empty title and says why', async () => {
    const { root, host } = await mountApp(snapshot());
    await click(byName(root, 'vscode-button', 'New task'));
    await key($(root, '.new-task-form vscode-text-field'), 'Enter');
    assert.equal(host.ofType('createTask').length, 0);
    assert.equal($(root, '.new-task-form [role="alert"]').textContent, 'A task needs a title.');
  });

  it('the column "+" creates in that column; Escape cancels without posting', async () => {
    const { root, host } = await mountApp(snapshot());
    await click(byName(root, 'button', 'New task in Doing'));
    const form = $(root, '.column[data-column-id="doing"] .new-task-form');
    await typeInto($(form, 'vscode-text-field'), 'Half done');
    await key($(form, 'vscode-text-field'), 'Escape');
    assert.equal($$(root, '.new-task-form').length, 0);
    assert.equal(host.ofType('createTask').length, 0);

    await click(byName(root, 'button', 'New task in Doing'));
    await typeInto($(root, '.new-task-form vscode-text-field'), 'Half done');
    await click(byName(root, '.new-task-form vscode-button', 'Create'));
    assert.equal(host.last('createTask').columnId, 'doing');
  });

  it('unique request ids', async () => {
    const { root, host } = await mountApp(snapshot());
    for (const t of ['a', 'b']) {
      await click(byName(root, 'vscode-button', 'New task'));
      await typeInto($(root, '.new-task-form vscode-text-field'), t);
      await key($(root, '.new-task-form vscode-text-field'), 'Enter');
    }
    const ids = host.ofType('createTask').map((m) => m.requestId);
    assert.equal(new Set(ids).size, 2);
  });
});
