// Remote runs in a real VS Code, against the GitHub REST stand-in on 127.0.0.1: the confirmation
// card offers "Run on GitHub Actions"; Start dispatches the workflow; the card shows the run's
// steps as the stand-in moves through them; on completion the session artifact is replayed in
// the task's log, the pull request is linked on the card and the branch is fetched.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BoardView } from './boardView.mjs';
import { FIXTURE_BOARD, launchVSCode, makeWorkspace, waitFor } from './harness.mjs';
import { GitHubStandIn } from '../support/githubStandIn.ts';
import { sessionArtifact } from '../unit/remote/remoteWorld.ts';
import { stampedWorkflow } from '../../src/remote/workflowFile.ts';
import { artifactName, WORKFLOW_PATH } from '../../src/remote/workflowTemplate.ts';
import pkg from '../../package.json' with { type: 'json' };

const TASK = FIXTURE_BOARD.tasks[0].title;
const GITHUB_URL = 'https://github.com/acme/widgets.git';
const git = (dir, ...args) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' });

describe('remote runs on GitHub Actions in a real VS Code', function () {
  let vsc;
  let standIn;
  let bare;
  let board;
  let run;

  before(async function () {
    this.timeout(240_000);
    standIn = new GitHubStandIn({ tokens: { ghp_e2e_token_with_workflow: 'repo, workflow' } });
    await standIn.start();
    const workspace = await makeWorkspace({ board: FIXTURE_BOARD, name: 'remote' });
    // The workspace is a clone of "github.com/acme/widgets" (a bare repository here) with the
    // workflow committed and pushed.
    bare = path.join(mkdtempSync(path.join(os.tmpdir(), 'viban-e2e-origin-')), 'widgets.git');
    git(os.tmpdir(), 'init', '-q', '--bare', '-b', 'main', bare);
    git(workspace, 'remote', 'add', 'origin', GITHUB_URL);
    git(workspace, 'config', `url.${bare}.insteadOf`, GITHUB_URL);
    mkdirSync(path.join(workspace, '.github', 'workflows'), { recursive: true });
    writeFileSync(path.join(workspace, WORKFLOW_PATH), stampedWorkflow({ vibanVersion: pkg.version }));
    git(workspace, 'add', WORKFLOW_PATH);
    git(workspace, '-c', 'user.name=Dev', '-c', 'user.email=dev@example.invalid', 'commit', '-q', '-m', 'Viban workflow');
    git(workspace, 'push', '-q', 'origin', 'HEAD:main');
    vsc = await launchVSCode({
      name: 'remote',
      workspace,
      // code-server takes GITHUB_TOKEN for itself; the window reads VIBAN_GITHUB_TOKEN when VS Code has no session.
      env: { VIBAN_GITHUB_TOKEN: 'ghp_e2e_token_with_workflow' },
      settings: { 'viban.remote.github.apiUrl': standIn.origin, 'viban.remote.pollSeconds': 1 },
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
    await standIn?.stop();
  });

  it('offers "Run on GitHub Actions" on the confirmation card and dispatches the workflow', async function () {
    this.timeout(120_000);
    const frame = await board.showBoard();
    await (await board.card(TASK)).click();
    await frame.getByRole('button', { name: 'Run', exact: true }).first().click();
    const confirm = frame.getByRole('group', { name: 'Confirm the run' });
    await confirm.waitFor({ timeout: 15_000 });
    const remote = confirm.getByRole('radio', { name: /Run on GitHub Actions/ });
    await remote.waitFor({ timeout: 20_000 });
    await waitFor(async () => !(await remote.isDisabled()), { message: 'the GitHub Actions choice to be enabled', timeout: 20_000 });
    await remote.check();
    // The demo workspace's default agent is the offline demo one, which a runner cannot install.
    await waitFor(async () => /cannot run on GitHub Actions/.test(await confirm.innerText()), { message: 'the card to refuse an agent a runner cannot install' });
    await confirm.getByRole('button', { name: 'Change' }).click();
    const claude = confirm.getByRole('radio', { name: /Claude Code/ });
    await claude.waitFor({ timeout: 20_000 });
    await claude.check();
    await waitFor(async () => /Claude Code will work on .* on GitHub Actions/.test(await confirm.innerText()), { message: 'the sentence to say Claude Code runs on GitHub Actions' });
    assert.match(await confirm.innerText(), /acme\/widgets/);
    await vsc.screenshot('remote-confirmation');
    const dispatched = standIn.waitForDispatch();
    await confirm.getByRole('button', { name: 'Start' }).click();
    run = await Promise.race([dispatched, new Promise((_, reject) => setTimeout(() => reject(new Error(`no dispatch reached the stand-in; requests: ${JSON.stringify(standIn.requests.slice(-5))}`)), 90_000))]);
    assert.equal(run.inputs.title, TASK);
    assert.equal(run.inputs.permission_mode, 'auto-edit', 'ask becomes auto-edit on a runner');
    assert.match(run.inputs.correlation_id, /^r_[a-z0-9]+$/);
  });

  it('shows the run\'s steps on the card as they go', async function () {
    this.timeout(60_000);
    standIn.stepStarted(run, 2);
    const frame = await board.frame();
    await waitFor(async () => /GitHub Actions: Run the agent \(3\/5\)/.test(await frame.locator('body').innerText()), { message: 'the step on the card', timeout: 30_000 });
    assert.ok(await frame.getByRole('button', { name: 'Cancel on GitHub' }).isVisible(), 'a live remote run can be cancelled from the card');
    await vsc.screenshot('remote-progress');
  });

  it('on completion replays the session log, links the pull request and fetches the branch', async function () {
    this.timeout(90_000);
    const branch = `viban/e2e-${TASK.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}`.slice(0, 60);
    const clone = mkdtempSync(path.join(os.tmpdir(), 'viban-e2e-runner-'));
    git(clone, 'clone', '-q', bare, '.');
    git(clone, 'checkout', '-q', '-b', branch);
    writeFileSync(path.join(clone, 'greeting.txt'), 'hello from GitHub Actions\n');
    git(clone, 'add', '-A');
    git(clone, '-c', 'user.name=github-actions[bot]', '-c', 'user.email=bot@example.invalid', 'commit', '-q', '-m', TASK);
    git(clone, 'push', '-q', 'origin', branch);
    const prUrl = `${standIn.htmlBase}/pull/1`;
    const taskId = (await vsc.readBoard()).tasks.find((t) => t.title === TASK).id;
    standIn.addArtifact(run, artifactName(run.inputs.correlation_id), sessionArtifact(run.inputs.correlation_id, taskId, { branch, prUrl }));
    standIn.complete(run, 'success');

    const task = await waitFor(async () => (await vsc.readBoard()).tasks.find((t) => t.title === TASK && t.prUrl), { message: 'the PR on the task', timeout: 45_000 });
    assert.equal(task.prUrl, prUrl);
    assert.equal(task.agentStatus, 'done');
    assert.equal(task.worktree.branch, branch);
    await board.showBoard();
    await board.waitForCard(TASK, 'In Review', { timeout: 20_000 });
    const card = await board.card(TASK);
    const link = card.locator('a.card-pr');
    await waitFor(() => link.count(), { message: 'the PR link on the card', timeout: 10_000 });
    assert.equal(await link.getAttribute('href'), prUrl);
    await vsc.screenshot('remote-done-card');

    await card.click();
    const frame = await board.frame();
    await waitFor(async () => /I wrote greeting\.txt\./.test(await frame.locator('body').innerText()), { message: 'the replayed log in the task', timeout: 30_000 });
    await vsc.screenshot('remote-replayed-log');
  });
});
