import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { commitAll, commitMessageFor } from '../../../src/git/commit';
import { mergeIntoBase } from '../../../src/git/merge';
import { createTaskWorktree, type TaskWorktree } from '../../../src/git/worktrees';
import { commitFile, git, head, initRepo, makeSandbox, removeSandbox, status, write } from './gitFixtures';

describe('git/commit and git/merge', () => {
  let root: string;
  let repo: string;
  let wt: TaskWorktree;
  const read = (dir: string, file: string) => readFileSync(path.join(dir, file), 'utf8');
  const log = (dir: string, range = 'HEAD') => git(dir, 'log', '--format=%s', range).trim().split('\n');

  beforeEach(async () => {
    root = makeSandbox();
    repo = initRepo(path.join(root, 'widgets'), { 'src/app.ts': 'export const app = 1;\n', 'README.md': '# widgets\n' });
    wt = await createTaskWorktree({ repo, taskId: 't_aaaa', title: 'Add greeting' });
  });
  afterEach(() => removeSandbox(root));

  async function agentWorks(): Promise<string> {
    write(wt.path, 'src/greet.ts', 'export const greet = (n: string) => `hi ${n}`;\n');
    write(wt.path, 'src/app.ts', 'export const app = 2;\n');
    const r = await commitAll({ worktree: wt.path, message: commitMessageFor('Add greeting', 'Adds greet() and bumps app.') });
    assert.ok(r.committed);
    return r.commit;
  }

  it('commits everything in the worktree with the given message', async () => {
    write(wt.path, 'src/greet.ts', 'x\n');
    write(wt.path, 'README.md', '# widgets!\n');
    const r = await commitAll({ worktree: path.join(wt.path, 'src'), message: 'Add greeting\n\nAgent summary here.\n' });
    assert.ok(r.committed);
    assert.equal(r.commit, head(wt.path));
    assert.equal(git(wt.path, 'log', '-1', '--format=%B').trim(), 'Add greeting\n\nAgent summary here.');
    assert.equal(git(wt.path, 'show', '--name-only', '--format=', 'HEAD').trim(), 'README.md\nsrc/greet.ts');
    assert.equal(status(wt.path), '');
    assert.equal(commitMessageFor('  Add   greeting ', '  did it \n'), 'Add greeting\n\ndid it\n');
  });

  it('says when there is nothing to commit or no message', async () => {
    assert.deepEqual(await commitAll({ worktree: wt.path, message: 'x' }), { committed: false, reason: 'nothing-to-commit', message: 'There is nothing to commit: the worktree has no changes.' });
    write(wt.path, 'a.txt', 'a\n');
    const empty = await commitAll({ worktree: wt.path, message: '  \n' });
    assert.equal(empty.committed, false);
    assert.ok(!empty.committed && empty.reason === 'empty-message');
  });

  it('squash-merges into main as one new commit with the message', async () => {
    await agentWorks();
    commitFile(wt.path, 'src/more.ts', 'more\n', 'second agent commit');
    const before = head(repo);
    const r = await mergeIntoBase({ repo, worktree: wt.path, branch: wt.branch, base: 'main', message: 'Add greeting (#t_aaaa)\n\nSquashed.\n' });
    assert.equal(r.status, 'merged');
    assert.ok(r.status === 'merged');
    assert.equal(r.strategy, 'squash');
    assert.equal(r.commit, head(repo));
    assert.equal(git(repo, 'rev-parse', 'HEAD~1').trim(), before);
    assert.equal(git(repo, 'rev-list', '--count', `${before}..HEAD`).trim(), '1');
    assert.equal(git(repo, 'rev-list', '--parents', '-n1', 'HEAD').trim().split(' ').length, 2, 'a squash is not a merge commit');
    assert.equal(git(repo, 'log', '-1', '--format=%B').trim(), 'Add greeting (#t_aaaa)\n\nSquashed.');
    assert.equal(read(repo, 'src/app.ts'), 'export const app = 2;\n');
    assert.equal(read(repo, 'src/greet.ts'), 'export const greet = (n: string) => `hi ${n}`;\n');
    assert.equal(read(repo, 'src/more.ts'), 'more\n');
    assert.equal(status(repo), '');
  });

  it('merges with a merge commit when asked', async () => {
    const agentCommit = await agentWorks();
    commitFile(repo, 'CHANGELOG.md', 'main moved\n');
    const before = head(repo);
    const r = await mergeIntoBase({ repo, branch: wt.branch, base: 'main', strategy: 'merge', message: 'Merge task: Add greeting' });
    assert.ok(r.status === 'merged');
    assert.equal(r.strategy, 'merge');
    assert.deepEqual(git(repo, 'rev-list', '--parents', '-n1', 'HEAD').trim().split(' ').slice(1), [before, agentCommit]);
    assert.equal(git(repo, 'log', '-1', '--format=%s').trim(), 'Merge task: Add greeting');
    assert.equal(read(repo, 'src/greet.ts'), 'export const greet = (n: string) => `hi ${n}`;\n');
    assert.equal(read(repo, 'CHANGELOG.md'), 'main moved\n');
    assert.equal(status(repo), '');
  });

  for (const strategy of ['squash', 'merge'] as const) {
    it(`stops on a conflict (${strategy}), reports the files and leaves main exactly as it was`, async () => {
      await agentWorks();
      commitFile(repo, 'src/app.ts', 'export const app = 3; // main\n', 'main edits app');
      commitFile(repo, '.viban/board.json', '{"v":1}\n');
      write(repo, '.viban/board.json', '{"v":2}\n');
      write(repo, 'scratch.txt', 'user untracked file\n');
      const before = head(repo);
      const statusBefore = status(repo);
      const r = await mergeIntoBase({ repo, worktree: wt.path, branch: wt.branch, base: 'main', strategy, message: 'Add greeting' });
      assert.equal(r.status, 'conflict');
      assert.ok(r.status === 'conflict');
      assert.equal(r.conflict, true);
      assert.equal(r.left, false);
      assert.deepEqual(r.files, ['src/app.ts']);
      assert.match(r.message, /conflicts with main in 1 file \(src\/app\.ts\); nothing was merged/);
      assert.equal(head(repo), before);
      assert.equal(status(repo), statusBefore);
      assert.equal(read(repo, 'src/app.ts'), 'export const app = 3; // main\n');
      assert.equal(read(repo, '.viban/board.json'), '{"v":2}\n', 'the allowed local edit survives the abort');
      assert.ok(!existsSync(path.join(repo, 'src/greet.ts')), 'no half-merged files');
      assert.ok(!existsSync(path.join(repo, '.git', 'MERGE_HEAD')));
      assert.ok(!existsSync(path.join(repo, '.git', 'SQUASH_MSG')));
      assert.equal(git(repo, 'diff', '--cached', '--name-only').trim(), '');
    });
  }

  it('leaves the conflict in place for the merge editor when asked', async () => {
    await agentWorks();
    commitFile(repo, 'src/app.ts', 'export const app = 3; // main\n', 'main edits app');
    const before = head(repo);
    const r = await mergeIntoBase({ repo, branch: wt.branch, base: 'main', message: 'Add greeting\n', leaveConflicts: true });
    assert.ok(r.status === 'conflict');
    assert.equal(r.left, true);
    assert.deepEqual(r.files, ['src/app.ts']);
    assert.equal(head(repo), before, 'nothing committed');
    assert.match(read(repo, 'src/app.ts'), /^<<<<<<< HEAD\n/m);
    assert.match(status(repo), /^UU src\/app\.ts$/m);
    assert.match(status(repo), /^A  src\/greet\.ts$/m);
    assert.equal(readFileSync(path.join(repo, '.git', 'SQUASH_MSG'), 'utf8'), 'Add greeting\n');
  });

  it('refuses when main has uncommitted changes, but not for changes under .viban/', async () => {
    await agentWorks();
    write(repo, 'README.md', '# user edit in progress\n');
    const before = head(repo);
    const r = await mergeIntoBase({ repo, branch: wt.branch, base: 'main', message: 'x' });
    assert.deepEqual(r, {
      status: 'refused',
      reason: 'main-dirty',
      files: ['README.md'],
      message: 'main has uncommitted changes (1 file: README.md); commit or stash them first.',
    });
    assert.equal(head(repo), before);
    assert.equal(read(repo, 'README.md'), '# user edit in progress\n');

    git(repo, 'checkout', '-q', '--', 'README.md');
    commitFile(repo, '.viban/board.json', '{"v":1}\n');
    write(repo, '.viban/board.json', '{"v":2}\n');
    const ok = await mergeIntoBase({ repo, branch: wt.branch, base: 'main', message: 'x' });
    assert.equal(ok.status, 'merged');
    assert.equal(read(repo, '.viban/board.json'), '{"v":2}\n', 'the board edit survives');
    assert.equal(git(repo, 'show', '--name-only', '--format=', 'HEAD').trim(), 'src/app.ts\nsrc/greet.ts');
  });

  it('refuses when the main worktree is on another branch, or the task worktree has uncommitted work', async () => {
    await agentWorks();
    git(repo, 'checkout', '-q', '-b', 'feature');
    const r = await mergeIntoBase({ repo, branch: wt.branch, base: 'main', message: 'x' });
    assert.ok(r.status === 'refused');
    assert.equal(r.reason, 'main-not-on-base');
    assert.equal(r.message, `The main worktree ${repo} is on feature, not main; switch it to main to merge.`);
    assert.equal(git(repo, 'rev-parse', 'main').trim(), git(repo, 'rev-parse', 'feature').trim());

    git(repo, 'checkout', '-q', 'main');
    write(wt.path, 'late.txt', 'agent wrote this after the commit\n');
    const dirty = await mergeIntoBase({ repo, worktree: wt.path, branch: wt.branch, base: 'main', message: 'x' });
    assert.ok(dirty.status === 'refused');
    assert.equal(dirty.reason, 'worktree-dirty');
  });

  it('passes git\'s refusal on when an untracked file in main would be overwritten', async () => {
    await agentWorks();
    write(repo, 'src/greet.ts', 'the user has their own untracked greet.ts\n');
    const before = head(repo);
    const r = await mergeIntoBase({ repo, branch: wt.branch, base: 'main', message: 'x' });
    assert.ok(r.status === 'refused');
    assert.equal(r.reason, 'git-refused');
    assert.match(r.message, /untracked working tree files would be overwritten/);
    assert.equal(head(repo), before);
    assert.equal(read(repo, 'src/greet.ts'), 'the user has their own untracked greet.ts\n');
    assert.equal(git(repo, 'status', '--porcelain').trim(), '?? src/greet.ts');
  });

  it('reports up-to-date when there is nothing to merge', async () => {
    const r = await mergeIntoBase({ repo, branch: wt.branch, base: 'main', message: 'x' });
    assert.equal(r.status, 'up-to-date');
    await agentWorks();
    assert.equal((await mergeIntoBase({ repo, branch: wt.branch, base: 'main', message: 'first' })).status, 'merged');
    const after = head(repo);
    // The squashed branch still has "unmerged" commits by ancestry, but nothing new to bring.
    assert.equal((await mergeIntoBase({ repo, branch: wt.branch, base: 'main', message: 'again' })).status, 'up-to-date');
    assert.equal(head(repo), after);
    assert.deepEqual(log(repo).slice(0, 2), ['first', 'initial']);
    assert.equal(status(repo), '');
  });
});
