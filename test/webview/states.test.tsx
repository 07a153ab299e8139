import assert from 'node:assert/strict';
import { act } from 'preact/test-utils';
import { $, $$, boardState, byName, card, click, isDisabled, key, mountApp, snapshot, typeInto } from './harness';

describe('workspace states', () => {
  it('no folder: explains and offers Open Folder', async () => {
    const { root, host } = await mountApp(snapshot({ folders: [], state: null }));
    assert.ok(root.textContent?.includes('Viban shows a board for a workspace folder. Open a folder to start.'));
    await click(byName(root, 'vscode-button', 'Open Folder'));
    assert.deepEqual(host.last('openFolder'), { type: 'openFolder' });
  });

  it('multi-root: a folder picker in the header posts selectFolder', async () => {
    const folders = [
      { key: 'file:///work/a', name: 'a' },
      { key: 'file:///work/b', name: 'b' },
    ];
    const { root, host } = await mountApp(snapshot({ folders }));
    const picker = $(root, '.board-header vscode-dropdown');
    assert.deepEqual($$(picker, 'vscode-option').map((o) => o.textContent), ['a', 'b']);
    await act(() => {
      (picker as HTMLSelectElement).value = 'file:///work/b';
      picker.dispatchEvent(new Event('change', { bubbles: true }));
    });
    assert.deepEqual(host.last('selectFolder'), { type: 'selectFolder', folderKey: 'file:///work/b' });
  });

  it('single folder: no picker', async () => {
    const { root } = await mountApp(snapshot());
    assert.equal($$(root, 'vscode-dropdown').length, 0);
  });

  it('untrusted: shows the restricted-mode banner, board stays editable; the next snapshot, trusted, clears it', async () => {
    const { root, send } = await mountApp(snapshot({ trusted: false }));
    assert.ok(root.textContent?.includes("Restricted mode: the board can be edited, but agents won't run until you trust this workspace."));
    assert.equal(card(root, 't1').getAttribute('draggable'), 'true');
    assert.equal(isDisabled(byName(root, 'vscode-button', 'New task')), false);
    await send({ type: 'snapshot', snapshot: snapshot({ trusted: true }) });
    assert.ok(!root.textContent?.includes('Restricted mode'));
  });

  it('read-only: explains, and every editing control is disabled or inert', async () => {
    const problems = [{ kind: 'newer-schema' as const, message: 'board.json was written by a newer Viban (schema 3).', file: '/work/a/.viban/board.json' }];
    const { root, host } = await mountApp(snapshot({ state: boardState(snapshotTasks(), { readOnly: true, problems }) }));
    assert.ok(root.textContent?.includes('Read-only'));
    assert.ok(isDisabled(byName(root, 'vscode-button', 'New task')));
    assert.ok(isDisabled(byName(root, 'button', 'New task in Todo')));
    assert.ok(isDisabled(byName(root, 'button', 'Move "Write parser" to…')));
    assert.ok(isDisabled($(root, '.add-column-button')));
    assert.equal(card(root, 't1').getAttribute('draggable'), 'false');

    await click(byName(root, 'vscode-button', 'New task')); // a synthetic click on the disabled host
    assert.equal($$(root, '.new-task-form').length, 0);
    await key(card(root, 't1'), 'ArrowRight', { altKey: true });
    assert.equal(host.ofType('moveTask').length, 0);

    await click(byName(root, 'button', 'Todo column actions'));
    for (const item of $$(document.body, '[role="menuitem"]')) assert.ok(isDisabled(item), item.textContent ?? '');

    await key(document.body.querySelector('[role="menu"]')!, 'Escape');
    await click(card(root, 't1'));
    assert.ok(isDisabled(byName(root, 'button', 'Edit title')));
    assert.ok(isDisabled(byName(root, 'vscode-button', 'Delete task')));
  });

  it('problems: each shows its message and names the file', async () => {
    const problems = [
      { kind: 'corrupt' as const, message: 'board.json was not valid and was moved aside.', file: '.viban/board.json', movedTo: '.viban/board.json.corrupt-20250101' },
      { kind: 'io' as const, message: 'Could not write .viban/board.json: disk full' },
    ];
    const { root } = await mountApp(snapshot({ state: boardState(snapshotTasks(), { problems }) }));
    const banners = $$(root, '.banner').map((b) => b.textContent ?? '');
    assert.ok(banners.some((t) => t.includes('board.json was not valid and was moved aside.') && t.includes('.viban/board.json.corrupt-20250101')));
    assert.ok(banners.some((t) => t.includes('disk full')));
    assert.equal($(root, '.banner-error').getAttribute('role'), 'alert');
    assert.ok($(root, '.banner-warning').textContent?.includes('moved aside'));
  });
});

