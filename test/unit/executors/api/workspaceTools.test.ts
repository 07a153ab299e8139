// The workspace tools on a real temp folder: the path fence, bounded listing/reading/searching,
// an all-or-nothing apply_patch, and run_command's timeout, stop and process group.
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { resolveInWorkspace } from '../../../../src/executors/api/pathGuard';
import { runTool, type ToolContext } from '../../../../src/executors/api/workspaceTools';
import { tempRepo } from './apiHarness';

describe('workspace tools', () => {
  let root: string;
  let ctx: ToolContext;
  beforeEach(() => {
    root = tempRepo({ 'src/a.ts': 'export const a = 1;\nconst TODO = "fix";\n', 'src/deep/b.ts': 'todo: b\n', 'README.md': '# Title\n', 'node_modules/x/i.js': 'todo\n' });
    ctx = { root, declaredRoot: root, signal: new AbortController().signal, env: { ...process.env }, commandTimeoutMs: 5000 };
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  describe('path guard', () => {
    it('accepts paths inside, including absolute ones and files not yet created', async () => {
      assert.equal((await resolveInWorkspace(root, 'src/./deep/../a.ts')).rel, 'src/a.ts');
      assert.equal((await resolveInWorkspace(root, path.join(root, 'README.md'))).rel, 'README.md');
      assert.equal((await resolveInWorkspace(root, 'new/dir/file.txt')).abs, path.join(root, 'new/dir/file.txt'));
    });

    it('refuses traversal, absolute paths outside, symlinks out and dangling symlinks', async () => {
      symlinkSync('/etc', path.join(root, 'etc-link'));
      symlinkSync(path.join(root, 'missing-target'), path.join(root, 'dangling'));
      await assert.rejects(resolveInWorkspace(root, '../x'), /outside the workspace/);
      await assert.rejects(resolveInWorkspace(root, '/etc/passwd'), /outside the workspace/);
      await assert.rejects(resolveInWorkspace(root, 'etc-link/passwd'), /symbolic link/);
      await assert.rejects(resolveInWorkspace(root, 'dangling'), /symbolic link to a missing target/);
      await assert.rejects(resolveInWorkspace(root, ''), /path is required/);
    });
  });

  it('lists a folder, a glob at any depth, and skips node_modules', async () => {
    assert.equal((await runTool('list_files', {}, ctx)).output.split('\n').sort().join(','), '.git/,README.md,node_modules/,src/');
    const ts = await runTool('list_files', { pattern: '*.ts' }, ctx);
    assert.deepEqual(ts.output.split('\n'), ['src/a.ts', 'src/deep/b.ts']);
    const under = await runTool('list_files', { path: 'src', pattern: 'deep/*.ts' }, ctx);
    assert.equal(under.output, 'src/deep/b.ts');
  });

  it('reads a line range and says when the text is partial', async () => {
    writeFileSync(path.join(root, 'long.txt'), Array.from({ length: 3000 }, (_, i) => `line ${i + 1}`).join('\n') + '\n');
    const r = await runTool('read_file', { path: 'long.txt', start_line: 10, end_line: 12 }, ctx);
    assert.equal(r.output, 'line 10\nline 11\nline 12\n[lines 10-12 of 3000 in long.txt]');
    const whole = await runTool('read_file', { path: 'long.txt' }, ctx);
    assert.match(whole.output, /\[lines 1-2000 of 3000 in long\.txt\]$/);
    writeFileSync(path.join(root, 'bin.dat'), Buffer.from([1, 0, 2]));
    assert.deepEqual([(await runTool('read_file', { path: 'bin.dat' }, ctx)).isError, (await runTool('read_file', { path: 'nope' }, ctx)).isError], [true, true]);
  });

  it('searches plain text case-insensitively, regexes, within a glob, bounded', async () => {
    const plain = await runTool('search', { query: 'todo' }, ctx);
    assert.deepEqual(plain.output.split('\n'), ['src/a.ts:2: const TODO = "fix";', 'src/deep/b.ts:1: todo: b']);
    assert.equal((await runTool('search', { query: '^export\\s', regex: true }, ctx)).output, 'src/a.ts:1: export const a = 1;');
    assert.equal((await runTool('search', { query: 'todo', glob: 'src/deep/*.ts', case_sensitive: true }, ctx)).output, 'src/deep/b.ts:1: todo: b');
    assert.equal((await runTool('search', { query: 'todo', path: 'src', glob: 'deep/*', case_sensitive: true }, ctx)).output, 'src/deep/b.ts:1: todo: b');
    assert.equal((await runTool('search', { query: 'TODO', path: 'src/a.ts', case_sensitive: true }, ctx)).output, 'src/a.ts:2: const TODO = "fix";');
    assert.match((await runTool('search', { query: 'todo', max_results: 1 }, ctx)).output, /stopped at 1 results/);
    assert.equal((await runTool('search', { query: '(', regex: true }, ctx)).isError, true);
  });

  it('writes files (creating folders) but never into .git', async () => {
    assert.match((await runTool('write_file', { path: 'x/y/z.txt', content: 'hi' }, ctx)).output, /Created x\/y\/z\.txt/);
    assert.equal(readFileSync(path.join(root, 'x/y/z.txt'), 'utf8'), 'hi');
    const git = await runTool('write_file', { path: '.git/config', content: 'x' }, ctx);
    assert.equal(git.isError, true);
    assert.match(git.output, /\.git/);
  });

  it('apply_patch changes every file or none', async () => {
    const good = '--- a/src/a.ts\n+++ b/src/a.ts\n@@ -1 +1 @@\n-export const a = 1;\n+export const a = 2;\n--- /dev/null\n+++ b/src/c.ts\n@@ -0,0 +1 @@\n+c\n';
    const bad = '--- a/README.md\n+++ b/README.md\n@@ -1 +1 @@\n-# Title\n+# New\n--- a/src/deep/b.ts\n+++ b/src/deep/b.ts\n@@ -1 +1 @@\n-something else\n+b\n';
    const r1 = await runTool('apply_patch', { patch: bad }, ctx);
    assert.equal(r1.isError, true);
    assert.match(r1.output, /Hunk 1 of src\/deep\/b\.ts/);
    assert.equal(readFileSync(path.join(root, 'README.md'), 'utf8'), '# Title\n', 'first file untouched');
    const r2 = await runTool('apply_patch', { patch: good }, ctx);
    assert.equal(r2.output, 'Applied the patch:\npatched src/a.ts\ncreated src/c.ts');
    assert.match(readFileSync(path.join(root, 'src/a.ts'), 'utf8'), /a = 2/);
    const del = await runTool('apply_patch', { patch: '--- a/src/c.ts\n+++ /dev/null\n@@ -1 +0,0 @@\n-c\n' }, ctx);
    assert.equal(del.output, 'Applied the patch:\ndeleted src/c.ts');
    assert.equal(existsSync(path.join(root, 'src/c.ts')), false);
  });

  it('run_command: argv and shell forms, exit codes, bounded output', async () => {
    const argv = await runTool('run_command', { command: ['node', '-e', 'console.log(process.cwd())'] }, ctx);
    assert.deepEqual([argv.output, argv.exitCode, argv.isError], [`${root}\n[exit code 0]\n`, 0, false]);
    const failing = await runTool('run_command', { command: 'echo out; echo err >&2; exit 3' }, ctx);
    assert.deepEqual([failing.exitCode, failing.isError], [3, true]);
    assert.match(failing.output, /out\nerr\n\[exit code 3\]/);
    const flood = await runTool('run_command', { command: 'seq 1 200000' }, ctx);
    assert.ok(flood.output.length < 40_000, `output ${flood.output.length} chars`);
    assert.match(flood.output, /lines of output cut/);
    assert.match(flood.output, /^200000$/m);
    assert.equal((await runTool('run_command', { command: 42 }, ctx)).isError, true);
  });

  it('run_command: a timeout and a stop kill the whole process group', async () => {
    const marker = path.join(root, 'survivor');
    const t0 = Date.now();
    const timed = await runTool('run_command', { command: `(sleep 2; touch ${marker}) & sleep 30`, timeout_seconds: 1 }, ctx);
    assert.ok(Date.now() - t0 < 4000);
    assert.match(timed.output, /killed after 1 s timeout/);
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 200);
    const t1 = Date.now();
    const stopped = await runTool('run_command', { command: `(sleep 2; touch ${marker}) & sleep 30` }, { ...ctx, signal: abort.signal });
    assert.ok(Date.now() - t1 < 3000);
    assert.equal(stopped.isError, true);
    await new Promise((r) => setTimeout(r, 2300));
    assert.equal(existsSync(marker), false, 'the background child was killed with its group');
  });

  it('unknown tools and bad input come back as tool errors', async () => {
    assert.match((await runTool('rm_rf', {}, ctx)).output, /Unknown tool "rm_rf"/);
    mkdirSync(path.join(root, 'dir'));
    assert.equal((await runTool('write_file', { path: 'dir', content: 'x' }, ctx)).isError, true);
    assert.equal((await runTool('write_file', { path: 'f.txt' }, ctx)).isError, true);
  });
});
