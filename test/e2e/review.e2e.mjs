// The review loop in a real VS Code: the real `claude` CLI (against the scripted Anthropic server)
// works on a card in the task's own git worktree; the Changes section lists what it changed; a
// file opens in VS Code's diff editor; "Squash and merge" lands one commit on main and the card
// moves to Done.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { BoardView } from './boardView.mjs';
import { useScriptedClaude } from './scriptedClaude.mjs';
import { FIXTURE_BOARD, useVSCode, waitFor } from './harness.mjs';
import { text, toolUse } from '../support/scriptedAnthropicServer.ts';

const TASK = 'Add a --json flag to the CLI';
const git = (dir, ...args) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' });

describe('review: an agent in a worktree, the diff, and a squash merge in a real VS Code', function () {
  const claude = useScriptedClaude({ GIT_AUTHOR_NAME: 'Agent', GIT_AUTHOR_EMAIL: 'agent@example.invalid', GIT_COMMITTER_NAME: 'Agent', GIT_COMMITTER_EMAIL: 'agent@example.invalid' });

  const vscode = useVSCode({
    board: FIXTURE_BOARD,
    env: claude.env,
    settings: {
      ...claude.settings,
      'viban.defaultPermissionMode': 'auto-edit',
      'viban.isolation': 'worktree',
    },
  });
  let board;
  let frame;
  let worktree;

  before(async () => {
    board = new BoardView(vscode());
    await vscode().resizeSideBar(900);
  });

  it('runs Claude Code in the task\'s own worktree, leaving the main checkout untouched', async function () {
    const ws = vscode().workspace;
    frame = await board.showBoard();
    await (await board.card(TASK)).click();
    const confirm = await board.confirmRunWith(/Claude Code/);
    await waitFor(async () => /own worktree/i.test(await confirm.innerText()), { message: 'the card to say it runs in its own worktree' });
    await vscode().screenshot('review-confirmation');

    // The agent writes relative to its working folder, whatever that folder is.
    claude.server().push(
      { blocks: [text('Adding the flag.'), toolUse('Bash', { command: "printf 'export const json = true;\\n' > src/json.js && echo added" })] },
      { blocks: [text('Added src/json.js with the --json flag.')] },
    );
    await confirm.getByRole('button', { name: 'Start' }).click();
    // Auto-edit may still ask before a command (Claude Code decides per command): allow if asked.
    const banner = frame.getByRole('region', { name: 'The agent is waiting for you' });
    await waitFor(
      async () => {
        if (await banner.isVisible().catch(() => false)) await banner.getByRole('button', { name: 'Allow', exact: true }).click().catch(() => {});
        return /Added src\/json\.js/.test(await frame.locator('.session-log').innerText());
      },
      { message: 'the agent to finish', timeout: 60_000 },
    );

    const task = await waitFor(async () => (await vscode().readBoard()).tasks.find((t) => t.title === TASK && t.worktree), { message: 'the task to record its worktree' });
    worktree = task.worktree;
    assert.match(worktree.branch, /^viban\/[a-z0-9]+-add-a-json-flag-to-the-cli$/);
    assert.ok(existsSync(path.join(worktree.path, 'src', 'json.js')), 'the file is in the worktree');
    assert.equal(existsSync(path.join(ws, 'src', 'json.js')), false, 'the main checkout does not have it');
  });

  it('lists the task\'s worktree in "Viban: Manage Worktrees"', async function () {
    const vsc = vscode();
    await vsc.runCommand('Viban: Manage Worktrees');
    const row = vsc.page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: worktree.branch }).first();
    await row.waitFor({ timeout: 15_000 });
    assert.match(await row.innerText(), new RegExp(TASK.replace(/[-]/g, '\\-')));
    await vsc.screenshot('review-worktrees');
    await vsc.page.keyboard.press('Escape');
  });

  it('lists the changed file live and opens it in VS Code\'s diff editor', async function () {
    const files = frame.getByRole('list', { name: 'Changed files' });
    await waitFor(async () => /src\/json\.js/.test(await files.innerText().catch(() => '')), { message: 'src/json.js in the Changes section', timeout: 20_000 });
    const entry = frame.getByRole('button', { name: /^src\/json\.js, added, 1 added, 0 removed$/ });
    await entry.waitFor({ timeout: 10_000 });
    await vscode().screenshot('review-changes');
    await entry.click();
    const tab = vscode().page.locator('.tabs-container .tab', { hasText: 'json.js' });
    await tab.waitFor({ timeout: 20_000 });
    assert.match(await tab.innerText(), /json\.js/);
    await waitFor(async () => (await vscode().page.locator('.monaco-diff-editor').count()) > 0, { message: 'a diff editor', timeout: 15_000 });
    await vscode().screenshot('review-diff');
  });

  it('squash-merges into main: one commit with the message, worktree removed, card in Done', async function () {
    const ws = vscode().workspace;
    const commitsBefore = Number(git(ws, 'rev-list', '--count', 'HEAD').trim());
    frame = await board.showBoard();
    await (await board.card(TASK)).click();
    const accept = frame.getByRole('group', { name: 'Accept the changes' });
    await accept.waitFor({ timeout: 20_000 });
    await accept.getByRole('button', { name: 'Squash and merge into main' }).click();
    // A squash merge stages the files first and commits after: wait for the commit itself.
    await waitFor(() => Number(git(ws, 'rev-list', '--count', 'HEAD').trim()) === commitsBefore + 1, { message: 'one new commit on main', timeout: 30_000 });
    assert.match(git(ws, 'log', '-1', '--format=%s'), new RegExp(TASK.replace(/[-]/g, '\\-')));
    assert.equal(readFileSync(path.join(ws, 'src', 'json.js'), 'utf8'), 'export const json = true;\n');
    await waitFor(() => !existsSync(worktree.path), { message: 'the worktree to be removed', timeout: 15_000 });
    const task = await waitFor(async () => (await vscode().readBoard()).tasks.find((t) => t.title === TASK && t.columnId === 'done'), { message: 'the card in Done' });
    assert.equal(task.worktree, undefined);
    frame = await board.showBoard();
    await board.waitForCard(TASK, 'Done');
    await vscode().screenshot('review-done');
  });
});
