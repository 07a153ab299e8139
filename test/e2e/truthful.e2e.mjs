// Status truthfulness and state in a real VS Code, on the demo workspace with its Demo agent:
// looking dirties nothing, the header says what the approval card says, one card answers, the
// demo agent speaks as itself, and after a squash merge Changes says Accepted with no stale actions.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { BoardView } from './boardView.mjs';
import { sampleBoard, useVSCode, waitFor } from './harness.mjs';

const TASK = 'Fix the flaky date test';
const git = (dir, ...args) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' });

describe('truthful: one status, nothing dirtied by looking, a demo that makes sense', function () {
  const vscode = useVSCode({
    board: sampleBoard(),
    env: { VIBAN_DEMO_PACE_MS: '1' },
    settings: { 'viban.isolation': 'worktree', 'viban.defaultPermissionMode': 'ask' },
  });
  let board;
  let frame;
  before(async () => {
    board = new BoardView(vscode());
    await vscode().resizeSideBar(900);
  });

  it('opens the Viban view by itself the first time the demo workspace opens', async function () {
    // Nobody clicked the activity bar: the demo's viban.showBoardOnFirstOpen did.
    frame = await board.frame();
    await frame.locator('[role="list"]').first().waitFor({ timeout: 30_000 });
    const page = vscode().page;
    assert.equal(await page.locator('.part.activitybar [role="tab"][aria-selected="true"] .action-label[aria-label^="Viban"]').count(), 1, 'the Viban container is the one showing');
  });

  it('opening the board and a card leaves git status empty', async function () {
    frame = await board.showBoard();
    await (await board.card(TASK)).click();
    await frame.getByRole('button', { name: 'Run', exact: true }).first().waitFor({ timeout: 15_000 });
    await waitFor(async () => /No changes yet/.test(await frame.locator('section.review').innerText()), { message: 'the Changes section' });
    assert.equal(git(vscode().workspace, 'status', '--porcelain'), '', 'viewing wrote nothing');
    // Source Control agrees: once the git extension has read the repository (its branch is in the
    // status bar), the branch is not marked dirty and the activity bar counts no change.
    const page = vscode().page;
    await waitFor(async () => /\bmain\b/.test(await page.locator('.part.statusbar').innerText()), { message: 'the git branch in the status bar' });
    await page.waitForTimeout(1500); // let the git extension finish its first scan, whose count a badge would show
    assert.doesNotMatch(await page.locator('.part.statusbar').innerText(), /\bmain\*/);
    const scm = page.locator('.part.activitybar [role="tab"]', { has: page.locator('.action-label[aria-label^="Source Control"]') }).first();
    assert.equal(await scm.count(), 1, 'the Source Control entry');
    const badge = scm.locator('.badge-content');
    const count = (await badge.count()) && (await badge.first().isVisible()) ? (await badge.first().innerText()).trim() : '';
    assert.equal(count, '', `the Source Control badge shows "${count}"`);
    await vscode().screenshot('truthful-clean-after-viewing');
  });

  it('keeps one Focus command in the palette', async function () {
    const labels = await vscode().findCommands('Viban: Focus');
    assert.ok(labels.includes('Viban: Focus on Board View'), labels.join(' | '));
    assert.equal(labels.includes('Viban: Focus Board'), false, labels.join(' | '));
  });

  it('while the agent waits: the header says Waiting for you, and one card answers', async function () {
    frame = await board.frame();
    await frame.getByRole('button', { name: 'Run', exact: true }).first().click();
    const confirm = frame.getByRole('group', { name: 'Confirm the run' });
    await confirm.waitFor({ timeout: 15_000 });
    await waitFor(async () => /It will ask you before it edits files/.test(await confirm.innerText()), { message: 'the confirmation card', timeout: 20_000 });
    await confirm.getByRole('button', { name: 'Start' }).click();
    const banner = frame.getByRole('region', { name: 'The agent is waiting for you' });
    await banner.waitFor({ timeout: 60_000 });
    const status = frame.locator('.detail-meta .task-status');
    await waitFor(async () => /Waiting for you/.test(await status.innerText()), { message: 'the header pill to say Waiting for you', timeout: 5000 });
    assert.doesNotMatch(await frame.locator('.detail-meta').innerText(), /Thinking/);
    assert.equal(await frame.locator('.approval-card').count(), 1, 'one answerable card');
    // A worktree run: Changes never speaks of the workspace's own uncommitted changes.
    assert.doesNotMatch(await frame.locator('section.review').innerText().catch(() => ''), /In this workspace/);
    await waitFor(async () => /waiting for your answer above/.test(await frame.locator('.session-log').innerText()), { message: 'the log to record the request, pointing at the card', timeout: 30_000 });
    await vscode().screenshot('truthful-waiting');
    await banner.getByRole('button', { name: 'Allow', exact: true }).click();
    await waitFor(async () => /Finished/.test(await status.innerText()), { message: 'the header to say Finished', timeout: 60_000 });
    const log = await frame.locator('.session-log').innerText();
    assert.match(log, /Demo agent \(offline replay\) demo-agent in /);
    assert.doesNotMatch(log, /Claude Code demo-agent/);
    await vscode().screenshot('truthful-finished');
  });

  it('after Squash and merge: Accepted with its commit, no stale actions', async function () {
    const accept = frame.getByRole('group', { name: 'Accept the changes' });
    await waitFor(async () => (await accept.count()) > 0 && /DEMO-NOTES/.test(await frame.locator('section.review').innerText()), { message: 'the changes listed', timeout: 30_000 });
    // A diff tab of the worktree's file, open when the work is accepted.
    await frame.getByRole('button', { name: /^DEMO-NOTES\.md, added/ }).click();
    const diffTab = vscode().page.locator('.tabs-container .tab', { hasText: 'DEMO-NOTES.md' });
    await diffTab.first().waitFor({ timeout: 20_000 });
    frame = await board.frame();
    await accept.getByRole('button', { name: 'Squash and merge into main' }).click();
    const summary = frame.locator('.review-accepted summary');
    await summary.waitFor({ timeout: 30_000 });
    const sha = git(vscode().workspace, 'rev-parse', '--short=7', 'HEAD').trim();
    assert.match(await summary.innerText(), new RegExp(`Accepted — squash-merged as ${sha}`));
    const section = await frame.locator('section.review').innerText();
    assert.doesNotMatch(section, /In this workspace|Send back|Commit/);
    assert.match(await frame.locator('.detail-meta .task-status').innerText(), /Accepted/);
    await waitFor(async () => (await diffTab.count()) === 0, { message: 'the diff tab of the removed worktree closed', timeout: 15_000 });
    // What Source Control counts now is the board's own record of the decision (the card moved to
    // Done, accepted as that commit), nothing of the merged work or of Viban's local files.
    assert.deepEqual(git(vscode().workspace, 'status', '--porcelain').split('\n').filter(Boolean), [' M .viban/board.json']);
    await vscode().screenshot('truthful-accepted');
  });

  it('on the board, the accepted card sits in Done and says Accepted once, like its header', async function () {
    await board.waitForCard(TASK, 'Done', { timeout: 20_000 });
    const card = await board.card(TASK, 'Done');
    await card.scrollIntoViewIfNeeded(); // Done may be past the right edge: the board scrolls column by column
    const text = await card.textContent();
    assert.equal(text.match(/Accepted/g)?.length, 1, `card text: ${text}`);
    assert.doesNotMatch(text, /Thinking|Waiting|Finished|In Review/, text);
    await vscode().screenshot('truthful-board-accepted');
  });
});
