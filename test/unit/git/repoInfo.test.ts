import { strict as assert } from 'node:assert';
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { isGitRepo, repoInfo, uncommittedFiles } from '../../../src/git/repoInfo';
import { git, head, initRepo, makeSandbox, removeSandbox, write } from './gitFixtures';

describe('git/repoInfo', () => {
  let root: string;
  beforeEach(() => (root = makeSandbox()));
  afterEach(() => removeSandbox(root));

  it('explains a folder that is not a git repository', async () => {
    const plain = path.join(root, 'plain');
    mkdirSync(plain);
    assert.equal(await isGitRepo(plain), false);
    const info = await repoInfo(plain);
    assert.equal(info.isRepo, false);
    assert.ok(!info.isRepo);
    assert.equal(info.reason, 'not-a-repo');
    assert.equal(info.explanation, `${plain} is not a git repository, so Viban runs agents in place; run \`git init\` to get isolated worktrees.`);
  });

  it('says so when the folder does not exist', async () => {
    const info = await repoInfo(path.join(root, 'missing'));
    assert.ok(!info.isRepo);
    assert.equal(info.reason, 'no-folder');
    assert.equal(await isGitRepo(path.join(root, 'missing')), false);
  });

  it('reports top level, branch, HEAD, dirtiness and the default base', async () => {
    const repo = initRepo(path.join(root, 'repo'), { 'src/a.ts': 'a\n' });
    git(repo, 'checkout', '-q', '-b', 'feature');
    const sub = path.join(repo, 'src');
    assert.equal(await isGitRepo(sub), true);
    let info = await repoInfo(sub);
    assert.ok(info.isRepo);
    assert.equal(info.topLevel, repo);
    assert.equal(info.mainWorktree, repo);
    assert.equal(info.branch, 'feature');
    assert.equal(info.head, head(repo));
    assert.equal(info.dirty, false);
    assert.equal(info.defaultBase, 'main');

    write(repo, 'untracked.txt', 'new\n');
    info = await repoInfo(repo);
    assert.ok(info.isRepo && info.dirty);
    assert.deepEqual(await uncommittedFiles(repo), ['untracked.txt']);
    assert.deepEqual(await uncommittedFiles(repo, { untracked: false }), []);
  });

  it('prefers origin\'s default branch, then master, then the current branch', async () => {
    const repo = initRepo(path.join(root, 'repo'));
    git(repo, 'branch', '-m', 'main', 'trunk');
    let info = await repoInfo(repo);
    assert.ok(info.isRepo);
    assert.equal(info.defaultBase, 'trunk');
    git(repo, 'branch', 'master');
    info = await repoInfo(repo);
    assert.ok(info.isRepo);
    assert.equal(info.defaultBase, 'master');
    git(repo, 'branch', 'develop');
    git(repo, 'update-ref', 'refs/remotes/origin/develop', 'HEAD');
    git(repo, 'symbolic-ref', 'refs/remotes/origin/HEAD', 'refs/remotes/origin/develop');
    info = await repoInfo(repo);
    assert.ok(info.isRepo);
    assert.equal(info.defaultBase, 'develop');
  });

  it('handles a repository with no commits and a detached HEAD', async () => {
    const empty = path.join(root, 'empty');
    mkdirSync(empty);
    git(empty, 'init', '-q', '-b', 'main');
    let info = await repoInfo(empty);
    assert.ok(info.isRepo);
    assert.equal(info.head, null);
    assert.equal(info.branch, 'main');
    assert.equal(info.defaultBase, null);

    const repo = initRepo(path.join(root, 'repo'));
    git(repo, 'checkout', '-q', '--detach');
    info = await repoInfo(repo);
    assert.ok(info.isRepo);
    assert.equal(info.branch, null);
    assert.equal(info.defaultBase, 'main');
  });
});
