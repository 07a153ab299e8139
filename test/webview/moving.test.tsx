import assert from 'node:assert/strict';
import { act } from 'preact/test-utils';
import { $, $$, boardState, byName, card, cardTitles, click, key, mountApp, snapshot, task } from './harness';

type DragInit = { clientY?: number };
const drag = (el: Element, type: string, init: DragInit = {}) =>
  act(() => void el.dispatchEvent(new MouseEvent(type, { bubbles: true, cancelable: true, clientY: init.clientY ?? 0 })));
const column = (root: HTMLElement, id: string) => $(root, `.column[data-column-id="${id}"]`);

/** jsdom has no layout: give a column's cards stacked 50px boxes so drop positions mean something. */
function stackCards(root: HTMLElement, columnId: string) {
  $$(column(root, columnId), '.card-item').forEach((item, i) => {
    item.getBoundingClientRect = () => ({ top: i * 50, height: 50, bottom: i * 50 + 50, left: 0, right: 200, width: 200, x: 0, y: i * 50, toJSON() {} });
  });
}

describe('drag and drop', () => {
  it('moves optimistically, shows a drop indicator, and snaps back with the error when the host refuses', async () => {
    const { root, host, send } = await mountApp(snapshot());
    await drag(card(root, 't1'), 'dragstart');
    assert.ok($(root, '.card-item[data-item-id="t1"]').classList.contains('dragging'));
    await drag(column(root, 'done'), 'dragover', { clientY: 999 });
    assert.equal($$(column(root, 'done'), '.drop-indicator').length, 1);
    await drag(column(root, 'done'), 'drop', { clientY: 999 });

    const move = host.last('moveTask');
    assert.deepEqual({ ...move, requestId: undefined }, { type: 'moveTask', taskId: 't1', toColumnId: 'done', toIndex: 1, requestId: undefined });
    assert.deepEqual(cardTitles(root, 'done'), ['Ship v0', 'Write parser']);
    assert.deepEqual(cardTitles(root, 'todo'), ['Fix login bug', 'Add dark mode']);
    assert.equal($$(root, '.drop-indicator').length, 0);

    await send({ type: 'reply', inReplyTo: move.requestId, ok: false, error: 'The board changed on disk; try again.' });
    assert.deepEqual(cardTitles(root, 'todo'), ['Write parser', 'Fix login bug', 'Add dark mode']);
    assert.deepEqual(cardTitles(root, 'done'), ['Ship v0']);
    const alert = $(root, '.banners [role="alert"]');
    assert.match(alert.textContent ?? '', /The board changed on disk; try again\./);
    await click(byName(alert, 'button', 'Dismiss'));
    assert.equal($$(root, '.banners [role="alert"]').length, 0);
  });

  it('after an ok reply, the next boardState from the host wins', async () => {
    const { root, host, send } = await mountApp(snapshot());
    await drag(card(root, 't2'), 'dragstart');
    await drag(column(root, 'doing'), 'dragover');
    await drag(column(root, 'doing'), 'drop');
    const move = host.last('moveTask');
    assert.deepEqual(cardTitles(root, 'doing'), ['Refactor store', 'Fix login bug']);
    await send({ type: 'reply', inReplyTo: move.requestId, ok: true });
    assert.deepEqual(cardTitles(root, 'doing'), ['Refactor store', 'Fix login bug']);
    // the host put it first (its own order keys): that is what shows
    await send({
      type: 'snapshot',
      snapshot: snapshot({
        state: boardState([
          task({ id: 't2', columnId: 'doing', order: 0, title: 'Fix login bug' }),
          task({ id: 't4', columnId: 'doing', order: 1, title: 'Refactor store' }),
        ]),
      }),
    });
    assert.deepEqual(cardTitles(root, 'doing'), ['Fix login bug', 'Refactor store']);
    assert.equal($$(root, '[role="alert"]').length, 0);
  });

  it('drops between cards of the same column at the pointer position', async () => {
    const { root, host } = await mountApp(snapshot());
    stackCards(root, 'todo');
    await drag(card(root, 't3'), 'dragstart');
    await drag(column(root, 'todo'), 'dragover', { clientY: 60 }); // above the middle of the 2nd card
    const items = $$(column(root, 'todo'), '.card-list > li').map((li) => (li.classList.contains('drop-indicator') ? '|' : li.dataset.itemId));
    assert.deepEqual(items, ['t1', '|', 't2', 't3']);
    stackCards(root, 'todo');
    await drag(column(root, 'todo'), 'drop', { clientY: 60 });
    assert.equal(host.last('moveTask').toIndex, 1);
    assert.deepEqual(cardTitles(root, 'todo'), ['Write parser', 'Add dark mode', 'Fix login bug']);
  });

  it('ignores drags that are not our cards, and drops back where it started', async () => {
    const { root, host } = await mountApp(snapshot());
    await drag(column(root, 'done'), 'dragover');
    await drag(column(root, 'done'), 'drop');
    stackCards(root, 'todo');
    await drag(card(root, 't3'), 'dragstart');
    await drag(column(root, 'todo'), 'drop', { clientY: 999 });
    assert.equal(host.ofType('moveTask').length, 0);
  });
});

