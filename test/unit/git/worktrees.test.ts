import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { createTaskWorktree, listWorktrees, removeWorktree, WorktreeError } from '../../../src/git/worktrees';
import { commitFile, git, head, initRepo, makeSandbox, removeSandbox, status, write } from './gitFixtures';

describe('git/worktrees', () => {
  let root: string;
  let repo: string;
  beforeEach(() => {
    root = makeSandbox();
    repo = initRepo(path.join(root, 'workspace', 'widgets'), { 'src/app.ts': 'export const app = 1;\n' });
  });
  afterEach(() => removeSandbox(root));

  it('creates a viban/<id>-<slug> branch from the chosen base, outside the workspace, leaving the user\'s changes alone', async () => {
    git(repo, 'checkout', '-q', '-b', 'release');
    const releaseHead = commitFile(repo, 'CHANGELOG.md', 'release notes\n');
    git(repo, 'checkout', '-q', 'main');
    write(repo, 'src/app.ts', 'export const app = 2; // user is editing\n');
    write(repo, 'notes.txt', 'untracked user file\n');
    const statusBefore = status(repo);

    const wt = await createTaskWorktree({ repo, taskId: 't_k3j9x2m1qa', title: 'Fix the Login Bug!', baseBranch: 'release' });

    assert.equal(wt.branch, 'viban/k3j9x2m1qa-fix-the-login-bug');
    assert.equal(wt.baseBranch, 'release');
    assert.equal(wt.baseCommit, releaseHead);
    assert.equal(wt.path, path.join(root, 'workspace', '.viban-worktrees', 'widgets', 'k3j9x2m1qa-fix-the-login-bug'));
    assert.ok(path.relative(repo, wt.path).startsWith('..' + path.sep), 'the worktree must be outside the workspace');
    assert.equal(git(wt.path, 'rev-parse', '--abbrev-ref', 'HEAD').trim(), wt.branch);
    assert.equal(head(wt.path), releaseHead);
    assert.equal(readFileSync(path.join(wt.path, 'CHANGELOG.md'), 'utf8'), 'release notes\n');
    assert.equal(readFileSync(path.join(wt.path, 'src/app.ts'), 'utf8'), 'export const app = 1;\n');
    // The main worktree: same branch, same uncommitted edit, same untracked file, nothing new.
    assert.equal(git(repo, 'rev-parse', '--abbrev-ref', 'HEAD').trim(), 'main');
    assert.equal(status(repo), statusBefore);
    assert.equal(readFileSync(path.join(repo, 'src/app.ts'), 'utf8'), 'export const app = 2; // user is editing\n');
    // The branch does not track the local base: `push -u` sets its upstream later.
    assert.equal(git(repo, 'config', '--default', '', 'branch.viban/k3j9x2m1qa-fix-the-login-bug.merge').trim(), '');
  });

  it('defaults to the current branch and makes names unique', async () => {
    const a = await createTaskWorktree({ repo, taskId: 't_aaaa', title: 'Same title' });
    const b = await createTaskWorktree({ repo, taskId: 't_aaaa', title: 'Same title' });
    assert.equal(a.baseBranch, 'main');
    assert.equal(a.branch, 'viban/aaaa-same-title');
    assert.equal(b.branch, 'viban/aaaa-same-title-2');
    assert.equal(path.basename(b.path), 'aaaa-same-title-2');
    assert.notEqual(a.path, b.path);
  });

  it('honours a configured location and refuses one inside the repository', async () => {
    const location = path.join(root, 'elsewhere');
    const wt = await createTaskWorktree({ repo, taskId: 't_bbbb', title: 'Elsewhere', location });
    assert.equal(wt.path, path.join(location, 'bbbb-elsewhere'));
    assert.ok(existsSync(path.join(wt.path, 'src/app.ts')));
    await assert.rejects(createTaskWorktree({ repo, taskId: 't_cccc', title: 'Inside', location: path.join(repo, '.viban', 'wt') }), (e: unknown) => {
      assert.ok(e instanceof WorktreeError);
      assert.equal(e.reason, 'location-inside-repo');
      return true;
    });
  });

  it('refuses a missing base branch, a repository without commits and a non-repository', async () => {
    await assert.rejects(createTaskWorktree({ repo, taskId: 't_x', title: 'x', baseBranch: 'nope' }), /no local branch "nope"/);
    const empty = path.join(root, 'empty');
    git(root, 'init', '-q', '-b', 'main', empty);
    await assert.rejects(createTaskWorktree({ repo: empty, taskId: 't_x', title: 'x' }), (e: unknown) => e instanceof WorktreeError && e.reason === 'no-commits');
    await assert.rejects(createTaskWorktree({ repo: root, taskId: 't_x', title: 'x' }), /is not a git repository, so Viban runs agents in place/);
  });

  it('lists only Viban\'s worktrees, with task id, ahead/behind and dirtiness', async () => {
    git(repo, 'worktree', 'add', '-q', '-b', 'someone-else', path.join(root, 'other-wt'));
    const a = await createTaskWorktree({ repo, taskId: 't_aaaa', title: 'First' });
    const b = await createTaskWorktree({ repo, taskId: 't_bbbb', title: 'Second' });
    commitFile(a.path, 'a.txt', 'a\n');
    commitFile(a.path, 'a2.txt', 'a2\n');
    commitFile(repo, 'main.txt', 'main moved on\n');
    write(b.path, 'wip.txt', 'uncommitted\n');

    const list = await listWorktrees(repo);
    assert.deepEqual(
      list.map((w) => ({ branch: w.branch, taskId: w.taskId, shortId: w.shortId, base: w.baseBranch, ahead: w.ahead, behind: w.behind, dirty: w.dirty, missing: w.missing })),
      [
        { branch: a.branch, taskId: 't_aaaa', shortId: 'aaaa', base: 'main', ahead: 2, behind: 1, dirty: false, missing: false },
        { branch: b.branch, taskId: 't_bbbb', shortId: 'bbbb', base: 'main', ahead: 0, behind: 1, dirty: true, missing: false },
      ],
    );
    assert.deepEqual(list.map((w) => w.path), [a.path, b.path]);
  });

  it('removes a worktree and deletes its branch when the branch is merged', async () => {
    const wt = await createTaskWorktree({ repo, taskId: 't_aaaa', title: 'Merged work' });
    commitFile(wt.path, 'feature.txt', 'done\n');
    git(repo, 'merge', '-q', '--no-ff', '-m', 'merge it', wt.branch);

    const r = await removeWorktree({ repo, path: wt.path, deleteBranch: true });
    assert.deepEqual(r, { removed: true, path: wt.path, branch: wt.branch, branchDeleted: true });
    assert.ok(!existsSync(wt.path));
    assert.equal(git(repo, 'branch', '--list', wt.branch).trim(), '');
    assert.deepEqual(await listWorktrees(repo), []);
  });

  it('counts a squash-merged branch as merged', async () => {
    const wt = await createTaskWorktree({ repo, taskId: 't_aaaa', title: 'Squashed' });
    commitFile(wt.path, 'one.txt', '1\n');
    commitFile(wt.path, 'two.txt', '2\n');
    git(repo, 'merge', '-q', '--squash', wt.branch);
    git(repo, 'commit', '-q', '-m', 'squashed');
    commitFile(repo, 'later.txt', 'main moves on\n');
    const r = await removeWorktree({ repo, path: wt.path, deleteBranch: true });
    assert.equal(r.removed, true);
    assert.equal(git(repo, 'branch', '--list', wt.branch).trim(), '');
  });

  it('refuses to delete a branch with unmerged commits unless forced', async () => {
    const wt = await createTaskWorktree({ repo, taskId: 't_aaaa', title: 'Unmerged' });
    commitFile(wt.path, 'x.txt', 'x\n');
    commitFile(wt.path, 'y.txt', 'y\n');
    const tip = head(wt.path);

    const refused = await removeWorktree({ repo, path: wt.path, deleteBranch: true });
    assert.equal(refused.removed, false);
    assert.ok(!refused.removed);
    assert.equal(refused.reason, 'unmerged-commits');
    assert.equal(refused.commits, 2);
    assert.equal(refused.message, `branch ${wt.branch} has 2 commits not merged into main`);
    assert.ok(existsSync(wt.path));
    assert.equal(git(repo, 'rev-parse', wt.branch).trim(), tip);

    // Keeping the branch is always allowed: the work stays reachable.
    const kept = await removeWorktree({ repo, path: wt.path, deleteBranch: false });
    assert.deepEqual(kept, { removed: true, path: wt.path, branch: wt.branch, branchDeleted: false });
    assert.ok(!existsSync(wt.path));
    assert.equal(git(repo, 'rev-parse', wt.branch).trim(), tip);
  });

  it('refuses to discard uncommitted work unless forced, then forces', async () => {
    const wt = await createTaskWorktree({ repo, taskId: 't_aaaa', title: 'Dirty' });
    commitFile(wt.path, 'x.txt', 'x\n');
    write(wt.path, 'wip.txt', 'not committed\n');
    const refused = await removeWorktree({ repo, path: wt.path, deleteBranch: true });
    assert.ok(!refused.removed);
    assert.equal(refused.reason, 'uncommitted-changes');
    assert.deepEqual(refused.files, ['wip.txt']);
    assert.ok(existsSync(path.join(wt.path, 'wip.txt')));

    const forced = await removeWorktree({ repo, path: wt.path, deleteBranch: true, force: true });
    assert.equal(forced.removed, true);
    assert.ok(!existsSync(wt.path));
    assert.equal(git(repo, 'branch', '--list', wt.branch).trim(), '');
  });

  it('cleans up a worktree whose folder was deleted by hand, and refuses unknown paths', async () => {
    const wt = await createTaskWorktree({ repo, taskId: 't_aaaa', title: 'Gone' });
    rmSync(wt.path, { recursive: true, force: true });
    const [listed] = await listWorktrees(repo);
    assert.equal(listed.missing, true);
    const r = await removeWorktree({ repo, path: wt.path, deleteBranch: true });
    assert.equal(r.removed, true);
    assert.deepEqual(await listWorktrees(repo), []);
    const unknown = await removeWorktree({ repo, path: repo, deleteBranch: true });
    assert.ok(!unknown.removed);
    assert.equal(unknown.reason, 'not-found');
  });
});
