// The review commands where no agent needs to run: the refusals (no git, no commits, no
// worktree, nothing changed, conflicting options), a task that works in place (diff against HEAD,
// accept by committing), and the help texts — all through the real `viban` process.
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, realpathSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { git, head, initRepo, write } from '../git/gitFixtures';
import { lastLine, readBoard, runCli, writeSettings } from './cliHarness';

describe('viban review commands without an agent', function () {
  this.timeout(30000);
  let root: string;
  beforeEach(() => (root = realpathSync(mkdtempSync(join(tmpdir(), 'viban-review-cmd-')))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  async function addTask(ws: string, title: string): Promise<string> {
    const r = await runCli(['add', title, '-w', ws]);
    assert.equal(r.code, 0, r.stderr);
    return lastLine(r.stdout);
  }

  it('run --worktree outside git (or before the first commit) says why isolation is unavailable and runs nothing', async () => {
    const plain = join(root, 'plain');
    mkdirSync(plain);
    const id = await addTask(plain, 'Fix login');
    const r = await runCli(['run', id, '--worktree', '--mode', 'auto-edit', '-w', plain]);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.equal(
      r.stderr,
      `viban: --worktree needs git: ${plain} is not a git repository, so the task cannot get its own worktree and branch; run \`git init\` and make a first commit, or run without --worktree to let the agent work in ${plain} itself\n`,
    );
    assert.equal(r.stdout, '');
    assert.equal(existsSync(join(plain, '.viban', 'sessions')), false, 'no session was started');
    assert.equal(readBoard(plain).tasks[0].worktree, undefined);

    git(plain, 'init', '-q', '-b', 'main');
    const empty = await runCli(['run', id, '--worktree', '--mode', 'auto-edit', '-w', plain]);
    assert.equal(empty.code, 1);
    assert.match(empty.stderr, new RegExp(`^viban: --worktree needs a first commit: ${plain} has no commits yet, so there is nothing to start the task's branch from; commit once`));

    const diff = await runCli(['diff', id, '-w', join(root, 'plain')]);
    assert.equal(diff.code, 1);
    assert.match(diff.stderr, /^viban: cannot show changes: .* has no commits yet/);
  });

  it('a task that works in place: diff against HEAD, --pr and discard refused, accept commits with the title', async function () {
    this.timeout(90000); // a dozen real `viban` processes and a real run
    const repo = initRepo(join(root, 'app'), { 'README.md': '# app\nold line\n' });
    const id = await addTask(repo, 'Tidy the readme');
    const before = head(repo);

    const nothing = await runCli(['accept', id, '-w', repo]);
    assert.equal(nothing.code, 1);
    assert.equal(nothing.stderr, `viban: nothing to accept: ${id} changed no file\n`);

    // Uncommitted edits before any run are the user's, not the task's: nothing to show yet.
    write(repo, 'README.md', '# app\nnew line\nmore\n');
    assert.match((await runCli(['diff', id, '-w', repo])).stdout, /^No changes\.$/m);
    git(repo, 'checkout', '--', 'README.md');

    // A real run in place (a custom executor from .viban/settings.json) leaves an edit and a new file.
    const agent = [
      "const fs = require('fs'), p = require('path'), ws = process.argv[1];",
      "fs.writeFileSync(p.join(ws, 'README.md'), '# app\\nnew line\\nmore\\n');",
      "fs.mkdirSync(p.join(ws, 'docs'), { recursive: true }); fs.writeFileSync(p.join(ws, 'docs', 'guide.md'), 'guide\\n');",
      "console.log('edited');",
    ].join(' ');
    writeSettings(repo, { executors: { custom: [{ id: 'editor', label: 'Editing agent', command: process.execPath, args: ['-e', agent, '{workspace}', '{prompt}'], outputFormat: 'text' }] } });
    const ran = await runCli(['run', id, '--executor', 'editor', '--mode', 'full-auto', '-w', repo]);
    assert.equal(ran.code, 0, ran.stdout + ran.stderr);
    const diff = await runCli(['diff', id, '-w', repo]);
    assert.equal(diff.code, 0, diff.stderr);
    assert.equal(diff.stdout.split('\n')[0], `Tidy the readme (${id}) · in place in ${repo}, against HEAD`);
    assert.match(diff.stdout, /^ {2}M\s+README\.md\s+\+2 −1$/m);
    assert.match(diff.stdout, /^ {2}A\s+docs\/guide\.md\s+\+1 −0$/m);
    assert.match(diff.stdout, /^2 files changed, \+3 −1$/m);
    assert.doesNotMatch(diff.stdout, /\.viban/, 'the store is not the work');
    const json = JSON.parse((await runCli(['diff', id, '--json', '-w', repo])).stdout);
    assert.equal(json.mode, 'workspace');
    assert.equal(json.against, 'HEAD');
    assert.deepEqual(json.summary, { files: 2, insertions: 3, deletions: 1 });

    const pr = await runCli(['accept', id, '--pr', '-w', repo]);
    assert.equal(pr.code, 1);
    assert.match(pr.stderr, new RegExp(`^viban: --pr needs the task's own branch, but ${id} has none: its agent works in place in ${repo}; accept it with --commit`));
    const discard = await runCli(['discard', id, '-w', repo]);
    assert.equal(discard.code, 1);
    assert.match(discard.stderr, new RegExp(`^viban: ${id} has no worktree to discard`));
    assert.equal(head(repo), before, 'refusals change nothing');

    const accept = await runCli(['accept', id, '-w', repo]);
    assert.equal(accept.code, 0, accept.stdout + accept.stderr);
    assert.match(accept.stdout, new RegExp(`^✓ Committed [0-9a-f]{7} in ${repo}\\.$`, 'm'));
    assert.match(accept.stdout, /^ {2}2 files changed, \+3 −1 · commit [0-9a-f]{7}$/m);
    assert.equal(git(repo, 'rev-parse', 'HEAD^').trim(), before);
    assert.equal(git(repo, 'log', '-1', '--format=%B').trim(), 'Tidy the readme\n\nedited', 'the title, then what the agent said it did');
    const committed = git(repo, 'show', '--format=', '--name-only', 'HEAD').trim().split('\n');
    assert.ok(committed.includes('README.md') && committed.includes('docs/guide.md'), committed.join(','));
    assert.equal(git(repo, 'show', 'HEAD:README.md'), '# app\nnew line\nmore\n');
    assert.equal(readBoard(repo).tasks[0].columnId, 'done');
  });

  it('conflicting or empty options are usage errors (exit 2) that touch nothing', async () => {
    const repo = initRepo(join(root, 'app'));
    const id = await addTask(repo, 'Anything');
    const cases: Array<[string[], RegExp]> = [
      [['accept', id, '--squash', '--pr'], /^viban: choose one of --squash, --merge, --pr, --commit \(got --squash and --pr\)$/m],
      [['accept', id, '--message', ' '], /^viban: --message is empty$/m],
      [['accept'], /^viban: missing <taskId>$/m],
      [['run', id, '--base', 'main', '--mode', 'plan'], /^viban: --base names the branch a worktree starts from; add --worktree$/m],
      [['diff', id, 'extra'], /^viban: unexpected argument "extra"/m],
      [['discard', id, '--hard'], /^viban: unknown option --hard$/m],
    ];
    for (const [args, message] of cases) {
      const r = await runCli([...args, '-w', repo]);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message, args.join(' '));
      assert.match(r.stderr, new RegExp(`Usage: viban ${args[0]}`), args.join(' '));
      assert.equal(r.stdout, '');
    }
    assert.equal(head(repo), git(repo, 'rev-parse', 'main').trim());
    assert.equal(git(repo, 'for-each-ref', '--format=%(refname:short)', 'refs/heads/').trim(), 'main', 'no branch was made');
  });

  it('help: the review commands are listed, each with its usage, options and examples', async () => {
    const general = await runCli(['--help']);
    assert.equal(general.code, 0);
    for (const c of ['diff', 'accept', 'discard']) assert.match(general.stdout, new RegExp(`^  ${c}\\s+\\S`, 'm'));
    assert.match(general.stdout, /^Review loop: `viban run <id> --worktree` works on its own branch; then `viban diff`, `viban accept` or `viban discard`\.$/m);
    const expect: Record<string, RegExp[]> = {
      run: [/--worktree\s+Work in the task's own git worktree/, /--base BRANCH\s+Branch the worktree starts from/, /^ {2}viban run t_\w+ --worktree --base main --mode auto-edit$/m],
      diff: [/^Usage: viban diff <taskId> \[--json\]$/m, /--json\s+Print/, /^ {2}viban diff t_\w+$/m],
      accept: [/^Usage: viban accept <taskId> \[--squash \| --merge \| --pr \| --commit\] \[--message TEXT\]$/m, /-m, --message TEXT\s+Commit message/, /^ {2}viban accept t_\w+ --pr$/m],
      discard: [/^Usage: viban discard <taskId> \[--force\]$/m, /-f, --force\s+Remove it even/, /^ {2}viban discard t_\w+ --force$/m],
    };
    for (const [c, patterns] of Object.entries(expect)) {
      const r = await runCli([c, '--help']);
      assert.equal(r.code, 0, c);
      for (const p of patterns) assert.match(r.stdout, p, `${c}: ${p}`);
    }
  });
});
