// Assist in a real VS Code, offline with the Demo agent as the code advisor and the runner: ask in
// the Assist view (here in the wide editor), see "Reading the code…" and the confirmation card in
// plain words, open Details, Start: the plan's cards appear on the board linked, run through Run
// all (the Demo agent asks before it writes: allowed on each card, after Assist said it waits),
// and Assist's follow-up arrives in the conversation. The view is in the Viban container too.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { BoardView } from './boardView.mjs';
import { useVSCode, waitFor } from './harness.mjs';
import { DEMO_COLUMNS } from '../../scripts/demo-workspace.mjs';

const at = new Date(Date.now() - 3_600_000).toISOString();
const BOARD = { schemaVersion: 1, columns: DEMO_COLUMNS, tasks: [{ id: 'a-setup', columnId: 'done', order: 1000, title: 'Set up the project', description: '', createdAt: at, updatedAt: at, agentStatus: 'idle' }] };
const REQUEST = 'add a --json flag to the top command';
const CLI = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'cli.js');

describe('Assist in a real VS Code (issue #14)', function () {
  this.timeout(240_000);
  const vscode = useVSCode({ board: BOARD, env: { VIBAN_DEMO_PACE_MS: '25' }, viewport: { width: 1500, height: 950 } });
  let board;
  let assist;

  before(async () => {
    board = new BoardView(vscode());
    await board.showBoard();
  });

  it('asks in plain words and shows the confirmation card, the files read collapsed and the tasks behind Details', async () => {
    const vsc = vscode();
    await vsc.runCommand('Viban: Open Assist in Editor');
    assist = await vsc.webviewFrame('.assist-panel.host-editor', { timeout: 30_000 });
    await waitFor(async () => /Demo agent \(offline replay\)/.test(await assist.locator('.assist-panel').innerText()), { message: 'the advisor named in the empty conversation' });
    const box = assist.getByRole('textbox', { name: 'Ask Assist' });
    await box.fill(REQUEST);
    await box.press('Enter');
    const card = assist.locator('.assist-plan-card.pending');
    await card.waitFor({ state: 'visible', timeout: 60_000 });
    assert.equal((await card.locator('.assist-plan-text').innerText()).trim(), "I'll add a --json flag to the top command: change the code, add a test, update the README. About 6 minutes. Start?");
    assert.match(await assist.locator('.assist-msg.from-user').first().innerText(), new RegExp(REQUEST));
    const reading = assist.locator('.assist-reading').first();
    assert.match(await reading.locator('summary').innerText(), /Reading the code… 2 files/);
    assert.equal(await reading.getAttribute('open'), null, 'the files read are collapsed');
    assert.equal((await vsc.readBoard()).tasks.length, 1, 'nothing is created before Start');
    await vsc.screenshot('assist-plan-card');
    await reading.locator('summary').click();
    await card.locator('.assist-details summary').click();
    await waitFor(async () => (await card.locator('.assist-task-title').count()) === 3, { message: 'the tasks in Details' });
    assert.match(await card.locator('.assist-details').innerText(), /Add a test\s+tier A · about 2 min · after "Change the code"/);
    await vsc.screenshot('assist-plan-details');
  });

  /** Allows a waiting card in its details on the board (the Demo agent asks before it writes). */
  async function allowOn(taskId) {
    const frame = await board.showBoard();
    const item = frame.locator(`.card-item[data-item-id="${taskId}"]`);
    await item.locator('.card').click();
    const banner = frame.getByRole('region', { name: 'The agent is waiting for you' });
    await banner.waitFor({ timeout: 20_000 });
    await banner.getByRole('button', { name: 'Allow', exact: true }).click();
    await board.showBoard();
  }

  it('Start: the cards appear on the board linked, run through Run all, and the follow-up arrives', async () => {
    const vsc = vscode();
    await assist.locator('.assist-plan-card.pending').getByRole('button', { name: 'Start' }).click();
    const planned = await waitFor(async () => {
      const tasks = (await vsc.readBoard()).tasks.filter((t) => t.fromAssist);
      return tasks.length === 3 ? tasks : null;
    }, { message: 'the 3 cards of the plan in board.json', timeout: 30_000 });
    assert.deepEqual(planned.map((t) => t.title), ['Change the code', 'Add a test', 'Update the README']);
    assert.ok(planned.every((t) => t.fromAssist.conversationId === planned[0].fromAssist.conversationId));
    assert.deepEqual(planned[1].blockedBy, [planned[0].id]);
    await waitFor(async () => /Started: 3 tasks are on the board and running\./.test(await assist.locator('.assist-log').innerText()), { message: 'the started message' });
    await vsc.screenshot('assist-started');

    const allowed = new Set();
    while (allowed.size < 3) {
      // The Assist view shows each plan card's live state ("waiting for you" is not kept in board.json).
      const waiting = await waitFor(async () => {
        for (const li of await assist.locator('.assist-cards').first().locator('li').all()) {
          const id = await li.getAttribute('data-task-id');
          if (!allowed.has(id) && /waiting for you/.test(await li.innerText())) return { id };
        }
        return null;
      }, { message: 'a plan card waiting for approval', timeout: 90_000, interval: 300 });
      if (allowed.size === 0) {
        // Assist says so in the conversation, with a link to the card.
        await waitFor(async () => /is waiting for your approval \(Write\)/.test(await assist.locator('.assist-log').innerText()), { message: 'Assist saying a run waits for the user' });
        await vsc.screenshot('assist-needs-you');
      }
      await allowOn(waiting.id);
      allowed.add(waiting.id);
    }
    await waitFor(async () => /^Done: "Change the code", /.test((await assist.locator('.assist-followup .assist-text').last().innerText()).trim()), { message: 'the follow-up', timeout: 120_000, interval: 500 });
    const followUp = (await assist.locator('.assist-followup .assist-text').last().innerText()).trim();
    assert.match(followUp, /^Done: "Change the code", ("Add a test" and "Update the README"|"Update the README" and "Add a test")\.$/);
    assert.ok((await vsc.readBoard()).tasks.filter((t) => t.fromAssist).every((t) => t.agentStatus === 'done'));
    await assist.locator('.assist-log').evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await vsc.screenshot('assist-followup');
  });

  it('the Assist view sits in the Viban container and shows the same conversation', async () => {
    const vsc = vscode();
    await vsc.runCommand('Viban: Focus on Assist View');
    const side = await vsc.webviewFrame('.assist-panel.host-sidebar', { timeout: 30_000 });
    assert.ok((await vsc.sideBarViewTitles()).some((t) => /Assist/i.test(t)), 'an Assist view in the Viban container');
    await side.locator('.assist-picker').waitFor({ state: 'visible' });
    // History is kept: the view opens on the latest conversation, with its follow-up.
    await waitFor(async () => /^Done: "Change the code", /m.test(await side.locator('.assist-log').innerText()), { message: 'the conversation in the sidebar view' });
    await vsc.screenshot('assist-sidebar');
  });

  it('a stated decision: "Remembered: … — Undo" in the conversation and in memory.json; Undo forgets it', async () => {
    const vsc = vscode();
    await vsc.runCommand('Viban: Open Assist in Editor');
    const panel = await vsc.webviewFrame('.assist-panel.host-editor', { timeout: 30_000 });
    const memory = () => {
      const file = path.join(vsc.workspace, '.viban', 'memory.json');
      return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')).items : [];
    };
    const before = memory().length;
    await panel.getByRole('button', { name: 'New conversation' }).click();
    const box = panel.getByRole('textbox', { name: 'Ask Assist' });
    await box.fill('add sign-up, but no social login for now');
    await box.press('Enter');
    const line = panel.locator('.assist-remembered');
    await line.waitFor({ state: 'visible', timeout: 60_000 });
    assert.equal((await line.innerText()).trim(), 'Remembered: No social login for now — Undo');
    await panel.locator('.assist-plan-card.pending').waitFor({ state: 'visible', timeout: 30_000 });
    const added = memory().filter((i) => i.value === 'No social login for now');
    assert.equal(added.length, 1);
    assert.equal(added[0].category, 'decision');
    assert.equal(memory().length, before + 1);
    await vsc.screenshot('assist-remembered');
    await line.getByRole('button', { name: 'Undo' }).click();
    await waitFor(async () => /^Forgotten: No social login for now$/.test((await line.innerText()).trim()), { message: 'the line says it was forgotten' });
    assert.deepEqual(memory().filter((i) => i.value === 'No social login for now'), []);
    await vsc.screenshot('assist-remembered-undone');
  });

  it('the command line in a terminal (`viban memory add/forget`, `viban assist`) reaches the open Memory and Assist views live', async () => {
    const vsc = vscode();
    const cli = (...args) => execFileSync(process.execPath, [CLI, ...args, '-w', vsc.workspace], { encoding: 'utf8', env: { ...process.env, VIBAN_DEMO_PACE_MS: '1' } });
    // The Assist panel in the editor stays open while the terminal asks.
    const panel = await vsc.webviewFrame('.assist-panel.host-editor', { timeout: 30_000 });
    const titles = () => panel.locator('.assist-picker').evaluate((el) => [...el.querySelectorAll('vscode-option, option')].map((o) => o.textContent.trim()));
    cli('assist', 'what should I do next?');
    await waitFor(async () => (await titles()).includes('what should I do next?'), { message: 'the conversation asked in the terminal, in the open Assist view', timeout: 15_000 });

    await vsc.runCommand('Viban: Focus on Memory View');
    const tree = vsc.page.locator('.pane', { has: vsc.page.locator('.pane-header', { hasText: 'Memory' }) });
    const rows = (re) => tree.locator('.monaco-list-row', { hasText: re });
    await rows(/Decisions/).first().waitFor({ state: 'visible', timeout: 30_000 });
    const added = JSON.parse(cli('memory', 'add', '--category', 'preference', 'Always use tabs for indentation', '--json'));
    await rows(/Always use tabs for indentation/).first().waitFor({ state: 'visible', timeout: 15_000 });
    await vsc.screenshot('memory-live-from-cli');
    cli('memory', 'forget', added.id ?? added.item?.id);
    await waitFor(async () => (await rows(/Always use tabs for indentation/).count()) === 0, { message: 'the forgotten row gone from the view', timeout: 15_000 });
  });
});
