// Chatting with a task's agent and the queue in a real VS Code: the real `claude` CLI against the
// scripted Anthropic server on 127.0.0.1. A follow-up goes through the composer and its streamed
// reply lands in the conversation; three runs with concurrency 2 show "2 running, 1 queued" in
// the status bar (tooltip lists the tasks) and "Queued #1" on the third card; the status bar's
// quick pick removes the queued run and stops a running one; a run that finishes while the board
// is hidden raises a notification, unless the setting turns that off.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BoardView } from './boardView.mjs';
import { useScriptedClaude } from './scriptedClaude.mjs';
import { FIXTURE_BOARD, sleep, useVSCode, waitFor } from './harness.mjs';
import { text } from '../support/scriptedAnthropicServer.ts';

const CHAT_TASK = 'Fix the flaky date test';
const PARALLEL = ['Ignore case when counting words', 'Add a --json flag to the CLI', 'Support reading from stdin'];

describe('chat: conversation, queue, status bar and notifications in a real VS Code', function () {
  const claude = useScriptedClaude();

  const vscode = useVSCode({
    board: FIXTURE_BOARD,
    env: claude.env,
    settings: {
      ...claude.settings,
      'viban.defaultExecutor': 'claude-code',
      'viban.defaultPermissionMode': 'ask',
      'viban.queue.concurrency': 2,
    },
  });
  let board;
  let frame;
  before(async () => {
    board = new BoardView(vscode());
    await vscode().resizeSideBar(900);
  });

  /** Run through the confirmation card: Claude Code (the demo workspace preselects its demo agent), in the workspace itself. */
  async function runWithClaude() {
    const confirm = await board.confirmRunWith(/Claude Code/);
    const here = confirm.getByRole('radio', { name: /This workspace/ });
    if (await here.count()) await here.check();
    await waitFor(async () => /^Claude Code will work on/m.test(await confirm.innerText()), { message: 'the card to name Claude Code', timeout: 20_000 });
    await confirm.getByRole('button', { name: 'Start' }).click();
    await confirm.waitFor({ state: 'detached', timeout: 30_000 });
  }

  async function openTask(title) {
    frame = await board.showBoard();
    await (await board.card(title)).click();
    await frame.getByRole('button', { name: 'Run', exact: true }).first().waitFor({ timeout: 15_000 });
  }

  it('chats with a task through the composer and shows the streamed reply in the conversation', async function () {
    claude.server().push({ blocks: [text('I looked at the date test: it depends on the time zone.')] });
    await openTask(CHAT_TASK);
    await runWithClaude();
    await waitFor(async () => /depends on the time zone/.test(await frame.locator('.session-log').innerText()), { message: 'the first run to answer', timeout: 60_000 });
    await waitFor(async () => !(await frame.getByRole('button', { name: 'Stop' }).count()), { message: 'the first run to end', timeout: 60_000 });

    claude.server().push({ blocks: [text('Pinned the test to UTC with TZ=UTC in the test script, so it passes in every time zone.')], eventDelayMs: 150 });
    const composer = frame.locator('.composer-input textarea, textarea.composer-input, .composer-input').first();
    await composer.click();
    await frame.locator('.composer-input').first().evaluate((el) => el.focus?.());
    await vscode().page.keyboard.type('Please pin it to UTC');
    await vscode().page.keyboard.press('Enter');
    const conversation = frame.getByRole('log', { name: 'Conversation' });
    await waitFor(async () => /Please pin it to UTC/.test(await conversation.innerText().catch(() => '')), { message: 'the user message in the conversation', timeout: 20_000 });
    // the reply streams in: some of it first, then all of it, then completed with its numbers
    await waitFor(async () => /Pinned the test/.test(await conversation.innerText()), { message: 'the reply to start streaming', timeout: 60_000 });
    await vscode().screenshot('chat-streaming');
    await waitFor(async () => /so it passes in every time zone\./.test(await conversation.innerText()), { message: 'the whole reply', timeout: 60_000 });
    await waitFor(async () => (await frame.locator('.conversation-message.role-user.status-completed').count()) === 1, { message: 'the message to be completed', timeout: 30_000 });
    const resumed = claude.server().mainRequests().at(-1);
    assert.match(JSON.stringify(resumed.body.messages), /Please pin it to UTC/, 'the message reached the model');
    assert.match(JSON.stringify(resumed.body.messages), /depends on the time zone/, 'in the same agent conversation (resumed)');
    await vscode().screenshot('chat-replied');
  });

  it('runs two at once and queues the third: status bar counts and tooltip, "Queued #1" on the card', async function () {
    // Long enough for the status-bar and notification steps below to act while they still run.
    const slow = (name) => ({ blocks: [text(`Working on ${name}. ${'Still working. '.repeat(60)}Finished ${name}.`)], eventDelayMs: 250 });
    claude.server().push(slow('first'), slow('second'), { blocks: [text('Third one done.')] });
    for (const title of PARALLEL) {
      await openTask(title);
      await runWithClaude();
    }
    const item = await waitFor(async () => (await vscode().statusBarItems()).find((i) => /2 running, 1 queued/.test(i.text)), { message: 'the status bar to count 2 running and 1 queued', timeout: 30_000 });
    assert.match(item.text, /Viban/);
    frame = await board.showBoard();
    const third = await board.card(PARALLEL[2]);
    await waitFor(async () => /Queued #1/.test(await third.innerText()), { message: 'the third card to say Queued #1', timeout: 15_000 });

    await vscode().page.locator('.part.statusbar .statusbar-item', { hasText: /2 running, 1 queued/ }).first().hover();
    const tooltip = await waitFor(async () => {
      const t = await vscode().page.locator('.monaco-hover, .workbench-hover').allInnerTexts().catch(() => []);
      return t.find((s) => s.includes(PARALLEL[0]) && s.includes(PARALLEL[2]));
    }, { message: 'the tooltip to list the tasks', timeout: 15_000 });
    assert.match(tooltip, /queued #1/);
    assert.match(tooltip, /Board cost: \$/);
    await vscode().screenshot('chat-parallel-status-bar');
  });

  it('acts from the status bar: its quick pick removes the queued run and stops a running one', async function () {
    const bar = () => vscode().page.locator('.part.statusbar .statusbar-item', { hasText: /Viban:/ }).first();
    const barText = async () => (await vscode().statusBarItems()).find((i) => /Viban/.test(i.text))?.text ?? '';
    await bar().click();
    await vscode().pickQuickPick(PARALLEL[2]);
    await vscode().pickQuickPick('Remove from the queue');
    await waitFor(async () => /2 running/.test(await barText()) && !/queued/.test(await barText()), { message: 'the status bar to drop the queued run', timeout: 15_000 });
    frame = await board.showBoard();
    const third = await board.card(PARALLEL[2]);
    await waitFor(async () => !/Queued/.test(await third.innerText()), { message: 'the third card to leave the queue', timeout: 15_000 });

    await bar().click();
    await vscode().pickQuickPick(PARALLEL[0]);
    await vscode().pickQuickPick('Stop');
    await waitFor(async () => /1 running/.test(await barText()), { message: 'the status bar to count one run after Stop', timeout: 30_000 });
    const stopped = await waitFor(() => vscode().endedSessionOf(PARALLEL[0]), { message: 'the first run to end', timeout: 30_000 });
    assert.equal(stopped.status, 'stopped');
    await vscode().screenshot('chat-status-bar-actions');
  });

  it('notifies when a run finishes while the board is hidden', async function () {
    await vscode().runCommand('View: Show Explorer');
    const note = await vscode().waitForNotification(/Claude Code finished "/, { timeout: 120_000 });
    assert.ok(PARALLEL.some((t) => note.includes(t)), note);
    await vscode().screenshot('chat-notification');
    await waitFor(async () => (await vscode().statusBarItems()).some((i) => /^\S*\s*Viban$/.test(i.text) || /Viban$/.test(i.text)), { message: 'the status bar to go idle once all three ran', timeout: 120_000 });
  });
  it('stays quiet when viban.notifications.onFinish is off', async function () {
    // A workspace setting, written as a user would; VS Code picks the file change up.
    const settingsFile = path.join(vscode().workspace, '.vscode', 'settings.json');
    mkdirSync(path.dirname(settingsFile), { recursive: true });
    const current = existsSync(settingsFile) ? JSON.parse(readFileSync(settingsFile, 'utf8')) : {};
    writeFileSync(settingsFile, JSON.stringify({ ...current, 'viban.notifications.onFinish': false }, null, 2));
    await sleep(1500);
    claude.server().push({ blocks: [text(`Quiet run. ${'Still working. '.repeat(12)}Done.`)], eventDelayMs: 250 });
    const title = PARALLEL[2];
    await openTask(title);
    await runWithClaude();
    await vscode().runCommand('View: Show Explorer');
    const ended = await waitFor(() => vscode().endedSessionOf(title), { message: 'the quiet run to end', timeout: 60_000 });
    assert.equal(ended.status, 'succeeded', ended.error);
    await sleep(2000); // a notification would have shown by now
    const toasts = await vscode().notifications();
    assert.equal(toasts.some((t) => t.includes(`finished "${title}"`)), false, toasts.join(' | '));
  });
});
