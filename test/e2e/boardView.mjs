// The Viban board webview, seen the way a person (or a screen reader) sees it: columns are
// role="list" named "<Column title>, N cards", cards are list items holding their title, each card
// has a "Move … to…" button opening a menu of columns, the toolbar has a "Filter tasks" textbox.
import { waitFor } from './harness.mjs';

const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const COLUMN_LIST = '[role="list"]';
// Whatever the board webview shows: the columns, a task's details, a banner or an empty state.
// Scoped to the board's webview: the Assist view beside it in the side bar has lists, alerts and
// statuses of its own, and a search that met it first read the wrong frame.
const BOARD_DOM = ['[role="list"]', '[aria-label^="Task details"]', '[role="alert"]', '[role="status"]'].map((s) => `body[data-view="board"] ${s}`).join(', ');
const BACK_BUTTON = /^(Back to board|Close task details)$/;

export class BoardView {
  /** @param {import('./harness.mjs').VSCode} vsc */
  constructor(vsc) {
    this.vsc = vsc;
    this.cached = null;
  }

  /** The webview frame rendering the board (found again after a reload recreated the iframes). */
  async frame({ timeout = 30_000 } = {}) {
    if (this.cached && !this.cached.isDetached() && (await this.cached.$(BOARD_DOM).catch(() => null))) return this.cached;
    this.cached = await this.vsc.webviewFrame(BOARD_DOM, { timeout });
    return this.cached;
  }

  /** Opens the Viban view and waits until the board has rendered its columns. */
  async open() {
    return this.showBoard();
  }

  /**
   * Shows the board: opens the Viban view if another container is showing, leaves a task's
   * details (opened e.g. by "Viban: New Task"), and waits for the columns.
   */
  async showBoard({ timeout = 60_000 } = {}) {
    await this.vsc.openViban();
    const started = Date.now();
    let reloads = 0;
    await waitFor(
      async () => {
        // code-server serves every webview from one origin and each registers its own service
        // worker URL for the same scope: two webviews loading at once can leave one waiting for a
        // controllerchange that never comes ("Found unexpected service worker controller" in its
        // console; desktop VS Code gives each webview its own origin). The workbench's Reload
        // Webviews, every 20 s (or at half the timeout) while the board stays blank.
        const every = Math.min(20_000, timeout / 2);
        if (Date.now() - started > every * (reloads + 1)) {
          reloads += 1;
          await this.vsc.runCommand('Developer: Reload Webviews').catch(() => {});
          this.cached = null;
        }
        // A short look per round: a lookup waiting the whole timeout would never reach the reload.
        const frame = await this.frame({ timeout: 2_000 }).catch(() => null);
        if (!frame) return false;
        if (await frame.$(COLUMN_LIST)) return true;
        const back = frame.getByRole('button', { name: BACK_BUTTON });
        if (await back.count()) await back.first().click();
        return false;
      },
      { timeout, interval: 200, message: 'the board columns' },
    );
    return this.frame();
  }

  async column(title) {
    return (await this.frame()).getByRole('list', { name: new RegExp(`^${escapeRe(title)}\\b`) });
  }

  /** Names of the column lists, in board order ("Backlog, 2 cards", …). */
  async columnNames() {
    const frame = await this.frame();
    return frame.locator(COLUMN_LIST).evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
  }

  /** The card (list item) with `title`, anywhere on the board or in `columnTitle`. */
  async card(title, columnTitle) {
    const scope = columnTitle ? await this.column(columnTitle) : await this.frame();
    return scope.getByRole('listitem').filter({ hasText: title });
  }

  /**
   * Waits until the card with `title` is in `columnTitle` (and nowhere else), going back from a
   * task's details to the board if they are showing.
   */
  async waitForCard(title, columnTitle, { timeout = 10_000 } = {}) {
    await waitFor(
      async () => {
        await this.showBoard({ timeout: 2000 });
        return (await (await this.card(title, columnTitle)).count()) === 1 && (await (await this.card(title)).count()) === 1;
      },
      { timeout, message: `card "${title}" in column "${columnTitle}"` },
    ).catch(async (err) => {
      throw new Error(`${err.message}\n  board: ${await this.describe()}`);
    });
  }

  async waitForNoCard(title, { timeout = 10_000 } = {}) {
    await waitFor(async () => (await this.showBoard({ timeout: 2000 })) && (await (await this.card(title)).count()) === 0, { timeout, message: `card "${title}" to disappear` });
  }

