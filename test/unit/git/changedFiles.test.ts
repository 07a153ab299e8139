import { strict as assert } from 'node:assert';
import { rmSync, renameSync } from 'node:fs';
import * as path from 'node:path';
import { changedFiles, fileAtBase } from '../../../src/git/changedFiles';
import { createTaskWorktree } from '../../../src/git/worktrees';
import { commitFile, git, initRepo, lines, makeSandbox, removeSandbox, status, write } from './gitFixtures';

describe('git/changedFiles', () => {
  let root: string;
  let repo: string;
  beforeEach(() => {
    root = makeSandbox();
    repo = initRepo(path.join(root, 'widgets'), {
      'src/keep.ts': lines(10),
      'src/edit.ts': lines(10),
      'src/gone.ts': lines(4, 'obsolete'),
      'src/old-name.ts': lines(30, 'stable content'),
      '.gitignore': 'dist/\n',
    });
  });
  afterEach(() => removeSandbox(root));

  it('lists committed, staged, unstaged and untracked changes against the base, with line counts', async () => {
    const wt = await createTaskWorktree({ repo, taskId: 't_aaaa', title: 'Change things' });
    // Committed by the agent:
    commitFile(wt.path, 'src/committed.ts', lines(3));
    // Modified, not staged: 2 lines replaced, 1 added.
    write(wt.path, 'src/edit.ts', lines(10).replace('line 2\n', 'LINE 2\n').replace('line 5\n', 'LINE 5\n') + 'line 11\n');
    // Deleted, staged:
    git(wt.path, 'rm', '-q', 'src/gone.ts');
    // Renamed with the shell, not git (untracked new name + missing old name):
    renameSync(path.join(wt.path, 'src/old-name.ts'), path.join(wt.path, 'src/new-name.ts'));
    // Untracked (a name git would quote without -z), and an ignored build output that must not count:
    write(wt.path, 'docs/naïve notes.md', lines(5));
    write(wt.path, 'dist/bundle.js', lines(1000));
    const realStatus = status(wt.path);

    const r = await changedFiles({ worktree: wt.path, base: 'main' });
    const byPath = Object.fromEntries(r.files.map((f) => [f.path, f]));
    assert.deepEqual(Object.keys(byPath).sort(), ['docs/naïve notes.md', 'src/committed.ts', 'src/edit.ts', 'src/gone.ts', 'src/new-name.ts']);
    assert.deepEqual(byPath['src/committed.ts'], { path: 'src/committed.ts', status: 'added', insertions: 3, deletions: 0, binary: false });
    assert.deepEqual(byPath['src/edit.ts'], { path: 'src/edit.ts', status: 'modified', insertions: 3, deletions: 2, binary: false });
    assert.deepEqual(byPath['src/gone.ts'], { path: 'src/gone.ts', status: 'deleted', insertions: 0, deletions: 4, binary: false });
    assert.deepEqual(byPath['src/new-name.ts'], { path: 'src/new-name.ts', status: 'renamed', oldPath: 'src/old-name.ts', insertions: 0, deletions: 0, binary: false });
    assert.deepEqual(byPath['docs/naïve notes.md'], { path: 'docs/naïve notes.md', status: 'added', insertions: 5, deletions: 0, binary: false });
    assert.deepEqual(r.summary, { files: 5, insertions: 11, deletions: 6 });
    assert.equal(r.mergeBase, git(repo, 'rev-parse', 'main').trim());
    // Looking must not change anything: the agent's index and files are as they were.
    assert.equal(status(wt.path), realStatus);
  });

  it('reports binary files as binary without line counts', async () => {
    const wt = await createTaskWorktree({ repo, taskId: 't_aaaa', title: 'Binary' });
    write(wt.path, 'assets/logo.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x01, 0xff, 0x00, 0x10]));
    const r = await changedFiles({ worktree: wt.path, base: 'main' });
    assert.deepEqual(r.files, [{ path: 'assets/logo.png', status: 'added', insertions: 0, deletions: 0, binary: true }]);
    assert.deepEqual(r.summary, { files: 1, insertions: 0, deletions: 0 });
  });

  it('measures from the merge-base, so commits on the base made later do not show up', async () => {
    const wt = await createTaskWorktree({ repo, taskId: 't_aaaa', title: 'Base moves' });
    commitFile(repo, 'src/keep.ts', lines(12), 'main moves on');
    write(wt.path, 'src/agent.ts', 'x\n');
    const r = await changedFiles({ worktree: wt.path, base: 'main' });
    assert.deepEqual(r.files.map((f) => f.path), ['src/agent.ts']);
  });

  it('is empty for an untouched worktree', async () => {
    const wt = await createTaskWorktree({ repo, taskId: 't_aaaa', title: 'Nothing' });
    const r = await changedFiles({ worktree: wt.path, base: 'main' });
    assert.deepEqual(r.files, []);
    assert.deepEqual(r.summary, { files: 0, insertions: 0, deletions: 0 });
  });

  it('gives a file\'s content at the base for the diff editor', async () => {
    const wt = await createTaskWorktree({ repo, taskId: 't_aaaa', title: 'Diff' });
    write(wt.path, 'src/edit.ts', 'changed\n');
    commitFile(repo, 'src/edit.ts', 'main changed it later\n');
    rmSync(path.join(wt.path, 'src/gone.ts'));
    write(wt.path, 'brand-new.ts', 'new\n');
    assert.equal((await fileAtBase(wt.path, 'main', 'src/edit.ts'))?.toString('utf8'), lines(10));
    assert.equal((await fileAtBase(wt.path, 'main', path.join(wt.path, 'src/gone.ts')))?.toString('utf8'), lines(4, 'obsolete'));
    assert.equal(await fileAtBase(wt.path, 'main', 'brand-new.ts'), undefined);
  });
});
