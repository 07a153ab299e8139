// The board scenarios in a real VS Code: columns, create from the command palette, move, survive
// a reload, follow edits made outside VS Code, and survive a corrupt board.json without losing it.
// Written against the intended UI (see boardView.mjs); one VS Code for the suite, tests in order.
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { BoardView } from './boardView.mjs';
import { FIXTURE_BOARD, useVSCode, waitFor } from './harness.mjs';

const COLUMNS = ['Backlog', 'Todo', 'In Progress', 'In Review', 'Done'];
const NEW_TASK = 'Add a --version flag';

describe('board: the Viban board in a real VS Code', function () {
  const vscode = useVSCode({ board: FIXTURE_BOARD });
  let board;
  before(() => {
    board = new BoardView(vscode());
  });

  it('shows the five default columns in the Viban view', async function () {
    await board.open();
    await waitFor(async () => (await board.columnNames()).length === COLUMNS.length, { message: 'five column lists' }).catch(async (err) => {
      throw new Error(`${err.message}; lists: ${(await board.columnNames()).join(' | ')}`);
    });
    const names = await board.columnNames();
    COLUMNS.forEach((title, i) => assert.ok(names[i]?.startsWith(title), `column ${i + 1} should be "${title}…", lists are: ${names.join(' | ')}`));
    await board.waitForCard('Fix the flaky date test', 'Todo');
    await vscode().screenshot('board-columns');
  });

  it('activates the extension without errors in the extension host log', async function () {
    const log = await vscode().extensionHostLog();
    assert.match(log, /_doActivateExtension viban\.viban\b/, 'the extension host never activated viban.viban');
    const failure = log.split('\n').findIndex((l) => /Activating extension viban\.viban failed/.test(l));
    assert.equal(failure, -1, `activation failed:\n${log.split('\n').slice(failure, failure + 8).join('\n')}`);
  });

  it('creates a task from the command palette ("Viban: New Task") and shows it in Backlog', async function () {
    const vsc = vscode();
    await vsc.runCommand('Viban: New Task');
    await vsc.answerInput(NEW_TASK, { expectPrompt: /title/i });
    await board.waitForCard(NEW_TASK, 'Backlog');
    const saved = await waitFor(async () => (await vsc.readBoard()).tasks.find((t) => t.title === NEW_TASK), { message: `"${NEW_TASK}" in board.json` });
    assert.equal(saved.columnId, 'backlog');
    await vsc.screenshot('board-new-task');
  });

  it('moves the new task to In Progress with its "Move to…" menu', async function () {
    await board.moveWithMenu(NEW_TASK, 'In Progress');
    await board.waitForCard(NEW_TASK, 'In Progress');
    await waitFor(async () => (await vscode().readBoard()).tasks.find((t) => t.title === NEW_TASK)?.columnId === 'in-progress', {
      message: `"${NEW_TASK}" saved in column in-progress`,
    });
    await vscode().screenshot('board-moved');
  });

  it('moves a card by drag and drop', async function () {
    await vscode().resizeSideBar(1000); // room for Backlog and Todo side by side
    await board.drag('Support reading from stdin', 'Todo');
    await board.waitForCard('Support reading from stdin', 'Todo');
    await waitFor(async () => (await vscode().readBoard()).tasks.find((t) => t.title === 'Support reading from stdin')?.columnId === 'todo', {
      message: '"Support reading from stdin" saved in column todo',
    });
    await vscode().screenshot('board-dragged');
  });

  it('keeps the moved task after "Developer: Reload Window"', async function () {
    const vsc = vscode();
    await vsc.runCommand('Developer: Reload Window');
    await vsc.waitForWorkbench();
    await board.open();
    await board.waitForCard(NEW_TASK, 'In Progress', { timeout: 30_000 });
    await vsc.screenshot('board-after-reload');
  });

  it('filters the cards with the filter textbox', async function () {
    await board.setFilter('flaky');
    await waitFor(async () => (await (await board.card('Add a --json flag to the CLI')).count()) === 0, { message: 'non-matching cards to be hidden' });
    await board.waitForCard('Fix the flaky date test', 'Todo');
    await board.setFilter('');
    await board.waitForCard('Add a --json flag to the CLI', 'Backlog');
  });

  it('follows an edit of .viban/board.json made outside VS Code within a couple of seconds', async function () {
    const vsc = vscode();
    const data = await vsc.readBoard();
    const task = data.tasks.find((t) => t.title === 'Write a README usage section');
    assert.ok(task, 'fixture task missing from board.json');
    task.title = 'Write the README usage section (edited outside)';
    task.updatedAt = new Date().toISOString();
    await vsc.writeBoard(data);
    await board.waitForCard('Write the README usage section (edited outside)', 'In Progress', { timeout: 5000 });
    await board.waitForNoCard('Write a README usage section', { timeout: 1000 });
  });

  it('reports a corrupt board.json by name and keeps its bytes in board.json.corrupt-*', async function () {
    const vsc = vscode();
    const corrupt = '{ not json';
    await vsc.writeBoard(corrupt);
    const shown = await waitFor(
      async () => {
        const toast = (await vsc.notifications()).find((t) => /board\.json/.test(t));
        if (toast) return `notification: ${toast}`;
        const text = await board.text().catch(() => '');
        return /board\.json/.test(text) && `webview: ${text.slice(0, 200)}`;
      },
      { timeout: 10_000, message: 'an error naming board.json in a notification or the board' },
    );
    assert.ok(shown);
    const dir = path.dirname(vsc.boardFile);
    const aside = await waitFor(
      async () => {
        const files = (await readdir(dir)).filter((f) => f.startsWith('board.json.corrupt-'));
        return files.length > 0 && files;
      },
      { message: `a board.json.corrupt-* file in ${dir}` },
    );
    const kept = await Promise.all(aside.map((f) => readFile(path.join(dir, f), 'utf8')));
    assert.ok(kept.includes(corrupt), `no corrupt-* file holds the original bytes: ${JSON.stringify(kept)}`);
    await vsc.screenshot('board-corrupt');
  });
});
