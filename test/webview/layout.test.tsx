import assert from 'node:assert/strict';
import { columnWidth, COLUMN_MIN_PX } from '../../webview/board/useColumnFit';
import { INITIAL_CARDS_PER_COLUMN } from '../../webview/board/useCardWindow';
import { placeMenu } from '../../webview/ui/menuPlacement';
import { $, $$, boardState, card, click, flush, key, mountApp, snapshot, task, typeInto } from './harness';

describe('board layout', () => {
  it('fits all five columns in a 1,050 px editor, and only whole columns beside a detail pane', () => {
    assert.ok(columnWidth(1050, 5) >= COLUMN_MIN_PX);
    const w = columnWidth(610, 5); // beside a 440 px detail pane
    const shown = Math.floor((610 - 16 + 8) / (w + 8));
    assert.equal(shown, 3);
    assert.ok(Math.abs(shown * w + (shown - 1) * 8 - (610 - 16)) < shown, 'the shown columns fill the width: no sliver of the next');
  });

  it('places a menu below its trigger, flips it above near the bottom, and keeps it inside the view', () => {
    const view = { width: 400, height: 300 };
    const below = placeMenu({ top: 20, bottom: 40, left: 300, right: 320 }, { width: 180, height: 150 }, view);
    assert.deepEqual([below.placement, below.top, below.left], ['below', 42, 140]);
    const above = placeMenu({ top: 250, bottom: 270, left: 300, right: 320 }, { width: 180, height: 150 }, view);
    assert.deepEqual([above.placement, above.top], ['above', 98]);
    const squeezed = placeMenu({ top: 100, bottom: 120, left: 0, right: 20 }, { width: 180, height: 400 }, view);
    assert.ok(squeezed.top >= 4 && squeezed.top + squeezed.maxHeight <= 296 && squeezed.left === 4, JSON.stringify(squeezed));
  });

  it('renders a long column windowed: a spacer stands for the cards below, and keyboard End reveals the last', async () => {
    const many = Array.from({ length: 100 }, (_, i) => task({ id: `m${i}`, columnId: 'todo', order: i, title: `Card ${i}` }));
    const { root } = await mountApp(snapshot({ state: boardState(many) }));
    await new Promise((r) => setTimeout(r, 50));
    await flush();
    assert.equal($$(root, '.column[data-column-id="todo"] .card').length, INITIAL_CARDS_PER_COLUMN);
    assert.equal($(root, '.column[data-column-id="todo"] .card-spacer').dataset.count, String(100 - INITIAL_CARDS_PER_COLUMN));
    await key(card(root, 'm0'), 'End');
    assert.equal(document.activeElement, card(root, 'm99'));
    assert.equal($$(root, '.column[data-column-id="todo"] .card-spacer').length, 0);
  });

  it('names the viewed card\'s column and position in the detail', async () => {
    const { root, send } = await mountApp(snapshot());
    await send({ type: 'showTask', taskId: 't2' });
    assert.match($(root, '.detail-position').textContent ?? '', /^Todo · 2 of 3$/);
  });

  it('offers a column switcher with each column\'s count (filtered counts while filtering), which focuses the picked column', async () => {
    const { root } = await mountApp(snapshot());
    const names = () => $$(root, 'nav.column-switcher .column-switch').map((b) => b.getAttribute('aria-label'));
    const counts = $$(root, 'section[data-column-id]').map((s) => `${s.querySelector('h2')!.textContent}, ${s.querySelectorAll('.card').length}`);
    assert.deepEqual(names().map((n) => n!.replace(/ cards?$/, '')), counts);
    assert.equal($$(root, '.column-switch[aria-current="true"]').length, 1, 'one column is marked as the one in view (which one needs layout: the e2e proves it)');

    await typeInto($(root, 'vscode-text-field.filter'), 'CONFIG');
    await flush();
    const filtered = $$(root, 'section[data-column-id]').map((s) => s.querySelectorAll('.card').length);
    assert.deepEqual(names().map((n) => Number(/, (\d+) cards?$/.exec(n!)![1])), filtered);
    assert.equal(filtered.reduce((a, b) => a + b, 0), 1);

    await typeInto($(root, 'vscode-text-field.filter'), '');
    await flush();
    const second = $$(root, '.column-switch')[1];
    const secondId = $$(root, 'section[data-column-id]')[1].dataset.columnId;
    await click(second);
    assert.equal((document.activeElement as HTMLElement).closest('section')?.dataset.columnId, secondId, 'keyboard users land in the picked column');
  });
});
