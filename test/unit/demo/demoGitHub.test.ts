// The demo's offline GitHub (demo/demo-github.ts), driven as a user would from the demo's terminal:
// `viban run demo-4 --remote github` dispatches to the stand-in, the pretend runner runs the
// committed workflow's job (the Demo agent as `claude`), pushes the branch to the local "github.com",
// opens the pull request and uploads the session, which the command replays. Nothing in the test
// moves the run along. Preparing the demo repository twice changes nothing the second time.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDemoWorkspace, sampleBoard } from '../../../scripts/demo-workspace.mjs';
import { DEMO_TOKEN, prepareDemoRepository, startDemoGitHub } from '../../../demo/demo-github';
import { cliBundle, runCli } from '../cli/cliHarness';

const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8' });

describe('the demo\'s offline GitHub', function () {
  this.timeout(120_000);
  let root: string;
  let github: Awaited<ReturnType<typeof startDemoGitHub>> | undefined;
  afterEach(async () => {
    await github?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('runs a demo card on "GitHub Actions" end to end: steps, pushed branch, pull request, replayed log', async () => {
    root = mkdtempSync(join(tmpdir(), 'viban-demo-github-'));
    const folder = await createDemoWorkspace(join(root, 'demo-workspace'), { board: sampleBoard() });
    github = await startDemoGitHub(folder, { vibanCli: cliBundle(), stepPauseMs: 0, agentPaceMs: 1 });
    const head = git(folder, 'rev-parse', 'HEAD');
    assert.match(git(folder, 'log', '-1', '--format=%s'), /viban remote init github/);

    const r = await runCli(['run', 'demo-4', '--remote', 'github', '--executor', 'claude-code', '--workspace', folder], {
      env: { GITHUB_TOKEN: DEMO_TOKEN, GITHUB_API_URL: github.standIn.origin, GH_TOKEN: undefined, VIBAN_REMOTE_POLL_MS: '100' },
    });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /Dispatched demo-4 to viban-demo\/wc-top/);
    // Step progress, as the follower saw it (which steps it catches depends on the poll's timing).
    assert.match(r.stdout, /GitHub Actions: [A-Z][^\n]* \(\d+\/11\)/);
    assert.match(r.stdout, /the plan is in `DEMO-NOTES\.md`/, 'the runner\'s session replayed');
    const pr = /Pull request: (\S+)/.exec(r.stdout)?.[1];
    assert.match(pr ?? '', /\/html\/viban-demo\/wc-top\/pull\/1$/);
    const branch = /Branch: (viban\/\S+)/.exec(r.stdout)?.[1];
    assert.match(branch ?? '', /^viban\/demo4-ignore-case-when-counting-words$/);

    // The runner pushed to the local "github.com", and the branch was fetched into the demo.
    const bare = join(root, 'demo-workspace-github', 'wc-top.git');
    assert.match(git(bare, 'show', '--stat', '--format=%s', branch!), /Ignore case when counting words[\s\S]*DEMO-NOTES\.md/);
    assert.equal(github.standIn.pulls[0].head, branch);
    const page = await fetch(pr!);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /Ignore case when counting words/);

    assert.deepEqual(prepareDemoRepository(folder).bare, bare);
    assert.equal(git(folder, 'rev-parse', 'HEAD'), head, 'a second start commits nothing');
  });
});
