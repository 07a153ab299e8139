// The task graph in a real VS Code, offline with the Demo agent: link two cards from the card's
// "Blocked by…" picker (a cycle is refused with the cycle named), see the plan's graph, then Run all
// from the board header: the dependant waits while its prerequisite runs, starts once it is done and
// verified (`npm test` in its worktree), and both cards end "Verified ✓".
import assert from 'node:assert/strict';
import { BoardView } from './boardView.mjs';
import { useVSCode, waitFor } from './harness.mjs';
import { DEMO_COLUMNS } from '../../scripts/demo-workspace.mjs';

const FIRST = 'Write the migration';
const SECOND = 'Add the API route';
const PLAIN = 'Tidy the README';
const at = new Date(Date.now() - 3_600_000).toISOString();
const task = (id, columnId, order, title, extra = {}) => ({ id, columnId, order, title, description: `${title} (a demo task).`, createdAt: at, updatedAt: at, agentStatus: 'idle', ...extra });
const BOARD = {
  schemaVersion: 1,
  columns: DEMO_COLUMNS,
  tasks: [task('g-mig', 'todo', 1000, FIRST, { tier: 'A' }), task('g-api', 'todo', 2000, SECOND), task('g-setup', 'done', 1000, 'Set up the project'), task('g-plain', 'backlog', 1000, PLAIN)],
};

