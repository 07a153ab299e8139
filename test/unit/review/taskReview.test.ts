// The review loop end to end in the core: a board task, the real `claude` CLI (against the scripted
// server) working in the task's own git worktree, the changed-file list, squash merge into main,
// a conflict, a pull request through a stand-in `gh`, and discard — all on real repositories.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createExecutorRegistry } from '../../../src/executors/builtins';
import { FolderRuntime } from '../../../src/app/folderRuntime';
import { Redactor } from '../../../src/secrets/redactor';
import { CLAUDE_BIN } from '../../support/claudeHarness';
import { FAKE_PR_URL, writeFakeGh } from '../../support/fakeGh';
import { startScriptedAnthropicServer, text, toolUse, type ScriptedAnthropicServer } from '../../support/scriptedAnthropicServer';

const git = (dir: string, ...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' });

describe('review loop: an agent in a task worktree, then merge, PR or discard (real git, real claude)', function () {
  this.timeout(120_000);
  let sandbox: string;
  let repo: string;
  let server: ScriptedAnthropicServer;
  let runtime: FolderRuntime;
  let env: Record<string, string | undefined>;

  beforeEach(async () => {
    sandbox = realpathSync(mkdtempSync(join(tmpdir(), 'viban-review-')));
    repo = join(sandbox, 'repo');
    execFileSync('git', ['init', '-q', '-b', 'main', repo]);
    git(repo, 'config', 'user.name', 'Test');
    git(repo, 'config', 'user.email', 'test@example.invalid');
    writeFileSync(join(repo, 'app.txt'), 'version 1\n');
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'initial');
    server = await startScriptedAnthropicServer();
    const home = join(sandbox, 'home');
    env = { ...server.env(home), GIT_AUTHOR_NAME: 'Agent', GIT_AUTHOR_EMAIL: 'agent@example.invalid', GIT_COMMITTER_NAME: 'Agent', GIT_COMMITTER_EMAIL: 'agent@example.invalid' };
    const registry = createExecutorRegistry({ paths: () => ({ 'claude-code': CLAUDE_BIN }), idleTimeoutMinutes: () => undefined });
    runtime = await FolderRuntime.open(repo, registry, new Redactor(), {
      env: env as Record<string, string>,
      flow: () => ({ runStarted: 'in-progress', runSucceeded: 'in-review' }),
      review: { acceptedColumn: () => 'done', env },
    });
  });
  afterEach(async () => {
    await runtime.dispose();
    await server.close();
    rmSync(sandbox, { recursive: true, force: true });
  });

  /** Runs the real claude in the task's worktree; it rewrites app.txt and adds NOTES.md. */
  async function agentWorksInWorktree(title: string) {
    const taskId = await runtime.board.createTask({ title });
    const { cwd, worktree } = await runtime.review.prepareRun(taskId, 'worktree');
    assert.ok(worktree && !cwd.startsWith(repo + '/'), `the worktree ${cwd} lives outside the workspace`);
    server.push(
      { blocks: [text('Updating the app.'), toolUse('Write', { file_path: join(cwd, 'app.txt'), content: 'version 2\n' })] },
      { blocks: [toolUse('Write', { file_path: join(cwd, 'NOTES.md'), content: '# Notes\n\n- bumped to version 2\n' })] },
      { blocks: [text('Bumped the app to version 2 and wrote notes.')] },
    );
    const meta = await runtime.sessions.start({ taskId, executorId: 'claude-code', permissionMode: 'auto-edit', cwd, worktree });
    const done = await runtime.sessions.wait(meta.id);
    assert.equal(done.status, 'succeeded', done.error);
    return { taskId, worktree: worktree! };
  }

  it('runs in its own worktree, lists the changes, squash-merges into main and moves the card to Done', async () => {
    git(repo, 'checkout', '-q', 'main');
    writeFileSync(join(repo, 'scratch.txt'), 'the user is still typing here\n'); // never touched
    const { taskId, worktree } = await agentWorksInWorktree('Bump the version');
    assert.match(worktree.branch, /^viban\/[a-z0-9]+-bump-the-version$/);
    assert.equal(readFileSync(join(repo, 'app.txt'), 'utf8'), 'version 1\n', 'the main checkout is untouched while the agent works');
    assert.equal(runtime.board.current.board.tasks[0].columnId, 'in-review');

    const review = await runtime.review.review(taskId);
    assert.equal(review.mode, 'worktree');
    assert.deepEqual(review.files.map((f) => [f.path, f.status, f.insertions, f.deletions]), [
      ['NOTES.md', 'added', 3, 0],
      ['app.txt', 'modified', 1, 1],
    ]);
    assert.deepEqual(review.summary, { files: 2, insertions: 4, deletions: 1 });
    assert.match(review.proposedMessage, /^Bump the version\n\nBumped the app to version 2 and wrote notes\./);
    assert.deepEqual(runtime.board.current.board.tasks[0].changes, { files: 2, insertions: 4, deletions: 1 });

    const before = git(repo, 'rev-list', '--count', 'HEAD').trim();
    const accepted = await runtime.review.accept(taskId, 'squash', review.proposedMessage);
    assert.equal(accepted.ok, true, accepted.message);
    assert.equal(git(repo, 'rev-list', '--count', 'HEAD').trim(), String(Number(before) + 1), 'one squashed commit on main');
    assert.match(git(repo, 'log', '-1', '--format=%B'), /^Bump the version/);
    assert.equal(readFileSync(join(repo, 'app.txt'), 'utf8'), 'version 2\n');
    assert.equal(readFileSync(join(repo, 'scratch.txt'), 'utf8'), 'the user is still typing here\n');
    assert.equal(existsSync(worktree.path), false, 'the worktree is removed');
    assert.equal(git(repo, 'branch', '--list', worktree.branch).trim(), '', 'the merged branch is deleted');
    const task = runtime.board.current.board.tasks[0];
    assert.equal(task.columnId, 'done');
    assert.equal(task.worktree, undefined);
    writeFileSync(join(repo, 'mine.txt'), 'the user\'s own edit\n');
    assert.deepEqual((await runtime.review.review(taskId)).files, [], 'after the merge, the folder\'s own edits are not the task\'s');
  });

  it('stops on a merge conflict, names the file, and leaves main exactly as it was', async () => {
    const { taskId } = await agentWorksInWorktree('Bump the version');
    writeFileSync(join(repo, 'app.txt'), 'version 1.5 from main\n');
    git(repo, 'commit', '-q', '-am', 'main moved on');
    const head = git(repo, 'rev-parse', 'HEAD');
    const result = await runtime.review.accept(taskId, 'squash', 'Bump the version');
    assert.equal(result.ok, false);
    assert.ok(!result.ok && result.conflictFiles?.includes('app.txt'), result.message);
    assert.match(result.message, /conflicts in app\.txt[\s\S]*Nothing was merged/);
    assert.equal(git(repo, 'rev-parse', 'HEAD'), head);
    assert.equal(git(repo, 'status', '--porcelain', '--untracked-files=no'), '');
    assert.match(runtime.board.current.board.tasks[0].needsReview ?? '', /Merge conflict in app\.txt/);
  });

  it('pushes the branch and opens a pull request with gh; the URL is stored on the task', async () => {
    const remote = join(sandbox, 'origin.git');
    execFileSync('git', ['init', '-q', '--bare', remote]);
    git(repo, 'remote', 'add', 'origin', remote);
    const gh = writeFakeGh(sandbox, 'logged-in');
    Object.assign(env, { PATH: gh.env.PATH });
    const { taskId, worktree } = await agentWorksInWorktree('Bump the version');
    const result = await runtime.review.accept(taskId, 'pr', 'Bump the version\n\nDetails for reviewers.');
    assert.equal(result.ok, true, result.message);
    assert.equal(result.ok && result.prUrl, FAKE_PR_URL);
    assert.equal(runtime.board.current.board.tasks[0].prUrl, FAKE_PR_URL);
    assert.equal(runtime.board.current.board.tasks[0].columnId, 'in-review', 'the card waits in review until the pull request is merged');
    assert.match(git(remote, 'branch', '--list'), new RegExp(worktree.branch.replace(/\//g, '\\/')));
    const create = gh.calls().find((c) => c.argv[0] === 'pr' && c.argv[1] === 'create')!;
    assert.ok(create.argv.includes('--base') && create.argv.includes('main'), create.argv.join(' '));
    assert.ok(create.argv.includes('--head') && create.argv.includes(worktree.branch), create.argv.join(' '));
  });

  it('discard refuses unmerged work until forced, then removes the worktree and branch', async () => {
    const { taskId, worktree } = await agentWorksInWorktree('Try an idea');
    git(worktree.path, 'add', '-A');
    git(worktree.path, 'commit', '-q', '-m', 'wip');
    const refused = await runtime.review.discard(taskId);
    assert.equal(refused.ok, false);
    assert.equal(refused.needsForce, true, refused.message);
    assert.equal(existsSync(worktree.path), true);
    const forced = await runtime.review.discard(taskId, true);
    assert.equal(forced.ok, true, forced.message);
    assert.equal(existsSync(worktree.path), false);
    assert.equal(git(repo, 'branch', '--list', worktree.branch).trim(), '');
    assert.equal(runtime.board.current.board.tasks[0].worktree, undefined);
  });

  it('in place: lists the changes against HEAD and commits them without the board\'s own .viban store', async () => {
    const taskId = await runtime.board.createTask({ title: 'Edit in place' });
    const { cwd } = await runtime.review.prepareRun(taskId, 'workspace');
    server.push({ blocks: [toolUse('Write', { file_path: join(cwd, 'app.txt'), content: 'version 3\n' })] }, { blocks: [text('Done in place.')] });
    const meta = await runtime.sessions.start({ taskId, executorId: 'claude-code', permissionMode: 'auto-edit', cwd });
    assert.equal((await runtime.sessions.wait(meta.id)).status, 'succeeded');
    const review = await runtime.review.review(taskId);
    assert.equal(review.mode, 'workspace');
    assert.deepEqual(review.files.map((f) => f.path), ['app.txt']);
    const result = await runtime.review.accept(taskId, 'commit', 'Edit in place');
    assert.equal(result.ok, true, result.message);
    assert.equal(git(repo, 'show', '--name-only', '--format=', 'HEAD').trim(), 'app.txt');
    assert.match(git(repo, 'status', '--porcelain'), /\.viban\//, 'the store stays uncommitted');
  });

  it('in a folder that is not a git repository, runs in place and says why isolation is not offered', async () => {
    const plain = join(sandbox, 'plain');
    execFileSync('mkdir', ['-p', plain]);
    const other = await FolderRuntime.open(plain, createExecutorRegistry({ paths: () => ({}), idleTimeoutMinutes: () => undefined }), new Redactor());
    try {
      const context = await other.review.gitContext();
      assert.equal(context.isRepo, false);
      assert.match(context.explanation ?? '', /not a git repository/);
      const taskId = await other.board.createTask({ title: 'x' });
      assert.deepEqual(await other.review.prepareRun(taskId, 'workspace'), { cwd: plain });
      await assert.rejects(other.review.prepareRun(taskId, 'worktree'), /not a git repository/);
    } finally {
      await other.dispose();
    }
  });
});
