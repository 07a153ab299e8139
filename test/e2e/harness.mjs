// Drives a real VS Code (code-server, see scripts/vscode-web.mjs) with this extension loaded,
// in Debian's Chromium through playwright-core. One `VSCode` per suite:
//
//   const vsc = await launchVSCode({ name: 'board', board });   // temp workspace + server + browser
//   await vsc.openViban();
//   const board = await vsc.webviewFrame('[role="list"]');      // the frame holding our DOM
//   await vsc.runCommand('Viban: New Task'); await vsc.answerInput('Title');
//   await vsc.close();
//
// Waits are explicit (poll a condition until a deadline); a timeout names what was awaited.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { createDemoWorkspace, sampleBoard } from '../../scripts/demo-workspace.mjs';
import { repoRoot, startCodeServer } from '../../scripts/vscode-web.mjs';

export { repoRoot, sampleBoard };
export const ARTIFACTS = path.join(repoRoot, 'test-results', 'e2e');
/** The board every suite starts from unless it passes its own: five columns, seven idle tasks. */
export const FIXTURE_BOARD = JSON.parse(readFileSync(path.join(repoRoot, 'test', 'e2e', 'fixtures', 'board.json'), 'utf8'));
export const CHROMIUM = process.env.VIBAN_CHROMIUM || '/usr/bin/chromium';
const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
];

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Polls `fn` until it returns a truthy value (returned) or `timeout` ms pass (throws with
 * `message` and the last error `fn` threw, if any).
 */