describe('the task graph in a real VS Code', function () {
  const vscode = useVSCode({
    board: BOARD,
    // The demo project's own test script is the check each run must pass.
    settings: { 'viban.verify.commands': ['npm test'], 'viban.queue.concurrency': 2 },
    env: { VIBAN_DEMO_PACE_MS: '25' },
    viewport: { width: 1600, height: 1000 },
  });
  let board;

  before(async () => {
    board = new BoardView(vscode());
    await vscode().resizeSideBar(1150);
  });

  it('links two cards from the card, refuses a cycle with the cycle named, and shows the plan as a graph', async function () {
    let frame = await board.showBoard();
    await (await board.card(SECOND, 'Todo')).locator('.card').first().click();
    const section = frame.locator('.graph-section');
    await section.getByRole('button', { name: 'Blocked by…' }).click();
    await frame.getByRole('textbox', { name: 'Find the task this one waits for' }).fill('migr');
    await frame.locator(`.graph-candidate[data-task-id="g-mig"]`).click();
    await waitFor(async () => (await vscode().readBoard()).tasks.find((t) => t.id === 'g-api')?.blockedBy?.includes('g-mig'), { message: 'the link saved in board.json' });
    await waitFor(async () => (await section.locator('.graph-prereq').count()) === 1, { message: 'the prerequisite listed on the card' });
    assert.match(await section.innerText(), new RegExp(`Blocked by\\s*${FIRST}`));

    // The other way round would close a cycle: the picker says so, and the host refuses it by name.
    await board.showBoard();
    frame = await board.frame();
    await (await board.card(FIRST, 'Todo')).locator('.card').first().click();
    await frame.locator('.graph-section').getByRole('button', { name: 'Blocked by…' }).click();
    const cyclic = frame.locator('.graph-candidate[data-task-id="g-api"]');
    assert.match(await cyclic.innerText(), new RegExp(`would make a cycle: ${FIRST} → ${SECOND} → ${FIRST}`));
    await cyclic.click();
    await waitFor(async () => /That link would make a cycle/.test(await frame.locator('body').innerText()), { message: 'the refusal to be shown' });
    const refusal = await frame.locator('body').innerText();
    assert.match(refusal, new RegExp(`${FIRST}.*→.*${SECOND}.*→.*${FIRST}`.replace(/\s/g, '\\s')));
    assert.deepEqual((await vscode().readBoard()).tasks.find((t) => t.id === 'g-mig').blockedBy ?? [], [], 'nothing was saved');
    await vscode().screenshot('graph-cycle-refused');

    await frame.getByRole('button', { name: 'Show the graph of this plan' }).click();
    await waitFor(async () => (await frame.locator('.graph-node').count()) === 2, { message: 'the graph view' });
    const left = async (id) => (await frame.locator(`.graph-node[data-task-id="${id}"]`).boundingBox()).x;
    assert.ok((await left('g-mig')) < (await left('g-api')), 'the prerequisite is drawn before its dependant');
    await vscode().screenshot('graph-view');
  });

  /** Waits for the task's card to say "Waiting for you", answers Allow in its details, and goes back to the board. */
  async function allowWhenAsked(taskId) {
    const frame = await board.showBoard();
    const item = frame.locator(`.card-item[data-item-id="${taskId}"]`);
    await waitFor(async () => /Waiting for you/.test(await item.innerText()), { message: `${taskId} to ask for approval`, timeout: 90_000, interval: 300 });
    await item.locator('.card').click();
    const banner = frame.getByRole('region', { name: 'The agent is waiting for you' });
    await banner.waitFor({ timeout: 20_000 });
    await banner.getByRole('button', { name: 'Allow', exact: true }).click();
    await board.showBoard();
  }

  it("a card's own Run is checked too (viban.verify.commands): the card ends Verified ✓", async function () {
    this.timeout(120_000);
    const frame = await board.showBoard();
    await frame.locator('.card-item[data-item-id="g-plain"] .card').click();
    await frame.getByRole('button', { name: 'Run', exact: true }).first().click();
    const confirm = frame.getByRole('group', { name: 'Confirm the run' });
    await confirm.waitFor({ timeout: 15_000 });
    await confirm.getByRole('button', { name: 'Start' }).click();
    await allowWhenAsked('g-plain');
    await waitFor(async () => (await vscode().readBoard()).tasks.find((t) => t.id === 'g-plain')?.verification?.state === 'verified', { message: 'the plain run verified', timeout: 90_000, interval: 500 });
    const item = (await board.showBoard()).locator('.card-item[data-item-id="g-plain"]');
    await waitFor(async () => /Verified ✓/.test(await item.innerText()), { message: 'the Verified badge on the card' });
    await vscode().screenshot('graph-plain-run-verified');
  });

  it('Run all runs them in dependency order: the second waits, then starts; both end Verified ✓', async function () {
    this.timeout(240_000);
    const frame = await board.showBoard();
    await frame.getByRole('button', { name: /^Run all/ }).first().click();
    // While the prerequisite runs, the dependant has not started and says what it waits for.
    await waitFor(async () => (await vscode().readBoard()).tasks.find((t) => t.id === 'g-mig')?.lastSessionId, { message: 'the first task to start', timeout: 60_000 });
    const second = frame.locator('.card-item[data-item-id="g-api"]');
    assert.match(await second.innerText(), new RegExp(`Waiting for: ${FIRST}`));
    assert.equal((await vscode().readBoard()).tasks.find((t) => t.id === 'g-api').lastSessionId, undefined, 'the dependant waits');
    await waitFor(async () => /Stop all/.test(await frame.locator('.board-header').innerText()), { message: 'Stop all while the graph runs' });
    await vscode().screenshot('graph-run-waiting');

    // The Demo agent asks before it writes (as an agent in ask mode would): answer on each card as it asks.
    await allowWhenAsked('g-mig');
    await allowWhenAsked('g-api');
    await waitFor(
      async () => {
        const tasks = (await vscode().readBoard()).tasks;
        return ['g-mig', 'g-api'].every((id) => tasks.find((t) => t.id === id)?.verification?.state === 'verified');
      },
      { message: 'both tasks verified', timeout: 180_000, interval: 500 },
    );
    const tasks = (await vscode().readBoard()).tasks;
    const first = vscode().sessionMeta(tasks.find((t) => t.id === 'g-mig').lastSessionId);
    const secondRun = vscode().sessionMeta(tasks.find((t) => t.id === 'g-api').lastSessionId);
    assert.ok(Date.parse(secondRun.startedAt) >= Date.parse(first.endedAt), `the dependant started (${secondRun.startedAt}) after its prerequisite ended (${first.endedAt})`);
    await board.showBoard();
    for (const id of ['g-mig', 'g-api']) {
      await waitFor(async () => /Verified ✓/.test(await frame.locator(`.card-item[data-item-id="${id}"]`).innerText()), { message: `"${id}" to show Verified ✓` });
    }
    await waitFor(async () => /Run all finished: 2 succeeded/.test(await frame.locator('.board-header').innerText()), { message: 'the outcome in the header', timeout: 20_000 });

    // In a narrow side bar the outcome line gives way: New task and Open in editor stay whole.
    await vscode().resizeSideBar(360);
    await waitFor(
      async () => {
        const { width, buttons } = await frame.evaluate(() => ({
          width: document.documentElement.clientWidth,
          buttons: Array.from(document.querySelectorAll('.board-header vscode-button, .board-header button, .board-header .graph-run-status')).map((b) => {
            const r = b.getBoundingClientRect();
            return { label: b.getAttribute('aria-label') || b.textContent.trim(), left: r.left, right: r.right };
          }),
        }));
        const cut = buttons.filter((b) => b.left < 0 || b.right > width + 0.5);
        if (cut.length) throw new Error(`cut off in a ${width} px view: ${JSON.stringify(cut)}`);
        return width < 400 && buttons.some((b) => /New task/.test(b.label));
      },
      { message: 'the header whole in a narrow side bar' },
    );
    await vscode().screenshot('graph-run-status-narrow');
    await vscode().resizeSideBar(1150);
    assert.doesNotMatch(await second.innerText(), /Waiting for/);
    await vscode().screenshot('graph-run-verified');
  });

  it("changes a card's tier in one click, offers Run all in a column's menu, and deleting a prerequisite says what it unblocked", async function () {
    this.timeout(120_000);
    let frame = await board.showBoard();
    // The tier button is beside Move, shown on hover: one click steps B → C.
    const plain = frame.locator('.card-item[data-item-id="g-plain"]');
    await plain.locator('.card').hover();
    const tierButton = plain.locator('.card-tier');
    assert.equal(await tierButton.innerText(), 'B');
    await vscode().screenshot('graph-card-tier-button');
    await tierButton.click();
    await waitFor(async () => (await vscode().readBoard()).tasks.find((t) => t.id === 'g-plain')?.tier === 'C', { message: 'tier C saved in board.json' });
    await waitFor(async () => /Tier C/.test(await plain.innerText()), { message: 'the Tier C chip on the card' });

    // Run all for one column, from its menu (the graph above has finished, so it is enabled): the column the route is in now.
    const column = frame.locator('section.column', { has: frame.locator('.card-item[data-item-id="g-api"]') });
    const columnTitle = (await column.locator('.column-title').innerText()).trim();
    await frame.getByRole('button', { name: `${columnTitle} column actions` }).click();
    const runColumn = frame.getByRole('menuitem', { name: 'Run all in this column' });
    await runColumn.waitFor({ timeout: 10_000 });
    assert.equal(await runColumn.isDisabled(), false);
    await vscode().screenshot('graph-column-menu-run-all');
    await vscode().page.keyboard.press('Escape');

    // The route still waits for the (finished) migration: deleting the migration says the route is unblocked.
    frame = await board.showBoard();
    await frame.locator('.card-item[data-item-id="g-mig"] .card').click();
    await frame.getByRole('button', { name: 'Delete task' }).click();
    const dialog = vscode().page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible', timeout: 10_000 });
    assert.match(await dialog.innerText(), new RegExp(`"${SECOND}" waits for it: that link is removed too`));
    await vscode().screenshot('graph-delete-asks');
    await dialog.locator('.monaco-button', { hasText: 'Delete' }).click();
    const note = await vscode().waitForNotification(/Unblocked/);
    assert.match(note, new RegExp(`Deleted "${FIRST}"\\. Unblocked: "${SECOND}"\\. It waits for nothing now\\.`));
    await vscode().screenshot('graph-delete-unblocked');
    const after = await vscode().readBoard();
    assert.equal(after.tasks.some((t) => t.id === 'g-mig'), false);
    assert.equal(after.tasks.find((t) => t.id === 'g-api').blockedBy, undefined);
  });
});