  /** Moves a card with its "Move … to…" menu. */
  async moveWithMenu(title, toColumnTitle) {
    const frame = await this.showBoard();
    const card = await this.card(title);
    await card.getByRole('button', { name: /^Move\b.*\bto…$/ }).click();
    const menu = frame.getByRole('menu');
    await menu.waitFor({ state: 'visible', timeout: 5000 });
    await menu.getByRole('menuitem', { name: toColumnTitle, exact: true }).click();
  }

  /**
   * Moves a card by dragging it onto another column (HTML5 drag and drop, real mouse events with
   * intermediate moves so dragover fires). Both columns must be on screen: widen the side bar
   * first (`vsc.resizeSideBar`) when the board scrolls sideways.
   */
  async drag(title, toColumnTitle) {
    await this.showBoard();
    const source = (await this.card(title)).locator('[draggable="true"]').first();
    const target = await this.column(toColumnTitle);
    // Bring the source column to the left edge so its neighbours are on screen too.
    await source.evaluate((el) => el.scrollIntoView({ block: 'nearest', inline: 'start' }));
    const from = await source.boundingBox();
    const to = await target.boundingBox();
    const viewport = await (await this.frame()).evaluate(() => ({ width: innerWidth, height: innerHeight }));
    const frameBox = await this.frameBox();
    if (!from || !to) throw new Error(`card "${title}" or column "${toColumnTitle}" has no box on screen`);
    if (to.x + 20 > frameBox.x + viewport.width) throw new Error(`column "${toColumnTitle}" is off screen (x=${to.x}, webview ends at ${frameBox.x + viewport.width})`);
    const mouse = this.vsc.page.mouse;
    await mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await mouse.down();
    await mouse.move(from.x + from.width / 2 + 8, from.y + from.height / 2 + 8, { steps: 4 });
    const x = to.x + Math.min(to.width / 2, 40);
    const y = to.y + Math.min(to.height - 5, 20);
    await mouse.move(x, y, { steps: 12 });
    await mouse.move(x + 2, y + 2, { steps: 2 });
    await mouse.up();
  }

  /** The board frame's box on the page (boxes of nested frames are in page coordinates). */
  /**
   * In an open task: Run, then on the confirmation card Change → pick the agent whose label
   * matches `agent` (the demo workspace preselects its Demo agent). Returns the card, not started.
   */
  async confirmRunWith(agent) {
    const frame = await this.frame();
    await frame.getByRole('button', { name: 'Run', exact: true }).first().click();
    const confirm = frame.getByRole('group', { name: 'Confirm the run' });
    await confirm.waitFor({ timeout: 15_000 });
    await confirm.getByRole('button', { name: 'Change' }).click();
    const radio = confirm.getByRole('radio', { name: agent });
    await radio.waitFor({ timeout: 20_000 });
    await radio.check();
    return confirm;
  }

  async frameBox() {
    const box = await (await (await this.frame()).frameElement()).boundingBox();
    if (!box) throw new Error('the board webview is not on screen');
    return box;
  }

  /** The board's filter: a textbox whose accessible name says "Filter". */
  async filterBox() {
    const frame = await this.frame();
    const box = frame.getByRole('textbox', { name: /filter/i });
    await waitFor(() => box.count(), { timeout: 5000, message: 'a textbox named "Filter…"' }).catch(async (err) => {
      const snapshot = await frame.locator('body').ariaSnapshot().catch(() => '');
      const textboxes = snapshot.split('\n').filter((l) => /textbox/.test(l)).map((l) => l.trim());
      throw new Error(`${err.message}; textboxes in the board: ${textboxes.join(' | ') || 'none'}`);
    });
    return box.first();
  }

  /** Types into the board's filter (clearing it first). */
  async setFilter(text) {
    await this.showBoard();
    const box = await this.filterBox();
    await box.click();
    await box.press('Control+A');
    await box.press('Backspace');
    if (text) await box.pressSequentially(text);
  }

  /** Visible text of the board webview (for error banners and debugging). */
  async text({ timeout = 2000 } = {}) {
    return (await this.frame({ timeout })).locator('body').innerText();
  }

  /** A one-line picture of the board for failure messages: "Backlog: a, b | Todo: c". */
  async describe() {
    try {
      const frame = await this.frame({ timeout: 2000 });
      return await frame.locator(COLUMN_LIST).evaluateAll((lists) =>
        lists
          .map((l) => `${(l.getAttribute('aria-label') ?? '?').split(',')[0]}: ${[...l.querySelectorAll('[role="listitem"], li')].map((c) => c.textContent.trim().slice(0, 40)).join('; ')}`)
          .join(' | '),
      );
    } catch (err) {
      return `(no board: ${err.message.split('\n')[0]})`;
    }
  }
}
