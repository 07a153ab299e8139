import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { commitAll } from '../../../src/git/commit';
import { detectGh, pushAndOpenPullRequest } from '../../../src/git/pullRequest';
import { createTaskWorktree, type TaskWorktree } from '../../../src/git/worktrees';
import { FAKE_PR_URL, writeFakeGh } from '../../support/fakeGh';
import { git, head, initRepo, makeSandbox, removeSandbox, write } from './gitFixtures';

describe('git/pullRequest', () => {
  let root: string;
  let repo: string;
  let remote: string;
  let wt: TaskWorktree;

  beforeEach(async () => {
    root = makeSandbox();
    repo = initRepo(path.join(root, 'widgets'));
    remote = path.join(root, 'remote.git');
    git(root, 'init', '-q', '--bare', '-b', 'main', remote);
    git(repo, 'remote', 'add', 'origin', remote);
    git(repo, 'push', '-q', 'origin', 'main');
    wt = await createTaskWorktree({ repo, taskId: 't_aaaa', title: 'Add greeting' });
    write(wt.path, 'greet.ts', 'export const hi = 1;\n');
    const c = await commitAll({ worktree: wt.path, message: 'Add greeting' });
    assert.ok(c.committed);
  });
  afterEach(() => removeSandbox(root));

  const remoteHas = (branch: string) => git(remote, 'branch', '--list', branch).trim() !== '';

  it('detects gh: installed and logged in, logged out, missing', async () => {
    const inFake = writeFakeGh(path.join(root, 'in'), 'logged-in');
    assert.deepEqual(await detectGh({ env: inFake.env }), { installed: true, loggedIn: true, version: '2.99.0' });
    assert.deepEqual(inFake.calls().map((c) => c.argv), [['--version'], ['auth', 'status']]);

    const outFake = writeFakeGh(path.join(root, 'out'), 'logged-out');
    const out = await detectGh({ ghPath: outFake.ghPath });
    assert.equal(out.installed, true);
    assert.equal(out.loggedIn, false);
    assert.match(out.reason!, /not logged in; run `gh auth login`/);

    const missing = await detectGh({ ghPath: path.join(root, 'nowhere', 'gh') });
    assert.deepEqual(missing, {
      installed: false,
      loggedIn: false,
      reason: 'The GitHub CLI (gh) is not installed; install it from https://cli.github.com and run `gh auth login` to open pull requests from Viban.',
    });
  });

  it('pushes the branch (no force) and opens a pull request with gh', async () => {
    const gh = writeFakeGh(root, 'logged-in');
    const body = 'The agent added a greeting.\n\n- greet.ts\n';
    const r = await pushAndOpenPullRequest({ worktree: wt.path, branch: wt.branch, base: 'main', title: 'Add greeting', body, env: gh.env });
    assert.deepEqual(r, { status: 'opened', pushed: true, url: FAKE_PR_URL, alreadyExisted: false, remote: 'origin', branch: wt.branch });
    assert.ok(remoteHas(wt.branch));
    assert.equal(git(remote, 'rev-parse', wt.branch).trim(), head(wt.path));
    assert.equal(git(wt.path, 'rev-parse', '--abbrev-ref', '@{upstream}').trim(), `origin/${wt.branch}`);
    const create = gh.calls().find((c) => c.argv[0] === 'pr')!;
    assert.deepEqual(create.argv, ['pr', 'create', '--base', 'main', '--head', wt.branch, '--title', 'Add greeting', '--body-file', '-']);
    assert.equal(create.stdin, body);
    assert.equal(create.cwd, wt.path);
  });

  it('returns the existing pull request when gh says there already is one', async () => {
    const gh = writeFakeGh(root, 'pr-exists');
    const r = await pushAndOpenPullRequest({ worktree: wt.path, branch: wt.branch, base: 'main', title: 't', body: 'b', env: gh.env });
    assert.ok(r.status === 'opened');
    assert.equal(r.url, FAKE_PR_URL);
    assert.equal(r.alreadyExisted, true);
  });

  it('without gh: pushes, keeps the branch and says how to open the pull request', async () => {
    const r = await pushAndOpenPullRequest({ worktree: wt.path, branch: wt.branch, base: 'main', title: 't', body: 'b', ghPath: path.join(root, 'nowhere', 'gh') });
    assert.ok(r.status === 'pushed-only');
    assert.equal(r.reason, 'gh-missing');
    assert.match(r.message, new RegExp(`^Pushed ${wt.branch} to origin\\. The GitHub CLI \\(gh\\) is not installed`));
    assert.ok(remoteHas(wt.branch));
    assert.ok(git(repo, 'branch', '--list', wt.branch).trim(), 'the local branch stays');
  });

  it('with gh logged out: pushes and asks to log in, without calling pr create', async () => {
    const gh = writeFakeGh(root, 'logged-out');
    const r = await pushAndOpenPullRequest({ worktree: wt.path, branch: wt.branch, base: 'main', title: 't', body: 'b', env: gh.env });
    assert.ok(r.status === 'pushed-only');
    assert.equal(r.reason, 'gh-logged-out');
    assert.match(r.message, /run `gh auth login`/);
    assert.ok(!gh.calls().some((c) => c.argv[0] === 'pr'));
    assert.ok(remoteHas(wt.branch));
  });

  it('refuses without a remote, without commits, and never force-pushes over a moved remote branch', async () => {
    const gh = writeFakeGh(root, 'logged-in');
    const noRemote = await pushAndOpenPullRequest({ worktree: wt.path, branch: wt.branch, base: 'main', title: 't', body: 'b', remote: 'upstream', env: gh.env });
    assert.ok(noRemote.status === 'refused');
    assert.equal(noRemote.reason, 'no-remote');
    assert.match(noRemote.message, /no remote "upstream"/);

    const empty = await createTaskWorktree({ repo, taskId: 't_bbbb', title: 'Nothing yet' });
    const noCommits = await pushAndOpenPullRequest({ worktree: empty.path, branch: empty.branch, base: 'main', title: 't', body: 'b', env: gh.env });
    assert.ok(noCommits.status === 'refused');
    assert.equal(noCommits.reason, 'no-commits');

    // Someone else pushed to the same branch name: our push is rejected, not forced.
    const other = path.join(root, 'other-clone');
    git(root, 'clone', '-q', remote, other);
    git(other, 'config', 'user.name', 'Other');
    git(other, 'config', 'user.email', 'other@viban.invalid');
    git(other, 'checkout', '-q', '-b', wt.branch);
    write(other, 'theirs.txt', 'theirs\n');
    git(other, 'add', '-A');
    git(other, 'commit', '-q', '-m', 'theirs');
    git(other, 'push', '-q', 'origin', wt.branch);
    const theirTip = git(remote, 'rev-parse', wt.branch).trim();
    const rejected = await pushAndOpenPullRequest({ worktree: wt.path, branch: wt.branch, base: 'main', title: 't', body: 'b', env: gh.env });
    assert.ok(rejected.status === 'refused');
    assert.equal(rejected.reason, 'push-failed');
    assert.match(rejected.message, /rejected/);
    assert.equal(git(remote, 'rev-parse', wt.branch).trim(), theirTip);
    assert.ok(!gh.calls().some((c) => c.argv[0] === 'pr'));
  });

  it('never repeats a token from the remote URL in its message', async () => {
    git(repo, 'remote', 'add', 'tokened', 'https://octo:ghp_s3cretT0ken123@127.0.0.1:9/acme/widgets.git');
    const r = await pushAndOpenPullRequest({ worktree: wt.path, branch: wt.branch, base: 'main', title: 't', body: 'b', remote: 'tokened', ghPath: path.join(root, 'nowhere', 'gh') });
    assert.ok(r.status === 'refused');
    assert.equal(r.reason, 'push-failed');
    assert.match(r.message, /^Could not push .* to tokened: /);
    assert.ok(!r.message.includes('s3cret'), r.message);
  });
});
