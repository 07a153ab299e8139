// Secrets and the store, through the real `viban` process (issue #17): a key an agent prints on
// stderr never reaches a file under .viban/, and masking never touches what a run needs (the
// workspace folder, a worktree's path and branch) even when their names hold "sk-"-like words.
import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { git, initRepo } from '../git/gitFixtures';
import { lastLine, listSessions, readBoard, runCli, writeSettings } from './cliHarness';

/** Every file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

/** A key shaped like Anthropic's: `sk-ant-api03-` + 93 base64url characters + `AA`. */
function anthropicShapedKey(): string {
  return `sk-ant-api03-${randomBytes(80).toString('base64url').slice(0, 93)}AA`;
}

/** A custom text executor: node runs `script` in the agent's folder with the prompt as argv[1]. */
function textExecutor(id: string, script: string) {
  return { id, label: `Agent ${id}`, command: process.execPath, args: ['-e', script, '{prompt}'], outputFormat: 'text' };
}

/** Writes the folder it was started in to ran.txt: proof the agent ran where Viban said. */
const RECORD_CWD = "require('fs').writeFileSync('ran.txt', process.cwd()); console.log('worked in ' + process.cwd())";

describe('viban and secrets in the store', function () {
  this.timeout(60000);
  let root: string;
  beforeEach(() => (root = realpathSync(mkdtempSync(join(tmpdir(), 'viban-secrets-')))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  async function addTask(ws: string, title: string): Promise<string> {
    const r = await runCli(['add', title, '-w', ws]);
    assert.equal(r.code, 0, r.stderr);
    return lastLine(r.stdout);
  }

  it('a failing agent that prints the key on stderr: no file under .viban/ holds the key', async () => {
    const ws = join(root, 'app');
    mkdirSync(ws);
    const key = anthropicShapedKey();
    // The repro: `echo "$ANTHROPIC_API_KEY" >&2; exit 3`.
    writeSettings(ws, { executors: { custom: [textExecutor('it', "console.error(process.env.ANTHROPIC_API_KEY); process.exit(3)")] } });
    const id = await addTask(ws, 'Leak the key');
    const r = await runCli(['run', id, '--executor', 'it', '--mode', 'full-auto', '-w', ws], { env: { ANTHROPIC_API_KEY: key } });
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.ok(!(r.stdout + r.stderr).includes(key), 'the command output is masked');

    const task = readBoard(ws).tasks[0];
    assert.equal(task.agentStatus, 'error');
    assert.match(task.agentStatusMessage ?? '', /Last error output: \[REDACTED\]/, 'the card says what failed, with the key masked');
    const [meta] = listSessions(ws);
    assert.equal(meta.status, 'failed');
    assert.match(meta.error ?? '', /\[REDACTED\]/);

    const files = filesUnder(join(ws, '.viban'));
    assert.ok(files.some((f) => f.endsWith('board.json')) && files.some((f) => f.endsWith('.jsonl')), `board and log were written: ${files.join(', ')}`);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      assert.ok(!text.includes(key), `${file} holds the key`);
      assert.ok(!text.includes(key.slice(0, 40)), `${file} holds part of the key`);
    }
  });

  it('a workspace named flask-todo-app-with-sqlalchemy-X runs in that folder', async () => {
    const ws = join(root, 'flask-todo-app-with-sqlalchemy-X');
    mkdirSync(ws);
    writeSettings(ws, { executors: { custom: [textExecutor('rec', RECORD_CWD)] } });
    const id = await addTask(ws, 'Add a task-runner to the flask app');
    const r = await runCli(['run', id, '--executor', 'rec', '--mode', 'full-auto', '-w', ws]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(readFileSync(join(ws, 'ran.txt'), 'utf8'), ws);
    assert.match(r.stdout, new RegExp(`^worked in ${ws}$`, 'm'), 'the output shows the path as it is');
    const [meta] = listSessions(ws);
    assert.equal(meta.status, 'succeeded');
    assert.equal(meta.cwd, ws);
    assert.equal(meta.prompt, 'Add a task-runner to the flask app');
    assert.ok(!readFileSync(join(ws, '.viban', 'sessions', `${meta.id}.jsonl`), 'utf8').includes('[REDACTED]'), 'nothing in the log looked like a key');
  });

  it('"Ask the user before deleting files" runs in its worktree; branch and path are the slug as made', async () => {
    const repo = initRepo(join(root, 'widgets'));
    writeSettings(repo, { executors: { custom: [textExecutor('rec', RECORD_CWD)] } });
    const title = 'Ask the user before deleting files';
    const id = await addTask(repo, title);
    const r = await runCli(['run', id, '--worktree', '--executor', 'rec', '--mode', 'full-auto', '-w', repo]);
    assert.equal(r.code, 0, r.stdout + r.stderr);

    const task = readBoard(repo).tasks[0];
    const short = id.replace(/^t_/, '').toLowerCase();
    assert.deepEqual(
      { branch: task.worktree?.branch, path: task.worktree?.path },
      { branch: `viban/${short}-ask-the-user-before-deleting-files`, path: join(root, '.viban-worktrees', 'widgets', `${short}-ask-the-user-before-deleting-files`) },
    );
    assert.ok(existsSync(task.worktree!.path), 'the worktree exists where the board says');
    assert.equal(readFileSync(join(task.worktree!.path, 'ran.txt'), 'utf8'), task.worktree!.path, 'the agent ran in the worktree');
    assert.equal(git(repo, 'rev-parse', '--abbrev-ref', 'HEAD').trim(), 'main');
    assert.match(git(repo, 'branch', '--list', task.worktree!.branch), /ask-the-user-before-deleting-files/);
    const [meta] = listSessions(repo);
    assert.equal(meta.status, 'succeeded');
    assert.equal(meta.cwd, task.worktree!.path);
  });
});
