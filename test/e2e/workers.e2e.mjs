// Background workers in a real VS Code (viban.worker.mode = background): a Claude Code run (the
// real CLI against the scripted server) is started from the board, runs in a detached
// `viban worker` the extension started, and keeps going through a window reload: its approval
// card is shown again in the reloaded window and answered there (through the store), the log
// keeps streaming, and the run finishes.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { BoardView } from './boardView.mjs';
import { useScriptedClaude } from './scriptedClaude.mjs';
import { FIXTURE_BOARD, launchVSCode, useVSCode, waitFor } from './harness.mjs';
import { isAlive } from '../../src/process/liveness.ts';
import { text, toolUse } from '../support/scriptedAnthropicServer.ts';

const TASK = 'Fix the flaky date test';

describe('workers: a background run outlives a window reload', function () {
  const claude = useScriptedClaude();
  const vscode = useVSCode({
    board: FIXTURE_BOARD,
    env: claude.env,
    settings: {
      ...claude.settings,
      'viban.worker.mode': 'background',
      'viban.defaultExecutor': 'claude-code',
      'viban.defaultPermissionMode': 'ask',
    },
  });
  let board;
  let frame;
  before(async () => {
    board = new BoardView(vscode());
    await vscode().resizeSideBar(900);
  });

  async function openTask() {
    // Generous: a window reloading on 2 busy cores takes a while to show its views again.
    frame = await board.showBoard({ timeout: 90_000 });
    await (await board.card(TASK)).click();
    await frame.getByRole('button', { name: 'Run', exact: true }).first().waitFor({ timeout: 15_000 });
  }

  const sessions = () => {
    const dir = path.join(vscode().workspace, '.viban', 'sessions');
    return readdirSync(dir).filter((n) => n.endsWith('.json')).map((n) => JSON.parse(readFileSync(path.join(dir, n), 'utf8')));
  };

  it('reload mid-run: the worker keeps the run, the reloaded window answers its approval, streams the rest, and it finishes', async function () {
    this.timeout(240_000);
    const target = path.join(vscode().workspace, 'CHANGELOG.md');
    claude.server().push(
      { blocks: [text('Starting: I will add a changelog entry.'), toolUse('Write', { file_path: target, content: '# Changelog\n\n- Fix the flaky date test\n' })] },
      // Paced, so the board is hidden before it ends (the end is then told as a notification).
      { blocks: [text('Finished after the reload: the changelog mentions the fix.')], eventDelayMs: 500 },
    );
    await openTask();
    const confirm = await board.confirmRunWith(/Claude Code/);
    // In the workspace, where the scripted agent writes (its path is fixed before the run starts).
    await confirm.getByRole('radio', { name: /This workspace/ }).check();
    await frame.getByRole('button', { name: 'Start' }).click();
    let banner = frame.getByRole('region', { name: 'The agent is waiting for you' });
    await banner.waitFor({ timeout: 90_000 });
    await waitFor(async () => /Starting: I will add a changelog entry/.test(await frame.locator('.session-log').innerText().catch(() => '')), { message: 'the first streamed text', timeout: 30_000 });
    const workers = path.join(vscode().workspace, '.viban', 'workers');
    const registration = readdirSync(workers).find((n) => n.endsWith('.json'));
    assert.ok(registration, 'a background worker registered');
    const record = JSON.parse(readFileSync(path.join(workers, registration), 'utf8'));
    const live = sessions().find((s) => s.status === 'waiting_for_user');
    assert.ok(live, 'the session waits for the user');
    assert.equal(live.ownerPid, record.pid, 'the worker, not the window, owns the run');
    await vscode().screenshot('workers-before-reload');

    await vscode().reload();
    await openTask();
    banner = frame.getByRole('region', { name: 'The agent is waiting for you' });
    await banner.waitFor({ timeout: 30_000 });
    assert.match(await banner.innerText(), /Write/);
    assert.equal(existsSync(target), false, 'nothing written before the answer');
    await vscode().screenshot('workers-approval-after-reload');
    await banner.getByRole('button', { name: 'Allow', exact: true }).click();
    // The board hidden: the worker's run ending is told as a notification, as a window's own run is.
    await vscode().runCommand('View: Show Explorer');
    await vscode().waitForNotification(/Claude Code finished "Fix the flaky date test"/, { timeout: 120_000 });
    await vscode().screenshot('workers-notification');
    await openTask();
    await waitFor(async () => /Finished after the reload/.test(await frame.locator('.session-log').innerText().catch(() => '')), { message: 'the rest of the log, streamed after the reload', timeout: 90_000 });
    const log = await frame.locator('.session-log').innerText();
    assert.match(log, /Starting: I will add a changelog entry/, 'the part before the reload is replayed');
    assert.match(readFileSync(target, 'utf8'), /Fix the flaky date test/);
    await waitFor(() => sessions().find((s) => s.id === live.id)?.status === 'succeeded', { message: 'the session to succeed', timeout: 30_000 });
    // The worker's run moved the card as a window's run does (column flow: In Progress, then In
    // Review), the view shows it, and the status bar no longer counts it as running.
    const boardFile = path.join(vscode().workspace, '.viban', 'board.json');
    await waitFor(() => JSON.parse(readFileSync(boardFile, 'utf8')).tasks.find((t) => t.title === TASK)?.columnId === 'in-review', { message: 'the card to reach In Review on disk', timeout: 15_000 });
    await waitFor(async () => /In Review · \d+ of \d+/.test(await frame.locator('body').innerText()), { message: 'the detail to show the card in In Review', timeout: 15_000 });
    await waitFor(async () => !(await vscode().statusBarItems()).some((i) => /\d+ running/.test(i.text)), { message: 'the status bar to stop counting the run as running', timeout: 15_000 });
    await vscode().screenshot('workers-after-reload');
    // The change summary a window measures when a worker's run ends: on the card, as after a local run.
    await board.waitForCard(TASK, 'In Review', { timeout: 15_000 });
    await waitFor(async () => /1 file changed, 3 added, 0 removed/.test((await (await board.card(TASK)).locator('.card').getAttribute('aria-label')) ?? ''), { message: 'the card to name what the worker changed', timeout: 30_000 });
    assert.match(await (await board.card(TASK)).innerText(), /1 file · \+3 \u22120/);
    await vscode().screenshot('workers-change-summary');

    // The Workers entry in the status bar: the live worker, its heartbeat, the queue, the actions.
    const page = vscode().page;
    await page.locator('.part.statusbar .statusbar-item').filter({ hasText: /\d+ worker/ }).first().click();
    const pick = page.locator('.quick-input-widget');
    await pick.waitFor({ state: 'visible', timeout: 15_000 });
    await waitFor(async () => /Start worker/.test(await pick.innerText()) && /heartbeat/.test(await pick.innerText()), { message: 'the Workers quick pick', timeout: 15_000 });
    const shown = await pick.innerText();
    assert.match(shown, new RegExp(record.id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    assert.match(shown, /Rescue now/);
    assert.match(shown, /0 queued · 0 running/);
    await vscode().screenshot('workers-quick-pick');
    await page.keyboard.press('Escape');

    // The worker outlives windows by design; the test ends it (SIGTERM: it deregisters and exits).
    process.kill(record.pid, 'SIGTERM');
    await waitFor(() => !existsSync(path.join(workers, registration)), { message: 'the worker to deregister', timeout: 30_000 });
  });
});

describe('workers: a background run finishes while no window is open', function () {
  const claude = useScriptedClaude();
  const settings = { ...claude.settings, 'viban.worker.mode': 'background', 'viban.defaultExecutor': 'claude-code', 'viban.defaultPermissionMode': 'ask' };
  let first;
  let second;
  after(async () => {
    await first?.close().catch(() => {});
    await second?.close().catch(() => {});
  });

  it('close the window mid-run, reopen: the run has finished and its log replays', async function () {
    this.timeout(360_000);
    first = await launchVSCode({ name: 'workers-close', board: FIXTURE_BOARD, env: claude.env, settings });
    const workspace = first.workspace;
    const target = path.join(workspace, 'CHANGELOG.md');
    claude.server().push(
      { blocks: [text('Starting: I will add a changelog entry.'), toolUse('Write', { file_path: target, content: '# Changelog\n\n- Fix the flaky date test\n' })] },
      // Slow on purpose: the window closes while this streams.
      { blocks: [text('Finished while no window was open: the changelog mentions the fix.')], eventDelayMs: 400 },
    );
    await first.resizeSideBar(900);
    let board = new BoardView(first);
    let frame = await board.showBoard();
    await (await board.card(TASK)).click();
    const confirm = await board.confirmRunWith(/Claude Code/);
    await confirm.getByRole('radio', { name: /This workspace/ }).check();
    await frame.getByRole('button', { name: 'Start' }).click();
    const banner = frame.getByRole('region', { name: 'The agent is waiting for you' });
    await banner.waitFor({ timeout: 90_000 });
    await banner.getByRole('button', { name: 'Allow', exact: true }).click();
    await waitFor(() => existsSync(target), { message: 'the allowed write', timeout: 60_000 });
    await first.screenshot('workers-before-close');
    await first.close();
    first = undefined;

    const workers = path.join(workspace, '.viban', 'workers');
    const registration = readdirSync(workers).find((n) => n.endsWith('.json'));
    const record = JSON.parse(readFileSync(path.join(workers, registration), 'utf8'));
    assert.ok(isAlive(record.pid), 'the worker outlived the window');
    const sessionsDir = path.join(workspace, '.viban', 'sessions');
    const session = () => readdirSync(sessionsDir).filter((n) => n.endsWith('.json')).map((n) => JSON.parse(readFileSync(path.join(sessionsDir, n), 'utf8')))[0];
    await waitFor(() => session()?.status === 'succeeded', { message: 'the run to finish with no window open', timeout: 60_000 });

    second = await launchVSCode({ name: 'workers-reopen', workspace, env: claude.env, settings });
    await second.resizeSideBar(900);
    board = new BoardView(second);
    frame = await board.showBoard();
    await (await board.card(TASK)).click();
    await waitFor(async () => {
      const t = await frame.locator('.session-log').innerText().catch(() => '');
      return /Starting: I will add a changelog entry/.test(t) && /Finished while no window was open/.test(t);
    }, { message: 'the replayed log', timeout: 60_000 });
    await second.screenshot('workers-reopened');
    // Opened after the worker finished: the window measures the run's changes at open.
    await board.waitForCard(TASK, 'In Review', { timeout: 15_000 });
    await waitFor(async () => /1 file changed, 3 added, 0 removed/.test((await (await board.card(TASK)).locator('.card').getAttribute('aria-label')) ?? ''), { message: 'the reopened window to show what the worker changed', timeout: 30_000 });

    process.kill(record.pid, 'SIGTERM');
    await waitFor(() => !existsSync(path.join(workers, registration)), { message: 'the worker to deregister', timeout: 30_000 });
  });
});
