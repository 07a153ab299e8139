// The demo workspace's "Run on GitHub Actions", offline, in a real VS Code: the same offline GitHub
// `npm start` starts (demo/demo-github.ts: the REST stand-in and a pretend runner that runs the
// committed workflow's job on this machine with the Demo agent as `claude`). Nothing drives the
// run from the test: dispatch, steps, branch, pull request and artifact all come from the job.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { BoardView } from './boardView.mjs';
import { launchVSCode, makeWorkspace, waitFor } from './harness.mjs';
import { sampleBoard } from '../../scripts/demo-workspace.mjs';
import { DEMO_TOKEN, startDemoGitHub } from '../../demo/demo-github.ts';

const TASK = 'Ignore case when counting words';

describe('the demo workspace runs a card on (offline) GitHub Actions', function () {
  let vsc;
  let github;
  let board;
  let workspace;

  before(async function () {
    this.timeout(240_000);
    workspace = await makeWorkspace({ board: sampleBoard(), name: 'remote-demo' });
    github = await startDemoGitHub(workspace);
    vsc = await launchVSCode({
      name: 'remote-demo',
      workspace,
      env: { VIBAN_GITHUB_TOKEN: DEMO_TOKEN, VIBAN_DEMO_PACE_MS: '20' },
      settings: { 'viban.remote.github.apiUrl': github.standIn.origin, 'viban.remote.pollSeconds': 1 },
    });
    board = new BoardView(vsc);
    await vsc.resizeSideBar(900);
  });

  afterEach(async function () {
    if (vsc && this.currentTest.state === 'failed') {
      const dir = await vsc.captureFailure(this.currentTest.title).catch((err) => `(could not save artifacts: ${err.message})`);
      console.log(`      failure artifacts: ${dir}`);
    }
  });

  after(async function () {
    this.timeout(60_000);
    await vsc?.close();
    await github?.stop();
  });

  it('Run on GitHub Actions: the steps show on the card, then the PR link and the replayed log', async function () {
    this.timeout(180_000);
    const frame = await board.showBoard();
    await (await board.card(TASK)).click();
    await frame.getByRole('button', { name: 'Run', exact: true }).first().click();
    const confirm = frame.getByRole('group', { name: 'Confirm the run' });
    await confirm.waitFor({ timeout: 15_000 });
    const remote = confirm.getByRole('radio', { name: /Run on GitHub Actions/ });
    await remote.waitFor({ timeout: 20_000 });
    await waitFor(async () => !(await remote.isDisabled()), { message: 'the GitHub Actions choice to be enabled (the demo workflow is committed)', timeout: 20_000 });
    await remote.check();
    await confirm.getByRole('button', { name: 'Change' }).click();
    const claude = confirm.getByRole('radio', { name: /Claude Code/ });
    await claude.waitFor({ timeout: 20_000 });
    await claude.check();
    await waitFor(async () => /viban-demo\/wc-top/.test(await confirm.innerText()), { message: 'the demo repository on the card' });
    await vsc.screenshot('remote-demo-confirmation');
    await confirm.getByRole('button', { name: 'Start' }).click();

    await waitFor(async () => /GitHub Actions: .*\(\d+\/\d+\)/.test(await frame.locator('body').innerText()), { message: 'a step of the run on the card', timeout: 60_000 });
    await vsc.screenshot('remote-demo-progress');

    const task = await waitFor(async () => (await vsc.readBoard()).tasks.find((t) => t.title === TASK && t.prUrl), { message: 'the pull request on the task', timeout: 120_000 });
    assert.equal(task.agentStatus, 'done');
    assert.match(task.prUrl, /\/html\/viban-demo\/wc-top\/pull\/1$/);
    assert.match(task.worktree.branch, /^viban\/demo4-ignore-case/);
    // The runner's commit reached the local "github.com" and was fetched for Changes.
    assert.match(execFileSync('git', ['show', '--stat', '--format=%s', task.worktree.branch], { cwd: workspace, encoding: 'utf8' }), /DEMO-NOTES\.md/);
    const page = await (await fetch(task.prUrl)).text();
    assert.match(page, /Ignore case when counting words/, 'the PR link opens a page');

    await board.showBoard();
    await board.waitForCard(TASK, 'In Review', { timeout: 20_000 });
    const card = await board.card(TASK);
    const link = card.locator('a.card-pr');
    await waitFor(() => link.count(), { message: 'the PR link on the card', timeout: 20_000 });
    await vsc.screenshot('remote-demo-done-card');
    await card.click();
    await waitFor(async () => /the plan is in/.test(await frame.locator('body').innerText()), { message: 'the replayed Demo agent log in the task', timeout: 30_000 });
    await vsc.screenshot('remote-demo-replayed-log');
  });
});