export async function waitFor(fn, { timeout = 15_000, interval = 100, message = 'condition' } = {}) {
  const deadline = Date.now() + timeout;
  let lastError;
  for (;;) {
    try {
      const value = await fn();
      if (value) return value;
      lastError = undefined;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeout} ms waiting for ${message}${lastError ? `\n  last error: ${lastError.message}` : ''}`);
    }
    await sleep(interval);
  }
}

const safeName = (name) => name.replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 120) || 'shot';

/** A fresh temp workspace: the demo project (a git repo) with `board` as .viban/board.json. */
export async function makeWorkspace({ board = FIXTURE_BOARD, name = 'ws', automation = false } = {}) {
  const root = await mkdtemp(path.join(os.tmpdir(), `viban-e2e-${safeName(name)}-`));
  // Not the demo's background worker: the launch's settings decide (window unless a test asks).
  return createDemoWorkspace(path.join(root, 'workspace'), { board, automation, background: false });
}

export async function launchVSCode({ name = 'e2e', workspace, board, automation, trusted = true, settings, env, viewport = { width: 1400, height: 900 } } = {}) {
  workspace ??= await makeWorkspace({ board, name, automation });
  // Runs live in the window unless a test asks for background workers (viban.worker.mode).
  const server = await startCodeServer({ workspace, trusted, settings: { 'viban.worker.mode': 'window', ...settings }, env });
  let browser;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    const vsc = new VSCode({ name, server, browser, page, workspace });
    await vsc.open();
    return vsc;
  } catch (err) {
    await browser?.close().catch(() => {});
    await server.stop();
    throw err;
  }
}

export class VSCode {
  constructor({ name, server, browser, page, workspace }) {
    Object.assign(this, { name, server, browser, page, workspace });
    this.consoleLines = [];
    page.on('console', (msg) => {
      this.consoleLines.push(`[${msg.type()}] ${msg.text()}`);
      if (this.consoleLines.length > 2000) this.consoleLines.shift();
    });
    page.on('pageerror', (err) => this.consoleLines.push(`[pageerror] ${err.message}`));
  }

  get boardFile() {
    return path.join(this.workspace, '.viban', 'board.json');
  }

  /** Loads the workbench on the workspace and waits until it is interactive. */
  async open() {
    // A loaded machine (two cores, several VS Codes) can take longer than Playwright's default 30 s.
    await this.page.goto(this.server.url, { waitUntil: 'domcontentloaded', timeout: 120_000 });
    await this.waitForWorkbench();
  }

  async waitForWorkbench({ timeout = 60_000 } = {}) {
    await this.page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout });
    // The activity bar is filled once the extension host has reported the contributed containers.
    await this.page.locator('.part.activitybar').waitFor({ state: 'visible', timeout });
    await waitFor(() => this.page.locator('.part.statusbar .statusbar-item').count(), { timeout, message: 'the status bar' });
  }

  /** Reloads the window ("Developer: Reload Window"), like a user would, and waits for the workbench. */
  async reload() {
    await this.page.reload({ waitUntil: 'domcontentloaded' });
    await this.waitForWorkbench();
  }

  /** The activity-bar entry whose aria-label starts with `label` (aria-label is the container's title). */
  activityBarItem(label) {
    // VS Code 1.100 puts the label on the <a class="action-label"> inside the role="tab" <li>.
    return this.page.locator(`.part.activitybar [role="tab"] .action-label[aria-label^="${label}"]`).first();
  }

  /** Opens the Viban container in the side bar (a no-op when it is already showing). */
  async openViban() {
    const item = this.activityBarItem('Viban');
    await item.waitFor({ state: 'visible', timeout: 30_000 }).catch(async (err) => {
      const labels = await this.activityBarLabels();
      throw new Error(`no activity-bar item labelled "Viban…" (items: ${labels.join(', ') || 'none'}): ${err.message}`);
    });
    // The activity-bar item toggles the side bar. Right after a (re)load VS Code may still be
    // restoring the side bar, so a click can close what the restore just opened: look again after
    // each click and click until it stays open.
    await waitFor(
      async () => {
        if ((await this.page.locator('.part.sidebar').isVisible()) && /viban/i.test(await this.sideBarTitle())) return true;
        await item.click();
        await sleep(750);
        return (await this.page.locator('.part.sidebar').isVisible()) && /viban/i.test(await this.sideBarTitle());
      },
      { timeout: 30_000, interval: 250, message: 'the side bar to show Viban' },
    );
  }

  async activityBarLabels() {
    return this.page.locator('.part.activitybar [role="tab"] .action-label').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
  }

  async sideBarTitle() {
    const title = this.page.locator('.part.sidebar .composite.title .title-label');
    return (await title.count()) ? ((await title.first().textContent()) ?? '').trim() : '';
  }

  /**
   * Titles of the views in the side bar: pane headers, plus the composite title when VS Code
   * merges a single view into its container's title ("Viban: Board").
   */
  async sideBarViewTitles() {
    const headers = await this.page.locator('.part.sidebar .pane-header .title').allTextContents();
    return [await this.sideBarTitle(), ...headers].map((t) => t.trim()).filter(Boolean);
  }

  /** Drags the sash on the side bar's right edge so the side bar is `width` px wide. */
  async resizeSideBar(width) {
    const bar = await this.page.locator('.part.sidebar').boundingBox();
    if (!bar) throw new Error('the side bar is not visible');
    const edge = bar.x + bar.width;
    const sashes = await this.page.locator('.monaco-sash.vertical').evaluateAll((els) =>
      els.map((e, i) => ({ i, ...JSON.parse(JSON.stringify(e.getBoundingClientRect())) })),
    );
    const sash = sashes.find((r) => r.width > 0 && Math.abs(r.x + r.width / 2 - edge) <= 4);
    if (!sash) throw new Error(`no sash at the side bar's edge (x=${edge})`);
    const y = bar.y + bar.height / 2;
    const mouse = this.page.mouse;
    await mouse.move(sash.x + sash.width / 2, y);
    await mouse.down();
    await mouse.move(bar.x + width, y, { steps: 8 });
    await mouse.up();
    await waitFor(async () => Math.abs((await this.page.locator('.part.sidebar').boundingBox()).width - width) <= 4, {
      timeout: 5000,
      message: `the side bar to be ${width} px wide`,
    });
  }

  /**
   * The frame (of the nested webview iframes) in which `selector` matches, polled until it
   * appears. Playwright selectors work there: `(await vsc.webviewFrame('body')).getByRole(...)`.
   */
  async webviewFrame(selector, { timeout = 30_000 } = {}) {
    return waitFor(
      async () => {
        for (const frame of this.page.frames()) {
          if (frame === this.page.mainFrame() || frame.isDetached()) continue;
          const found = await frame.$(selector).catch(() => null);
          if (found) return frame;
        }
        return null;
      },
      { timeout, interval: 200, message: `a webview frame containing ${selector} (frames: ${this.page.frames().map((f) => f.url().slice(0, 80)).join(' | ')})` },
    );
  }

  /** Opens the command palette (F1; Ctrl+Shift+P if F1 was swallowed, e.g. by a focused webview). */
  async openPalette({ timeout = 15_000 } = {}) {
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    if (await input.isVisible()) await this.page.keyboard.press('Escape');
    // Keyboard focus inside a webview iframe could eat the shortcut: hand it back to the workbench.
    await this.page.evaluate(() => document.activeElement?.blur?.()).catch(() => {});
    for (const key of ['F1', 'Control+Shift+P']) {
      await this.page.keyboard.press(key);
      try {
        await input.waitFor({ state: 'visible', timeout: key === 'F1' ? 3000 : timeout });
        return;
      } catch {
        // try the other shortcut
      }
    }
    throw new Error('the command palette did not open (F1, Ctrl+Shift+P)');
  }

  /** Runs a command from the command palette by its full label ("Viban: New Task"). */
  async runCommand(label, { timeout = 15_000 } = {}) {
    await this.openPalette({ timeout });
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    await input.fill(`>${label}`);
    const row = this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: label }).first();
    await row.waitFor({ state: 'visible', timeout }).catch(async (err) => {
      const rows = await this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row').allTextContents();
      throw new Error(`command "${label}" not in the palette (rows: ${rows.slice(0, 8).join(' | ') || 'none'}): ${err.message}`);
    });
    await row.click();
  }

  /** Labels of the command-palette entries matching `filter` (the palette is closed again). */
  async findCommands(filter, { timeout = 15_000 } = {}) {
    await this.openPalette({ timeout });
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    await input.fill(`>${filter}`);
    const rows = this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
    let labels = [];
    try {
      await rows.first().waitFor({ state: 'visible', timeout: 5000 });
      labels = await rows.locator('.label-name').allTextContents();
    } catch {
      // no entry matches
    }
    await this.page.keyboard.press('Escape');
    return labels.map((l) => l.trim());
  }

  /** Answers an open input box (showInputBox / quick pick filter) with `text` and Enter. */
  async answerInput(text, { timeout = 15_000, expectPrompt } = {}) {
    const widget = this.page.locator('.quick-input-widget');
    const input = widget.locator('.quick-input-box input');
    await input.waitFor({ state: 'visible', timeout });
    if (expectPrompt) {
      await waitFor(async () => expectPrompt.test(await widget.textContent() + ' ' + (await input.getAttribute('placeholder') ?? '')), {
        timeout,
        message: `an input box matching ${expectPrompt}`,
      });
    }
    await input.fill(text);
    await input.press('Enter');
    await widget.waitFor({ state: 'hidden', timeout });
  }

  /** Picks `label` in an open quick pick. */
  async pickQuickPick(label, { timeout = 15_000 } = {}) {
    const row = this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: label }).first();
    await row.waitFor({ state: 'visible', timeout });
    await row.click();
  }

  /** Status-bar items as { text, label (aria-label), id }. */
  async statusBarItems() {
    return this.page.locator('.part.statusbar .statusbar-item').evaluateAll((els) =>
      els.map((e) => ({ id: e.id, text: e.textContent.trim(), label: e.getAttribute('aria-label') ?? e.querySelector('[aria-label]')?.getAttribute('aria-label') ?? '' })),
    );
  }

  /** Texts of the notification toasts on screen. */
  async notifications() {
    return this.page.locator('.notifications-toasts .notification-toast').allTextContents();
  }

  /** Waits for a notification toast whose text matches `re` and returns its text. */
  async waitForNotification(re, { timeout = 15_000 } = {}) {
    return waitFor(async () => (await this.notifications()).find((t) => re.test(t)), { timeout, message: `a notification matching ${re}` });
  }

  /** Saves a screenshot of the page to test-results/e2e/<name>.png and returns its path. */
  async screenshot(name) {
    await mkdir(ARTIFACTS, { recursive: true });
    const file = path.join(ARTIFACTS, `${safeName(name)}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  async readBoard() {
    return JSON.parse(await readFile(this.boardFile, 'utf8'));
  }

  /** A session's metadata as the store wrote it (.viban/sessions/<id>.json). */
  sessionMeta(sessionId) {
    return JSON.parse(readFileSync(path.join(this.workspace, '.viban', 'sessions', `${sessionId}.json`), 'utf8'));
  }

  /** The metadata of the latest session of the task titled `title` once it has ended, else undefined. */
  async endedSessionOf(title) {
    const task = (await this.readBoard()).tasks.find((t) => t.title === title);
    if (!task?.lastSessionId) return undefined;
    const meta = this.sessionMeta(task.lastSessionId);
    return ['queued', 'running', 'waiting_for_user'].includes(meta.status) ? undefined : meta;
  }

  async writeBoard(board) {
    await writeFile(this.boardFile, typeof board === 'string' ? board : JSON.stringify(board, null, 2) + '\n');
  }

  /** Log files VS Code wrote under the user-data-dir (exthost.log, the extension's output channel…). */
  logFiles() {
    const out = [];
    const walk = (dir) => {
      if (!existsSync(dir)) return;
      for (const entry of readdirSync(dir)) {
        const p = path.join(dir, entry);
        if (statSync(p).isDirectory()) walk(p);
        else if (p.endsWith('.log')) out.push(p);
      }
    };
    walk(path.join(this.server.userDataDir, 'logs'));
    return out;
  }

  /** The extension host's log (the newest exthost.log; code-server calls it remoteexthost.log), or ''. */
  async extensionHostLog() {
    const logs = this.logFiles().filter((p) => /exthost\.log$/i.test(path.basename(p))).sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
    return logs.length ? readFile(logs[0], 'utf8') : '';
  }

  /**
   * What to keep when a test fails: a screenshot, the browser console, code-server's output and
   * every VS Code log, under test-results/e2e/<name>-failure/. Returns the folder.
   */
  async captureFailure(testName) {
    const dir = path.join(ARTIFACTS, `${safeName(`${this.name}-${testName}`)}-failure`);
    await mkdir(dir, { recursive: true });
    await this.page.screenshot({ path: path.join(dir, 'screen.png') }).catch(() => {});
    await writeFile(path.join(dir, 'browser-console.log'), this.consoleLines.join('\n') + '\n');
    await writeFile(path.join(dir, 'code-server.log'), this.server.output());
    for (const file of this.logFiles()) {
      const rel = path.relative(path.join(this.server.userDataDir, 'logs'), file).replace(/[\\/]/g, '__');
      await copyFile(file, path.join(dir, rel)).catch(() => {});
    }
    if (existsSync(this.boardFile)) await copyFile(this.boardFile, path.join(dir, 'board.json')).catch(() => {});
    return dir;
  }

  async close() {
    await this.browser.close().catch(() => {});
    await this.server.stop();
  }
}

/**
 * Mocha wiring for a suite: launches VS Code in `before`, keeps failure artifacts in
 * `afterEach`, closes in `after`. Returns a getter (the instance exists only once `before` ran).
 */
export function useVSCode(options = {}) {
  let vsc;
  before(async function () {
    this.timeout(240_000);
    vsc = await launchVSCode({ name: safeName(this.test.parent.title), ...options });
  });
  afterEach(async function () {
    if (vsc && this.currentTest.state === 'failed') {
      const dir = await vsc.captureFailure(this.currentTest.title).catch((err) => `(could not save artifacts: ${err.message})`);
      console.log(`      failure artifacts: ${path.relative(process.cwd(), dir)}`);
    }
  });
  after(async function () {
    this.timeout(60_000);
    await vsc?.close();
  });
  return () => {
    if (!vsc) throw new Error('VS Code did not start (see the "before all" hook failure)');
    return vsc;
  };
}
