// The review loop from a terminal: `viban run --worktree` with the REAL Claude Code CLI (against
// the scripted Anthropic server) writing files in the task's own worktree, then `viban diff`,
// `accept` (squash, conflict, pull request through a stand-in gh) and `discard`, in real git
// repositories with a local bare remote.
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, readFileSync, readdirSync, realpathSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { shortTaskId, slugify } from '../../../src/git/naming';
import { startScriptedAnthropicServer, text, toolUse, type ScriptedAnthropicServer } from '../../support/scriptedAnthropicServer';
import { FAKE_PR_URL, writeFakeGh } from '../../support/fakeGh';
import { commitFile, git, head, initRepo, status } from '../git/gitFixtures';
import { CLAUDE_BIN, lastLine, listSessions, readBoard, runCli, writeSettings } from './cliHarness';

interface World {
  root: string;
  repo: string;
  server: ScriptedAnthropicServer;
  env: Record<string, string>;
}

describe('viban review loop: run --worktree, diff, accept, discard (real Claude Code, real git)', function () {
  this.timeout(60000);
  let world: World | undefined;
  afterEach(async () => {
    await world?.server.close();
    if (world) rmSync(world.root, { recursive: true, force: true });
    world = undefined;
  });

  async function setup(): Promise<World> {
    const root = realpathSync(mkdtempSync(join(tmpdir(), 'viban-review-')));
    const repo = initRepo(join(root, 'widgets'), { 'README.md': '# widgets\n', 'notes.txt': 'first line\n' });
    const home = join(root, 'home');
    mkdirSync(home);
    const server = await startScriptedAnthropicServer();
    writeSettings(repo, { executors: { paths: { 'claude-code': CLAUDE_BIN } } });
    return (world = { root, repo, server, env: server.env(home) });
  }

  async function addTask(w: World, title: string): Promise<string> {
    const r = await runCli(['add', title, '-w', w.repo]);
    assert.equal(r.code, 0, r.stderr);
    return lastLine(r.stdout);
  }

  /** Where Viban puts the task's worktree: beside the repository, never inside it. */
  const worktreeOf = (w: World, taskId: string, title: string) => join(w.root, '.viban-worktrees', 'widgets', `${shortTaskId(taskId)}-${slugify(title)}`);
  const branches = (repo: string) => git(repo, 'for-each-ref', '--format=%(refname:short)', 'refs/heads/').trim().split('\n');
  const taskOf = (w: World, id: string) => readBoard(w.repo).tasks.find((t) => t.id === id)!;

  /** Runs the task in its worktree; the agent writes `file` (relative) with `content`. */
  async function runWriting(w: World, taskId: string, wt: string, file: string, content: string, extra: string[] = []) {
    w.server.push(
      { blocks: [text(`Writing ${file}.`), toolUse('Write', { file_path: join(wt, file), content })] },
      { blocks: [text(`Done: ${file} is written.`)] },
    );
    const r = await runCli(['run', taskId, '--worktree', '--mode', 'auto-edit', ...extra, '-w', w.repo], { env: w.env });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    return r;
  }

  it('runs in its own worktree and branch, shows the diff, and squash-accepts into main (worktree and branch removed, card in Done)', async () => {
    const w = await setup();
    const title = 'Create hello.txt';
    const id = await addTask(w, title);
    const wt = worktreeOf(w, id, title);
    const branch = `viban/${shortTaskId(id)}-create-hello-txt`;
    const mainHead = head(w.repo);

    const run = await runWriting(w, id, wt, 'hello.txt', 'hello\nworld\n');
    assert.ok(run.stdout.includes(`Worktree ${wt} · branch ${branch} (from main)\n`), run.stdout);
    assert.match(run.stdout, /^✓ Succeeded · /m);
    assert.ok(run.stdout.includes(`${branch}: 1 file changed, +2 −0 · review: viban diff ${id} · viban accept ${id} · viban discard ${id}\n`), run.stdout);
    // The agent's file is in the worktree only; the user's checkout is untouched.
    assert.equal(readFileSync(join(wt, 'hello.txt'), 'utf8'), 'hello\nworld\n');
    assert.equal(existsSync(join(w.repo, 'hello.txt')), false);
    assert.equal(head(w.repo), mainHead);
    assert.ok(branches(w.repo).includes(branch), branches(w.repo).join(','));
    assert.equal(git(wt, 'rev-parse', '--abbrev-ref', 'HEAD').trim(), branch);
    assert.deepEqual(taskOf(w, id).worktree, { path: wt, branch, base: 'main' });
    const [session] = listSessions(w.repo);
    assert.equal(session.cwd, wt, 'the agent ran in the worktree');
    assert.equal(session.status, 'succeeded');

    const diff = await runCli(['diff', id, '-w', w.repo]);
    assert.equal(diff.code, 0, diff.stderr);
    assert.equal(diff.stdout.split('\n')[0], `${title} (${id}) · ${branch} in ${wt}, against main`);
    assert.match(diff.stdout, /^ {2}A\s+hello\.txt\s+\+2 −0$/m);
    assert.match(diff.stdout, /^1 file changed, \+2 −0$/m);
    const json = JSON.parse((await runCli(['diff', id, '--json', '-w', w.repo])).stdout);
    assert.deepEqual(json.files, [{ path: 'hello.txt', status: 'added', insertions: 2, deletions: 0, binary: false }]);
    assert.deepEqual(json.summary, { files: 1, insertions: 2, deletions: 0 });
    assert.equal(json.mode, 'worktree');
    assert.equal(json.proposedMessage, `${title}\n\nDone: hello.txt is written.\n`);

    const list = await runCli(['list', '-w', w.repo]);
    assert.ok(list.stdout.includes(`[${branch} · 1 file +2 −0]`), list.stdout);
    const listed = JSON.parse((await runCli(['list', '--json', '-w', w.repo])).stdout).columns.flatMap((c: { tasks: unknown[] }) => c.tasks);
    assert.deepEqual(listed.find((t: { id: string }) => t.id === id).changes, { files: 1, insertions: 2, deletions: 0 });

    // No option: a worktree task is squash-merged with the proposed message.
    const accept = await runCli(['accept', id, '-w', w.repo]);
    assert.equal(accept.code, 0, accept.stdout + accept.stderr);
    assert.match(accept.stdout, new RegExp(`^✓ Squash-merged ${branch} into main\\. The worktree and its branch were removed\\.$`, 'm'));
    assert.match(accept.stdout, /^ {2}1 file changed, \+2 −0 · commit [0-9a-f]{7}$/m);
    assert.match(accept.stdout, /^ {2}Moved to Done\.$/m);
    assert.equal(git(w.repo, 'rev-list', '--count', `${mainHead}..main`).trim(), '1', 'one new commit on main');
    assert.equal(git(w.repo, 'rev-parse', 'HEAD^').trim(), mainHead, 'a squash: one parent, no merge commit');
    assert.equal(git(w.repo, 'log', '-1', '--format=%B').trim(), `${title}\n\nDone: hello.txt is written.`);
    assert.equal(git(w.repo, 'show', '--format=', '--name-status', 'HEAD').trim(), 'A\thello.txt');
    assert.equal(readFileSync(join(w.repo, 'hello.txt'), 'utf8'), 'hello\nworld\n');
    assert.equal(existsSync(wt), false, 'worktree folder removed');
    assert.ok(!branches(w.repo).includes(branch), 'branch deleted');
    assert.equal(status(w.repo), '?? .viban/\n', 'main is clean apart from the store');
    const task = taskOf(w, id);
    assert.equal(task.columnId, 'done');
    assert.equal(task.worktree, undefined);
    assert.equal(task.agentStatusMessage, 'Accepted');
  });

  it('a conflicting change on main: accept exits 1 naming the file, main unchanged; discard refuses unmerged work until --force', async () => {
    const w = await setup();
    const title = 'Reword the notes';
    const id = await addTask(w, title);
    const wt = worktreeOf(w, id, title);
    const notes = join(wt, 'notes.txt');
    // Claude Code writes an existing file only after reading it.
    w.server.push(
      { blocks: [toolUse('Read', { file_path: notes })] },
      { blocks: [toolUse('Write', { file_path: notes, content: 'first line, by the agent\n' })] },
      { blocks: [text('Reworded the first line.')] },
    );
    const run = await runCli(['run', id, '--worktree', '--mode', 'auto-edit', '-w', w.repo], { env: w.env });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.equal(readFileSync(notes, 'utf8'), 'first line, by the agent\n');
    const branch = taskOf(w, id).worktree!.branch;

    // Meanwhile someone changes the same line on main.
    const mainHead = commitFile(w.repo, 'notes.txt', 'first line, by a person\n');
    const mainStatus = status(w.repo);

    const accept = await runCli(['accept', id, '--squash', '-w', w.repo]);
    assert.equal(accept.code, 1, accept.stdout + accept.stderr);
    const [said, hint] = accept.stderr.split('\n');
    assert.equal(said, `viban: Merging ${branch} into main conflicts in notes.txt. Nothing was merged.`);
    assert.equal(hint, `To resolve: merge main into the task branch in ${wt} (git -C ${wt} merge main), fix the files, commit, then accept again.`);
    assert.equal(accept.stdout, '');
    assert.equal(head(w.repo), mainHead, 'main HEAD unchanged');
    assert.equal(status(w.repo), mainStatus, 'main status unchanged');
    assert.equal(readFileSync(join(w.repo, 'notes.txt'), 'utf8'), 'first line, by a person\n');
    assert.equal(taskOf(w, id).needsReview, 'Merge conflict in notes.txt');
    assert.match((await runCli(['list', '-w', w.repo])).stdout, /needs review: Merge conflict in notes\.txt\]/);

    // accept committed the agent's work on the branch: discarding it now would lose a commit.
    const refused = await runCli(['discard', id, '-w', w.repo]);
    assert.equal(refused.code, 1);
    assert.equal(refused.stderr, `viban: not discarded: branch ${branch} has 1 commit not merged into main; pass --force to discard it anyway (that work is lost)\n`);
    assert.ok(existsSync(wt));
    assert.ok(branches(w.repo).includes(branch));
    assert.ok(taskOf(w, id).worktree);

    const forced = await runCli(['discard', id, '--force', '-w', w.repo]);
    assert.equal(forced.code, 0, forced.stderr);
    assert.equal(forced.stdout, `Removed the worktree ${wt} and the branch ${branch}.\n`);
    assert.equal(existsSync(wt), false);
    assert.ok(!branches(w.repo).includes(branch));
    assert.equal(taskOf(w, id).worktree, undefined);
    assert.equal(head(w.repo), mainHead);
  });

  it('accept --pr: without gh the branch is pushed and kept (exit 1); with gh the pull request is opened and its URL stored', async () => {
    const w = await setup();
    const remote = join(w.root, 'remote.git');
    git(w.root, 'init', '-q', '--bare', '-b', 'main', remote);
    git(w.repo, 'remote', 'add', 'origin', remote);
    git(w.repo, 'push', '-q', 'origin', 'main');
    const title = 'Add greeting';
    const id = await addTask(w, title);
    const wt = worktreeOf(w, id, title);
    await runWriting(w, id, wt, 'greet.txt', 'hi\n', ['--base', 'main']);
    const branch = taskOf(w, id).worktree!.branch;

    // A PATH without any gh on it (this machine may or may not have one).
    const noGhPath = (process.env.PATH ?? '').split(delimiter).filter((d) => d && !safeList(d).includes('gh')).join(delimiter);
    const missing = await runCli(['accept', id, '--pr', '-w', w.repo], { env: { PATH: noGhPath } });
    assert.equal(missing.code, 1, missing.stdout + missing.stderr);
    assert.ok(missing.stderr.startsWith(`viban: Pushed ${branch} to origin. The GitHub CLI (gh) is not installed; install it from https://cli.github.com and run \`gh auth login\``), missing.stderr);
    assert.ok(missing.stderr.includes(`The branch ${branch} and its worktree ${wt} are kept; run \`viban accept ${id} --pr\` again once that is fixed.`), missing.stderr);
    assert.ok(branches(w.repo).includes(branch));
    assert.ok(existsSync(join(wt, 'greet.txt')));
    assert.equal(taskOf(w, id).prUrl, undefined);
    assert.notEqual(taskOf(w, id).columnId, 'done');

    const gh = writeFakeGh(w.root, 'logged-in');
    const opened = await runCli(['accept', id, '--pr', '-w', w.repo], { env: { PATH: gh.env.PATH } });
    assert.equal(opened.code, 0, opened.stdout + opened.stderr);
    assert.match(opened.stdout, new RegExp(`^✓ Pull request opened: ${FAKE_PR_URL}$`, 'm'));
    const create = gh.calls().find((c) => c.argv[0] === 'pr')!;
    assert.deepEqual(create.argv, ['pr', 'create', '--base', 'main', '--head', branch, '--title', title, '--body-file', '-']);
    assert.equal(create.stdin, `${title}\n\nDone: greet.txt is written.\n`);
    assert.equal(git(remote, 'rev-parse', branch).trim(), head(wt), 'the branch is on origin');
    assert.equal(git(remote, 'show', `${branch}:greet.txt`), 'hi\n');
    const task = taskOf(w, id);
    assert.equal(task.prUrl, FAKE_PR_URL);
    assert.ok(task.worktree, 'the worktree stays while the pull request is open');
    assert.ok((await runCli(['list', '-w', w.repo])).stdout.includes(`[${branch} · 1 file +1 −0 · PR ${FAKE_PR_URL}]`));
  });
});

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