describe('columns', () => {
  it('rename inline via the column menu posts renameColumn', async () => {
    const { root, host } = await mountApp(snapshot());
    await click(byName(root, 'button', 'Doing column actions'));
    await click(byName(document.body, '[role="menuitem"]', 'Rename…'));
    const field = $(root, '.column-rename');
    await typeInto(field, 'In progress');
    await key(field, 'Enter');
    const msg = host.last('renameColumn');
    assert.equal(msg.columnId, 'doing');
    assert.equal(msg.title, 'In progress');
  });

  it('move left/right posts moveColumn; the ends are disabled; delete posts deleteColumn', async () => {
    const { root, host } = await mountApp(snapshot());
    await click(byName(root, 'button', 'Todo column actions'));
    assert.ok(isDisabled(byName(document.body, '[role="menuitem"]', 'Move left')));
    await click(byName(document.body, '[role="menuitem"]', 'Move right'));
    assert.deepEqual({ ...host.last('moveColumn'), requestId: '' }, { type: 'moveColumn', columnId: 'todo', toIndex: 1, requestId: '' });

    await click(byName(root, 'button', 'Done column actions'));
    await click(byName(document.body, '[role="menuitem"]', 'Move left'));
    assert.equal(host.last('moveColumn').toIndex, 1);

    await click(byName(root, 'button', 'Doing column actions'));
    await click(byName(document.body, '[role="menuitem"]', 'Delete column…'));
    assert.equal(host.last('deleteColumn').columnId, 'doing');
  });

  it('Add column posts addColumn; Escape cancels', async () => {
    const { root, host } = await mountApp(snapshot());
    await click($(root, '.add-column-button'));
    await key($(root, '.add-column vscode-text-field'), 'Escape');
    assert.equal($$(root, '.add-column vscode-text-field').length, 0);
    await click($(root, '.add-column-button'));
    await typeInto($(root, '.add-column vscode-text-field'), 'Blocked');
    await key($(root, '.add-column vscode-text-field'), 'Enter');
    assert.equal(host.last('addColumn').title, 'Blocked');
  });

  it('columns are labelled lists and the header carries the count', async () => {
    const { root } = await mountApp(snapshot());
    const todo = $(root, '.column[data-column-id="todo"]');
    assert.equal($(todo, '[role="list"]').getAttribute('aria-label'), 'Todo, 3 cards');
    assert.equal($(todo, '.column-count').textContent, '3');
    assert.equal($$(todo, '[role="listitem"], li.card-item').length, 3);
  });
});

describe('header', () => {
  it('sidebar has Open in editor; the editor tab does not', async () => {
    const side = await mountApp(snapshot({ host: 'sidebar' }));
    await click(byName(side.root, 'button', 'Open board in editor'));
    assert.deepEqual(side.host.last('openBoardInEditor'), { type: 'openBoardInEditor' });
    side.unmount();
    const editor = await mountApp(snapshot({ host: 'editor' }));
    assert.equal($$(editor.root, 'button[aria-label="Open board in editor"]').length, 0);
  });
});

function snapshotTasks() {
  return snapshot().state!.board.tasks;
}
