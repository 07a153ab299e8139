// The board as a demanding VS Code user sees it (issue #16), in a real VS Code: at the default
// sidebar width and in a 1,050 px editor, with the detail pane open, its menus, the view's toolbar,
// a tab switch, the confirmation card, a prompt bubble, and the console. Every step leaves a
// screenshot in test-results/e2e/layout-*.png. One VS Code for the suite, steps in order.
import assert from 'node:assert/strict';
import { useVSCode, FIXTURE_BOARD, waitFor, sleep } from './harness.mjs';

const LONG_COLUMN = 40; // Backlog cards: enough to scroll a column well past one screen
const CODE_TASK = 'Document the install commands';
const CODE_DESCRIPTION = Array.from({ length: 8 }, (_, i) => `Step ${i + 1}: run \`npm install -g @openai/codex-${i}\` then \`codex --version\`.`).join(' ');
const PROMPT_TASK = 'Explain the **bold** plan';

function layoutBoard() {
  const board = structuredClone(FIXTURE_BOARD);
  const at = '2026-01-05T05:00:00.000Z';
  for (let i = 1; i <= LONG_COLUMN; i++) {
    board.tasks.push({ id: `long-${i}`, columnId: 'backlog', order: 10_000 + i, title: `Backlog item ${i}`, description: '', createdAt: at, updatedAt: at, agentStatus: 'idle' });
  }
  board.tasks.push({ id: 'code-1', columnId: 'done', order: 5000, title: CODE_TASK, description: CODE_DESCRIPTION, createdAt: at, updatedAt: at, agentStatus: 'idle' });
  board.tasks.push({
    id: 'prompt-1', columnId: 'todo', order: 5000, title: PROMPT_TASK, description: 'Use `src/count.js` and keep it **short**.', createdAt: at, updatedAt: at, agentStatus: 'idle',
  });
  return board;
}

/** Boxes of every column (section) and its heading, relative to the webview, and the webview's width. */
const columnBoxes = (frame) =>
  frame.evaluate(() => ({
    width: document.documentElement.clientWidth,
    columns: Array.from(document.querySelectorAll('section[data-column-id]')).map((c) => {
      const r = c.getBoundingClientRect();
      const h = c.querySelector('h2')?.getBoundingClientRect();
      return { title: c.querySelector('h2')?.textContent, left: r.left, right: r.right, headingLeft: h?.left ?? NaN, headingRight: h?.right ?? NaN };
    }),
  }));

