import assert from 'node:assert/strict';
import { act } from 'preact/test-utils';
import type { LogEntry } from '../../../src/protocol/logEntries';
import { $, $$, byName, click, key, typeInto } from '../harness';
import { e, logList, meta, openTask, rows, showSession } from './fixtures';

const users = (from: number, to: number): LogEntry[] => {
  const out: LogEntry[] = [];
  for (let i = from; i < to; i++) out.push(e({ kind: 'user', id: `u${i}`, text: `message ${i}` }, i));
  return out;
};

const scrollTo = (el: HTMLElement, top: number) =>
  act(() => {
    el.scrollTop = top;
    el.dispatchEvent(new Event('scroll'));
  });

const shownIndexes = (root: ParentNode) => rows(root).map((r) => Number(r.dataset.index));

describe('session log scrolling', () => {
  it('follows the tail; scrolled up it stops and offers "Jump to latest" with the count of new entries', async () => {
    const m = await openTask();
    await showSession(m, [meta({ id: 's1' })], users(0, 200));
    const list = logList(m.root);
    assert.ok(shownIndexes(m.root).includes(199), 'the newest entry is in view');
    assert.ok(!shownIndexes(m.root).includes(0));
    assert.ok(list.scrollTop > 0, 'scrolled to the bottom');
    assert.equal($$(m.root, '.jump-latest').length, 0);

    await m.send({ type: 'sessionLog', sessionId: 's1', mode: 'append', entries: users(200, 201) });
    assert.ok(shownIndexes(m.root).includes(200), 'still following');

    await scrollTo(list, 400);
    await m.send({ type: 'sessionLog', sessionId: 's1', mode: 'append', entries: users(201, 204) });
    assert.equal(list.scrollTop, 400, 'the view stays where the user put it');
    assert.ok(!shownIndexes(m.root).includes(203));
    assert.equal($(m.root, '.jump-latest').textContent, 'Jump to latest (3 new)');

    await click($(m.root, '.jump-latest'));
    assert.ok(shownIndexes(m.root).includes(203));
    assert.ok(list.scrollTop > 400);
    assert.equal($$(m.root, '.jump-latest').length, 0);
  });

  it('scrolling to the top asks for the page before the first entry and prepends it without moving the view', async () => {
    const m = await openTask();
    await showSession(m, [meta({ id: 's1' })], users(500, 1000), true);
    const list = logList(m.root);
    await scrollTo(list, 0);
    assert.deepEqual(m.host.last('loadOlder'), { type: 'loadOlder', sessionId: 's1', beforeSeq: 500, count: 500 });
    const firstKey = rows(m.root)[0].dataset.key;
    assert.equal(firstKey, 'u500');
    assert.equal($(m.root, '.log-older button').textContent, 'Loading older entries…');

    // asking again while a page is on its way does nothing
    await scrollTo(list, 0);
    assert.equal(m.host.ofType('loadOlder').length, 1);

    await m.send({ type: 'sessionLog', sessionId: 's1', mode: 'older', entries: users(0, 500), hasOlder: false });
    const anchor = rows(m.root).find((r) => r.dataset.key === 'u500');
    assert.ok(anchor, 'the row that was at the top is still rendered');
    assert.equal(anchor.dataset.index, '500');
    assert.ok(list.scrollTop > 1000, `kept in place below the new page (scrollTop ${list.scrollTop})`);
    assert.equal($$(m.root, '.log-older').length, 0, 'nothing older left');
  });

  it('find in log: Ctrl+F, "n of m", Enter / Shift+Enter move between matches, scrolling to the row and expanding it', async () => {
    const m = await openTask();
    const entries = users(0, 300);
    entries[5] = e({ kind: 'user', id: 'u5', text: 'the needle is here' }, 5);
    entries[150] = e({ kind: 'tool_use', id: 't150', toolUseId: 'k', name: 'Bash', input: { command: 'ls' } }, 150);
    entries[151] = e({ kind: 'tool_result', id: 'r151', toolUseId: 'k', output: 'NEEDLE.txt' }, 151);
    entries[290] = e({ kind: 'assistant', id: 'a290', text: 'a needle and another needle' }, 290);
    await showSession(m, [meta({ id: 's1' })], entries);

    await key(logList(m.root), 'f', { ctrlKey: true });
    const field = $(m.root, '.find-field');
    await typeInto(field, 'needle');
    const count = () => $(m.root, '.find-count').textContent;
    assert.equal(count(), '1 of 4');
    const current = () => $(m.root, '.find-current').closest<HTMLElement>('.vlist-row')!.dataset.key;
    assert.equal(current(), 'u5', 'scrolled to the first match, far above the tail');

    await key(field, 'Enter');
    assert.equal(count(), '2 of 4');
    assert.equal(current(), 't150');
    assert.equal($(m.root, '.find-current .log-tool-output .log-pre').textContent, 'NEEDLE.txt', 'the match inside a tool output is expanded');

    await key(field, 'Enter');
    await key(field, 'Enter');
    assert.equal(count(), '4 of 4');
    await key(field, 'Enter');
    assert.equal(count(), '1 of 4', 'wraps around');
    await key(field, 'Enter', { shiftKey: true });
    assert.equal(count(), '4 of 4');

    await typeInto(field, 'nothing like this');
    assert.equal(count(), 'No results');
    await key(field, 'Escape');
    assert.equal($$(m.root, '.find-bar').length, 0);
  });

  it('Copy log copies the loaded entries as text', async () => {
    const copied: string[] = [];
    const nav = navigator as { clipboard?: unknown };
    const saved = Object.getOwnPropertyDescriptor(nav, 'clipboard');
    Object.defineProperty(nav, 'clipboard', { configurable: true, value: { writeText: async (t: string) => void copied.push(t) } });
    try {
      const m = await openTask();
      await showSession(m, [meta({ id: 's1' })], [e({ kind: 'user', id: 'u', text: 'hello' }, 0), e({ kind: 'assistant', id: 'a', text: 'hi there' }, 1)]);
      await click(byName(m.root, 'button', 'Copy log'));
      await act(() => new Promise((r) => setTimeout(r, 0)));
      assert.deepEqual(copied, ['[user] hello\n\n[assistant] hi there']);
      assert.ok(byName(m.root, 'button', 'Copied'));
    } finally {
      if (saved) Object.defineProperty(nav, 'clipboard', saved);
      else delete nav.clipboard;
    }
  });

  it('keeps the DOM small with 100,000 entries', async () => {
    const m = await openTask();
    const entries: LogEntry[] = [];
    for (let i = 0; i < 100_000; i++) {
      entries.push(
        i % 3 === 0
          ? e({ kind: 'assistant', id: `a${i}`, text: `answer ${i}` }, i)
          : i % 3 === 1
            ? e({ kind: 'tool_use', id: `t${i}`, toolUseId: `k${i}`, name: 'Read', input: { file_path: `f${i}.ts` } }, i)
            : e({ kind: 'tool_result', id: `r${i}`, toolUseId: `k${i - 1}`, output: 'ok' }, i),
      );
    }
    await showSession(m, [meta({ id: 's1' })], entries);
    const rendered = rows(m.root).length;
    assert.ok(rendered > 0 && rendered < 200, `${rendered} rows in the DOM`);
    assert.equal(rows(m.root).at(-1)?.getAttribute('aria-setsize'), String(Math.ceil((100_000 * 2) / 3)));
    // a live delta on top of that re-renders quickly
    const started = performance.now();
    await m.send({ type: 'sessionLog', sessionId: 's1', mode: 'append', entries: [e({ kind: 'assistant', id: 'a99999', text: '!', delta: true }, 100_000)] });
    assert.ok(performance.now() - started < 200, 'an append does not re-render the whole log');
    assert.ok(rows(m.root).length < 200);
  });
});