describe('moving with the keyboard', () => {
  it('Alt+ArrowRight posts moveTask with the right toIndex, focus follows, and the move is announced', async () => {
    const { root, host } = await mountApp(snapshot());
    card(root, 't2').focus();
    await key(card(root, 't2'), 'ArrowRight', { altKey: true });
    assert.deepEqual({ ...host.last('moveTask'), requestId: '' }, { type: 'moveTask', taskId: 't2', toColumnId: 'doing', toIndex: 1, requestId: '' });
    assert.deepEqual(cardTitles(root, 'doing'), ['Refactor store', 'Fix login bug']);
    assert.equal(document.activeElement, card(root, 't2'));
    assert.equal(card(root, 't2').tabIndex, 0);
    assert.equal($(root, '[aria-live="polite"].visually-hidden').textContent, 'Moved "Fix login bug" to Doing, position 2 of 2');
  });

  it('Alt+ArrowUp reorders within the column', async () => {
    const { root, host } = await mountApp(snapshot());
    card(root, 't3').focus();
    await key(card(root, 't3'), 'ArrowUp', { altKey: true });
    assert.equal(host.last('moveTask').toIndex, 1);
    assert.deepEqual(cardTitles(root, 'todo'), ['Write parser', 'Add dark mode', 'Fix login bug']);
    assert.equal(document.activeElement, card(root, 't3'));
  });

  it('plain arrows move focus between cards and columns (roving tabindex)', async () => {
    const { root, host } = await mountApp(snapshot());
    card(root, 't1').focus();
    await key(card(root, 't1'), 'ArrowDown');
    assert.equal(document.activeElement, card(root, 't2'));
    assert.equal(card(root, 't2').tabIndex, 0);
    assert.equal(card(root, 't1').tabIndex, -1);
    await key(card(root, 't2'), 'ArrowRight');
    assert.equal(document.activeElement, card(root, 't4'));
    assert.equal(host.ofType('moveTask').length, 0);
  });

  it('Enter opens the task detail', async () => {
    const { root } = await mountApp(snapshot());
    await key(card(root, 't4'), 'Enter');
    assert.equal($(root, '.detail .detail-title').textContent, 'Refactor store');
  });
});

describe('Move to… menu', () => {
  it('lists the other columns plus top/bottom, moves by keyboard-reachable items, and returns focus', async () => {
    const { root, host } = await mountApp(snapshot());
    const button = byName(root, 'button', 'Move "Write parser" to…');
    await click(button);
    const menu = $(document.body, '[role="menu"]');
    assert.equal(button.getAttribute('aria-expanded'), 'true');
    const labels = $$(menu, '[role="menuitem"]').map((i) => i.textContent);
    assert.deepEqual(labels, ['Top of column', 'Bottom of column', 'Doing', 'Done']);
    assert.ok((byName(menu, '[role="menuitem"]', 'Top of column') as HTMLButtonElement).disabled);
    // focus starts on the first enabled item; arrows move it
    assert.equal(document.activeElement?.textContent, 'Bottom of column');
    await key(document.activeElement!, 'ArrowDown');
    assert.equal(document.activeElement?.textContent, 'Doing');
    await key(document.activeElement!, 'Escape');
    assert.equal($$(document.body, '[role="menu"]').length, 0);
    assert.equal(document.activeElement, byName(root, 'button', 'Move "Write parser" to…'));

    await click(byName(root, 'button', 'Move "Write parser" to…'));
    await click(byName(document.body, '[role="menuitem"]', 'Done'));
    assert.deepEqual({ ...host.last('moveTask'), requestId: '' }, { type: 'moveTask', taskId: 't1', toColumnId: 'done', toIndex: 1, requestId: '' });
    assert.deepEqual(cardTitles(root, 'done'), ['Ship v0', 'Write parser']);
    assert.equal(document.activeElement, card(root, 't1'));
  });

  it('"Bottom of column" moves to the last position', async () => {
    const { root, host } = await mountApp(snapshot());
    await click(byName(root, 'button', 'Move "Write parser" to…'));
    await click(byName(document.body, '[role="menuitem"]', 'Bottom of column'));
    assert.equal(host.last('moveTask').toIndex, 2);
    assert.deepEqual(cardTitles(root, 'todo'), ['Fix login bug', 'Add dark mode', 'Write parser']);
  });

  it('Shift+F10 on a card opens its menu', async () => {
    const { root } = await mountApp(snapshot());
    await key(card(root, 't2'), 'F10', { shiftKey: true });
    assert.equal($(document.body, '[role="menu"]').getAttribute('aria-label'), 'Move "Fix login bug" to');
  });
});
