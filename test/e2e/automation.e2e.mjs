// Stage automation in a real VS Code, offline with the Demo agent: the recipe editor (column menu
// → Automation…) validates and saves a recipe; a card dragged into the fully_auto Todo column runs
// its stage (the step streams on the card), the gates pass and the card advances to In Progress,
// whose recipe runs in turn and fails its gate — the message shows on the card's detail.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { BoardView } from './boardView.mjs';
import { FIXTURE_BOARD, useVSCode, waitFor } from './harness.mjs';

const TASK = 'Add a --json flag to the CLI';

describe('stage automation in a real VS Code', function () {
  const vscode = useVSCode({ board: FIXTURE_BOARD, automation: true, env: { VIBAN_DEMO_PACE_MS: '5' }, viewport: { width: 1800, height: 1000 } });
  let board;

  before(async () => {
    board = new BoardView(vscode());
    await vscode().resizeSideBar(1300);
  });

  it('edits the Todo recipe in the Automation… editor with live validation, and saves it', async function () {
    const frame = await board.showBoard();
    // The column says it is automated once the host's automation snapshot has arrived.
    await waitFor(async () => (await frame.getByLabel('Automation: Fully automatic').count()) >= 2, { message: 'the automated columns to be marked', timeout: 20_000 });
    await frame.getByRole('button', { name: 'Todo column actions' }).click();
    await frame.getByRole('menuitem', { name: 'Automation…' }).click();
    const editor = frame.getByRole('dialog', { name: 'Automation for Todo' });
    await waitFor(async () => /Ready/.test(await editor.innerText()), { message: 'the editor to show the validation', timeout: 20_000 });
    // The fields are toolkit inputs (their values live in shadow DOM): check what they hold.
    assert.equal(await editor.getByRole('textbox', { name: 'Gate 1 name' }).inputValue(), 'PLAN.md written');
    await editor.getByRole('tab', { name: /Skills/ }).click();
    await waitFor(async () => /demo-plan/.test(await editor.innerText()), { message: 'the skills catalog' });
    assert.match(await editor.innerText(), /vetted/);
    await vscode().screenshot('automation-skills');
    await editor.getByRole('tab', { name: 'Recipe' }).click();
    await waitFor(async () => /Ready/.test(await editor.innerText()), { message: 'validation again' });
    await vscode().screenshot('automation-editor');
    // A step in full: its timeout on the row, the permission mode, inputs and outputs under Details.
    assert.equal(await editor.getByRole('textbox', { name: 'Step 1 timeout in minutes' }).inputValue(), '5');
    await editor.locator('.recipe-step-details summary').first().click();
    await editor.getByRole('combobox', { name: 'Step 1 permission mode' }).waitFor({ timeout: 5000 });
    await editor.getByRole('textbox', { name: 'Step 1 outputs' }).waitFor({ timeout: 5000 });
    await vscode().screenshot('automation-step-details');
    await editor.getByRole('button', { name: 'Save' }).click();
    await waitFor(async () => (await editor.count()) === 0, { message: 'the editor to close after saving' });
    const recipes = JSON.parse(readFileSync(path.join(vscode().workspace, '.viban', 'recipes.json'), 'utf8'));
    assert.equal(recipes.recipes.todo.automationLevel, 'fully_auto');
    assert.equal(recipes.recipes.todo.executor, 'demo-agent');
  });

  it('a card dragged into Todo runs its stage, passes the gates and advances; the next stage fails its gate and says why', async function () {
    const ws = vscode().workspace;
    const open = (await board.frame()).getByRole('dialog', { name: 'Automation for Todo' });
    if (await open.count()) await open.getByRole('button', { name: 'Cancel' }).click();
    await board.drag(TASK, 'Todo');
    // The Todo run: the step is an agent session on the card, then the gates; then the card moves on.
    await board.waitForCard(TASK, 'In Progress', { timeout: 60_000 });
    assert.ok(existsSync(path.join(ws, 'PLAN.md')), 'the step wrote PLAN.md');
    const frame = await board.frame();
    const card = await board.card(TASK, 'In Progress');
    await waitFor(async () => /Failed · gates 0\/1/.test(await card.innerText()), { message: 'the In Progress run to fail its gate', timeout: 60_000 });
    await vscode().screenshot('automation-card-failed-gate');

    await card.locator('.card').first().click();
    const panel = frame.getByRole('region', { name: /Task details/ }).or(frame.locator('.detail'));
    const stage = frame.locator('.stage-panel');
    await waitFor(async () => /Notes cover the tests/.test(await stage.innerText()), { message: 'the stage panel with the gate' });
    const stageText = await stage.innerText();
    assert.match(stageText, /Say how the change is tested\. — NOTES-IMPL\.md is missing the section "Tests"/);
    assert.match(stageText, /NOTES-IMPL\.md/, 'the artifact is listed');
    await stage.locator('summary', { hasText: 'History' }).click();
    await waitFor(async () => /Todo → In Progress · run r_\w+ · gates passed/.test(await stage.innerText()), { message: 'the history' });
    assert.match(await stage.innerText(), /Backlog → Todo · user/);
    assert.match(await panel.first().innerText(), /Open questions[\s\S]*Notes cover the tests/i);
    await vscode().screenshot('automation-detail');

    const runs = readFileSync(path.join(ws, '.viban', 'events.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(runs.map((e) => [e.from, e.to, e.by.kind]), [['backlog', 'todo', 'user'], ['todo', 'in-progress', 'run']]);
  });
});