describe('layout: the board at every width, its menus and its visual layer', function () {
  const vscode = useVSCode({ board: layoutBoard() });
  const sidebarFrame = () => vscode().webviewFrame('body[data-host="sidebar"] [role="list"]');
  const editorFrame = () => vscode().webviewFrame('body[data-host="editor"] [role="list"]');

  it('in a narrow sidebar (360 px), stacks the columns: none is cut off at the side', async function () {
    const vsc = vscode();
    await vsc.openViban();
    await vsc.resizeSideBar(360); // a usual sidebar width: room for one column and a sliver of the next
    const frame = await sidebarFrame();
    await waitFor(async () => (await columnBoxes(frame)).columns.length === 5, { message: 'five columns' });
    const { width, columns } = await columnBoxes(frame);
    assert.ok(width < 400, `the default sidebar is narrow (${width} px)`);
    for (const c of columns) {
      assert.ok(c.left >= 0 && c.right <= width + 0.5, `column ${c.title} spans ${c.left}..${c.right} in a ${width} px view`);
      assert.ok(c.headingLeft >= 0 && c.headingRight <= width + 0.5, `heading ${c.title} is clipped (${c.headingLeft}..${c.headingRight})`);
    }
    await vsc.screenshot('layout-sidebar-stacked');
  });

  it('in the narrow sidebar, a column switcher with counts jumps to a column past a long Backlog and says which is in view', async function () {
    const vsc = vscode();
    const frame = await sidebarFrame();
    const switcher = frame.getByRole('navigation', { name: 'Columns' });
    await switcher.waitFor();
    const labels = await switcher.getByRole('button').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
    // The counts are the columns' own: the fixture's Backlog plus the 40 added.
    const counts = await frame.evaluate(() => Object.fromEntries(Array.from(document.querySelectorAll('section[data-column-id]')).map((c) => [c.querySelector('h2').textContent, c.querySelectorAll('.card').length + Number(c.querySelector('.card-spacer')?.dataset.count ?? 0)])));
    assert.deepEqual(labels, Object.entries(counts).map(([title, n]) => `${title}, ${n} ${n === 1 ? 'card' : 'cards'}`));
    assert.ok(counts.Backlog > LONG_COLUMN, `Backlog holds ${counts.Backlog}`);
    /** Where a column's section starts in the strip: its offset from the strip's top, and the strip's height. */
    const placeOf = (title) =>
      frame.evaluate((t) => {
        const strip = document.querySelector('.columns');
        const section = Array.from(document.querySelectorAll('section[data-column-id]')).find((c) => c.querySelector('h2').textContent === t);
        const atEnd = strip.scrollTop + strip.clientHeight >= strip.scrollHeight - 2;
        return { top: section.getBoundingClientRect().top - strip.getBoundingClientRect().top, height: strip.clientHeight, atEnd };
      }, title);
    // In view: its heading at the top of the strip, or (a column near the end, which cannot scroll
    // that far) its heading in the strip with the strip scrolled to its end.
    const inView = async (title) => {
      const { top, height, atEnd } = await placeOf(title);
      return top >= -4 && (top <= 4 || (atEnd && top < height - 40));
    };
    const currentLabel = () => switcher.locator('[aria-current="true"]').getAttribute('aria-label');
    assert.match(await currentLabel(), /^Backlog,/);
    assert.ok((await placeOf('In Progress')).top > 1000, 'In Progress starts far below, past the Backlog');

    await switcher.getByRole('button', { name: /^In Progress,/ }).click();
    await waitFor(() => inView('In Progress'), { message: 'In Progress brought into view' });
    await waitFor(async () => /^In Progress,/.test(await currentLabel()), { message: 'In Progress marked current' });
    assert.ok(await switcher.isVisible(), 'the switcher stays in place while the columns scroll');
    await vsc.screenshot('layout-sidebar-switcher');

    await switcher.getByRole('button', { name: /^Done,/ }).click();
    await waitFor(async () => (await inView('Done')) && /^Done,/.test(await currentLabel()), { message: 'Done in view and marked current' });
    await switcher.getByRole('button', { name: /^Backlog,/ }).click();
    await waitFor(async () => Math.abs((await placeOf('Backlog')).top) <= 4 && /^Backlog,/.test(await currentLabel()), { message: 'back to the Backlog' });
  });

  it('shows New task and Open in editor once (not again as view title icons)', async function () {
    const vsc = vscode();
    const frame = await sidebarFrame();
    await vsc.page.locator('.part.sidebar .composite.title').hover(); // title actions show on hover
    const titleActions = await vsc.page.locator('.part.sidebar .title-actions .action-label, .part.sidebar .composite.title .action-label').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? e.textContent ?? ''));
    const inView = await frame.evaluate(() => Array.from(document.querySelectorAll('vscode-button, button')).map((e) => e.getAttribute('aria-label') || e.textContent.trim()));
    const count = (labels, re) => labels.filter((l) => re.test(l)).length;
    assert.equal(count(titleActions, /new task/i) + count(inView, /^new task$/i), 1, `title: ${titleActions.join(' | ')}; view: ${inView.join(' | ')}`);
    assert.equal(count(titleActions, /open board in editor/i) + count(inView, /^open board in editor$/i), 1, `title: ${titleActions.join(' | ')}`);
    await vsc.screenshot('layout-sidebar-toolbar');
  });

  it('in a 1,050 px editor, all five columns fit', async function () {
    const vsc = vscode();
    await vsc.resizeSideBar(300); // 1,400 px window - activity bar - sidebar: a 1,050 px editor
    await vsc.runCommand('Viban: Open Board in Editor');
    const frame = await editorFrame();
    await waitFor(async () => (await columnBoxes(frame)).columns.length === 5, { message: 'five columns in the editor' });
    const { width, columns } = await columnBoxes(frame);
    assert.ok(width >= 1000 && width <= 1100, `the editor's board is about 1,050 px (${width})`);
    for (const c of columns) assert.ok(c.left >= 0 && c.right <= width + 0.5, `column ${c.title} spans ${c.left}..${c.right} in a ${width} px view`);
    await vsc.screenshot('layout-editor-1050');
  });

  it('with the detail pane open, the viewed card stays in view and its column and position are named, also after it moves', async function () {
    const vsc = vscode();
    const frame = await editorFrame();
    await frame.locator('.card', { hasText: CODE_TASK }).click();
    const detail = frame.getByRole('region', { name: /^Task details/ }).or(frame.locator('section.detail'));
    await detail.first().waitFor();
    const seen = async () =>
      frame.evaluate((title) => {
        const card = Array.from(document.querySelectorAll('.card')).find((c) => c.textContent.includes(title));
        const pane = document.querySelector('.detail');
        if (!card || !pane) return { ok: false, why: 'no card or pane' };
        const r = card.getBoundingClientRect();
        const p = pane.getBoundingClientRect();
        const list = card.closest('.card-list').getBoundingClientRect();
        const ok = r.left >= 0 && r.right <= p.left + 0.5 && r.top >= list.top - 0.5 && r.bottom <= list.bottom + 0.5;
        return { ok, why: `card ${r.left}..${r.right} x ${r.top}..${r.bottom}, pane from ${p.left}, list ${list.top}..${list.bottom}`, meta: document.querySelector('.detail-meta')?.textContent ?? '' };
      }, CODE_TASK);
    await waitFor(async () => (await seen()).ok, { timeout: 5000, message: 'the viewed card in view beside the detail pane' }).catch(async (err) => {
      throw new Error(`${err.message}: ${(await seen()).why}`);
    });
    assert.match((await seen()).meta, /Done · 2 of 2/);
    await vsc.screenshot('layout-editor-detail');

    // A run moves the card along (here: an edit of board.json, as the host would write it).
    const data = await vsc.readBoard();
    Object.assign(data.tasks.find((t) => t.title === CODE_TASK), { columnId: 'in-review', order: 9999, updatedAt: new Date().toISOString() });
    await vsc.writeBoard(data);
    await waitFor(async () => /In Review · 2 of 2/.test((await seen()).meta) && (await seen()).ok, { timeout: 10_000, message: 'the moved card followed and named' }).catch(async (err) => {
      throw new Error(`${err.message}: ${JSON.stringify(await seen())}`);
    });
    await vsc.screenshot('layout-editor-detail-moved');
  });

  it('keeps inline code in the description whole: a code span moves to the next line instead of breaking', async function () {
    const frame = await editorFrame();
    const spans = await frame.evaluate(() => {
      const box = document.querySelector('.detail .description');
      return Array.from(box.querySelectorAll('code')).map((c) => ({ text: c.textContent, lines: c.getClientRects().length, fits: c.getBoundingClientRect().width < box.clientWidth }));
    });
    assert.ok(spans.length >= 16, `code spans: ${spans.length}`);
    const broken = spans.filter((s) => s.fits && s.lines !== 1);
    assert.deepEqual(broken, [], 'code spans broken across lines');
    await vscode().screenshot('layout-inline-code');
    await frame.getByRole('button', { name: 'Close task details' }).click();
  });

  it('opens "Move to…" outside the card list: every item can be seen and clicked, and one item is highlighted', async function () {
    const vsc = vscode();
    const frame = await editorFrame();
    const card = frame.locator('.card-item', { hasText: 'Set up the project' });
    await card.hover();
    await card.getByRole('button', { name: /^Move\b.*\bto…$/ }).click();
    const menu = frame.getByRole('menu');
    await menu.waitFor();
    const items = await frame.evaluate(() =>
      Array.from(document.querySelectorAll('[role="menu"] [role="menuitem"]')).map((item) => {
        const r = item.getBoundingClientRect();
        const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        return { label: item.textContent, onTop: !!hit && item.contains(hit), inView: r.top >= 0 && r.bottom <= innerHeight && r.left >= 0 && r.right <= innerWidth };
      }),
    );
    assert.ok(items.length >= 6, `menu items: ${JSON.stringify(items)}`);
    for (const i of items) assert.ok(i.onTop && i.inView, `menu item "${i.label}" is hidden or clipped: ${JSON.stringify(i)}`);
    // Keyboard focus is on the first item; the pointer goes to the last: still one highlighted item.
    await menu.getByRole('menuitem').last().hover();
    const highlighted = await frame.evaluate(() =>
      Array.from(document.querySelectorAll('[role="menu"] [role="menuitem"]')).filter((i) => getComputedStyle(i).backgroundColor !== 'rgba(0, 0, 0, 0)').map((i) => i.textContent),
    );
    await vsc.screenshot('layout-move-menu');
    assert.deepEqual(highlighted, [items[items.length - 1].label]);
    await vsc.page.keyboard.press('Escape');
    await menu.waitFor({ state: 'detached' });
  });

  it('restores the scroll position of a column after switching editor tabs re-created the webview', async function () {
    const vsc = vscode();
    let frame = await editorFrame();
    const backlog = frame.getByRole('list', { name: /^Backlog\b/ });
    await backlog.evaluate((el) => {
      el.scrollTop = 800;
    });
    await sleep(500); // the position is saved 100 ms after the last scroll event
    await frame.evaluate(() => {
      window.__vibanBeforeSwitch = true;
    });
    await vsc.runCommand('File: New Untitled Text File');
    await vsc.page.locator('.tabs-container .tab', { hasText: 'Viban Board' }).click();
    frame = await waitFor(async () => {
      const f = await editorFrame();
      return !(await f.evaluate(() => window.__vibanBeforeSwitch === true)) && (await f.$('[role="list"]')) && f;
    }, { message: 'a re-created board webview' });
    const top = await waitFor(async () => {
      const t = await frame.getByRole('list', { name: /^Backlog\b/ }).evaluate((el) => el.scrollTop);
      return t > 0 && t;
    }, { timeout: 5000, message: 'Backlog scrolled' }).catch(() => 0);
    await vsc.screenshot('layout-scroll-restored');
    assert.ok(Math.abs(top - 800) <= 4, `Backlog's scrollTop is ${top}, was 800`);
  });

  it('draws the confirmation card\'s radios and checkbox like VS Code, and renders install hints as markdown', async function () {
    const vsc = vscode();
    const frame = await editorFrame();
    await frame.locator('.card', { hasText: PROMPT_TASK }).click();
    await frame.getByRole('button', { name: 'Run', exact: true }).first().click();
    const confirm = frame.getByRole('group', { name: 'Confirm the run' });
    await confirm.waitFor({ timeout: 15_000 });
    await confirm.getByRole('button', { name: 'Change' }).click();
    await confirm.locator('.run-option-reason').first().waitFor({ timeout: 20_000 });
    const looks = await frame.evaluate(() => {
      const probe = document.createElement('div');
      probe.style.background = 'var(--vscode-checkbox-background)';
      probe.style.borderColor = 'var(--vscode-checkbox-border)';
      document.body.append(probe);
      const want = getComputedStyle(probe).backgroundColor;
      probe.remove();
      return Array.from(document.querySelectorAll('.run-card input[type="radio"], .run-card input[type="checkbox"]')).map((i) => ({
        type: i.type, appearance: getComputedStyle(i).appearance, background: getComputedStyle(i).backgroundColor, want,
      }));
    });
    assert.ok(looks.some((l) => l.type === 'radio') && looks.some((l) => l.type === 'checkbox'), JSON.stringify(looks));
    for (const l of looks) assert.ok(l.appearance === 'none' && l.background === l.want, `a browser-drawn ${l.type}: ${JSON.stringify(l)}`);
    const hints = await confirm.locator('.run-option-reason').evaluateAll((els) => els.map((e) => ({ text: e.textContent, code: e.querySelectorAll('code').length })));
    assert.ok(hints.length > 0);
    for (const h of hints) assert.ok(!h.text.includes('`'), `literal backticks in "${h.text}"`);
    assert.ok(hints.some((h) => h.code > 0), `no hint renders a code span: ${JSON.stringify(hints)}`);
    await vsc.screenshot('layout-confirmation');
  });

  it('renders the prompt bubble as markdown once a run starts', async function () {
    const vsc = vscode();
    const frame = await editorFrame();
    const confirm = frame.getByRole('group', { name: 'Confirm the run' });
    await confirm.getByRole('radio', { name: /Demo agent/ }).check();
    await confirm.getByRole('button', { name: 'Start' }).click();
    const bubble = frame.locator('.log-user-bubble').first();
    await bubble.waitFor({ timeout: 30_000 });
    const seen = await bubble.evaluate((b) => ({ text: b.textContent, strong: b.querySelectorAll('strong').length, code: b.querySelectorAll('code').length }));
    await vsc.screenshot('layout-prompt-bubble');
    assert.ok(seen.strong >= 1 && seen.code >= 1 && !/[*`]/.test(seen.text), `raw markdown in the prompt bubble: ${JSON.stringify(seen)}`);
    const stop = frame.getByRole('button', { name: 'Stop' });
    if (await stop.count()) await stop.first().click().catch(() => {});
  });

  it('loaded every webview without a Content Security Policy violation in the console', async function () {
    const violations = vscode().consoleLines.filter((l) => /Content Security Policy/i.test(l));
    assert.deepEqual(violations, []);
  });
});
