// A task held by a conflict in its hand-off, in a real VS Code: its prerequisite's branch and the
// base changed the same line, the merge is left in the dependant's own worktree (not a workspace
// folder) and the card says "needs merge: routes.txt". "Resolve in merge editor" in the detail pane
// opens that worktree file in VS Code's three-way merge editor.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { BoardView } from './boardView.mjs';
import { launchVSCode, makeWorkspace, waitFor } from './harness.mjs';
import { DEMO_COLUMNS } from '../../scripts/demo-workspace.mjs';

const git = (dir, ...args) => execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', ...args], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const at = new Date(Date.now() - 3_600_000).toISOString();
const task = (id, columnId, order, title, extra = {}) => ({ id, columnId, order, title, description: `${title} (a demo task).`, createdAt: at, updatedAt: at, agentStatus: 'idle', ...extra });

/** The demo repo with A's work on its branch, the base changing the same line, and C's worktree mid-merge. */
function conflictedWorkspace(ws) {
  const wtA = path.join(ws, '..', 'wt-list-route');
  const wtC = path.join(ws, '..', 'wt-wire-routes');
  const base = git(ws, 'rev-parse', '--abbrev-ref', 'HEAD').trim();
  writeFileSync(path.join(ws, 'routes.txt'), 'routes:\n');
  git(ws, 'add', 'routes.txt');
  git(ws, 'commit', '-qm', 'routes file');
  git(ws, 'worktree', 'add', '-q', '-b', 'viban/list-route', wtA);
  writeFileSync(path.join(wtA, 'routes.txt'), 'routes:\nGET /items\n');
  git(wtA, 'commit', '-qam', 'List route');
  writeFileSync(path.join(ws, 'routes.txt'), 'routes:\nPOST /items\n');
  git(ws, 'commit', '-qam', 'Create route');
  git(ws, 'worktree', 'add', '-q', '-b', 'viban/wire-routes', wtC);
  assert.throws(() => git(wtC, 'merge', '--no-edit', 'viban/list-route'), 'the hand-off merge conflicts');
  return {
    schemaVersion: 1,
    columns: DEMO_COLUMNS,
    tasks: [
      task('m-list', 'in-review', 1000, 'List route', { agentStatus: 'done', worktree: { path: wtA, branch: 'viban/list-route', base } }),
      task('m-wire', 'todo', 1000, 'Wire the routes', { blockedBy: ['m-list'], held: 'needs merge: routes.txt', worktree: { path: wtC, branch: 'viban/wire-routes', base } }),
    ],
  };
}

describe('a hand-off merge conflict in a real VS Code', function () {
  let vsc;
  before(async function () {
    this.timeout(240_000);
    const workspace = await makeWorkspace({ name: 'merge-editor', board: { schemaVersion: 1, columns: DEMO_COLUMNS, tasks: [] } });
    const board = conflictedWorkspace(workspace);
    writeFileSync(path.join(workspace, '.viban', 'board.json'), JSON.stringify(board, null, 2) + '\n');
    vsc = await launchVSCode({ name: 'merge-editor', workspace, viewport: { width: 1600, height: 1000 } });
  });
  afterEach(async function () {
    if (vsc && this.currentTest.state === 'failed') console.log(`      failure artifacts: ${await vsc.captureFailure(this.currentTest.title).catch((e) => e.message)}`);
  });
  after(async function () {
    this.timeout(60_000);
    await vsc?.close();
  });

  it('"Resolve in merge editor" opens the conflicted file of the held task\'s worktree in the merge editor', async function () {
    this.timeout(120_000);
    const board = new BoardView(vsc);
    const frame = await board.showBoard();
    const card = frame.locator('.card-item[data-item-id="m-wire"]');
    await waitFor(async () => /needs merge: routes\.txt/.test(await card.innerText()), { message: 'the held card' });
    await card.locator('.card').first().click();
    const held = frame.locator('.graph-held');
    await held.getByRole('button', { name: 'Resolve in merge editor' }).click();
    // VS Code names a merge editor tab "Merging: <file>".
    await waitFor(async () => (await vsc.page.locator('.tabs-container .tab', { hasText: 'Merging: routes.txt' }).count()) > 0, { message: 'the merge editor tab', timeout: 30_000 });
    await waitFor(async () => (await vsc.page.locator('.merge-editor').count()) > 0 || (await vsc.page.getByText('Complete Merge').count()) > 0, { message: 'the merge editor with Complete Merge', timeout: 30_000 });
    // Both sides shown, read from git in the task's worktree: Current (HEAD) and Incoming (the prerequisite's branch).
    const editor = vsc.page.locator('.part.editor');
    await waitFor(async () => /POST\s\/items/.test(await editor.innerText()) && /GET\s\/items/.test(await editor.innerText()), { message: 'both sides of the conflict in the merge editor', timeout: 30_000 });
    assert.match(await editor.innerText(), /1\sConflict\sRemaining/);
    await vsc.screenshot('merge-editor-open');
    assert.ok(await held.getByRole('button', { name: 'Release' }).isVisible(), 'Release stays offered for after the merge');
  });
});
