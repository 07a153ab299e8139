import { strict as assert } from 'node:assert';
import { CommandError, GitError, redactCredentials, runCommand, runGit } from '../../../src/git/gitRunner';
import { initRepo, makeSandbox, removeSandbox } from './gitFixtures';
import * as path from 'node:path';
import { rmSync, writeFileSync } from 'node:fs';

describe('git/gitRunner', () => {
  let root: string;
  beforeEach(() => (root = makeSandbox()));
  afterEach(() => removeSandbox(root));

  it('runs git with -C and returns its output', async () => {
    const repo = initRepo(path.join(root, 'repo'));
    const r = await runGit(repo, ['rev-parse', '--abbrev-ref', 'HEAD']);
    assert.equal(r.exitCode, 0);
    assert.equal(r.stdout.trim(), 'main');
  });

  it('fails with a GitError carrying git\'s stderr and exit code', async () => {
    const repo = initRepo(path.join(root, 'repo'));
    await assert.rejects(runGit(repo, ['checkout', 'no-such-branch']), (e: unknown) => {
      assert.ok(e instanceof GitError);
      assert.equal(e.kind, 'failed');
      assert.equal(e.exitCode, 1);
      assert.match(e.stderr, /did not match any file/);
      assert.match(e.message, /^git checkout failed \(exit 1\): error: pathspec/);
      return true;
    });
  });

  it('treats listed exit codes as answers', async () => {
    const repo = initRepo(path.join(root, 'repo'));
    const r = await runGit(repo, ['show-ref', '--verify', '--quiet', 'refs/heads/nope'], { okExitCodes: [1] });
    assert.equal(r.exitCode, 1);
  });

  it('ignores an inherited GIT_DIR, which would otherwise override -C', async () => {
    const repo = initRepo(path.join(root, 'repo'));
    const r = await runGit(repo, ['rev-parse', '--show-toplevel'], { env: { ...process.env, GIT_DIR: path.join(root, 'elsewhere') } });
    assert.equal(r.stdout.trim(), repo);
  });

  it('waits for a briefly held index.lock instead of failing', async () => {
    const repo = initRepo(path.join(root, 'repo'));
    writeFileSync(path.join(repo, 'new.txt'), 'x\n');
    const lock = path.join(repo, '.git', 'index.lock');
    writeFileSync(lock, '');
    setTimeout(() => rmSync(lock), 250);
    await runGit(repo, ['add', 'new.txt']);
    const staged = await runGit(repo, ['diff', '--cached', '--name-only']);
    assert.equal(staged.stdout.trim(), 'new.txt');
  });

  it('reports a missing executable as not-found', async () => {
    await assert.rejects(runGit(root, ['--version'], { gitPath: path.join(root, 'no-git') }), (e: unknown) => {
      assert.ok(e instanceof CommandError);
      assert.equal(e.kind, 'not-found');
      assert.match(e.message, /not installed/);
      return true;
    });
  });

  it('kills a command that outlives its timeout, and one that prints too much', async () => {
    const started = Date.now();
    await assert.rejects(runCommand(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { timeoutMs: 200 }), (e: unknown) => {
      assert.ok(e instanceof CommandError);
      assert.equal(e.kind, 'timeout');
      return true;
    });
    assert.ok(Date.now() - started < 5000);
    await assert.rejects(runCommand(process.execPath, ['-e', 'process.stdout.write("x".repeat(100000))'], { maxOutputBytes: 1000 }), (e: unknown) => {
      assert.ok(e instanceof CommandError);
      assert.equal(e.kind, 'too-much-output');
      return true;
    });
  });

  it('stops when the caller aborts', async () => {
    const ac = new AbortController();
    const run = runCommand(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { signal: ac.signal });
    setTimeout(() => ac.abort(), 100);
    await assert.rejects(run, (e: unknown) => e instanceof CommandError && e.kind === 'aborted');
  });

  it('redacts credentials in URLs and GitHub tokens', () => {
    assert.equal(redactCredentials('fatal: unable to access https://bob:s3cret@github.com/a/b.git/'), 'fatal: unable to access https://***@github.com/a/b.git/');
    assert.equal(redactCredentials('token ghp_abcdefghijklmnop1234 used'), 'token ghp_*** used');
  });
});
