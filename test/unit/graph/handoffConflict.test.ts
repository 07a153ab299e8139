// Hand-off when prerequisites collide: A and B (custom agents, each in its own worktree) write the
// same file differently; C waits for both. Merging their branches into C's worktree conflicts, so
// C is held with "needs merge: <file>", never run, and the conflict is left in C's worktree for
// the merge editor. Real git, real processes, the real `viban run-all`.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lastLine, readBoard, runCli, tempWorkspace, writeSettings } from '../cli/cliHarness';

const AGENT = join(__dirname, 'fixtures', 'sameFileAgent.js');
const GIT_ENV = { GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' };

describe('hand-off: prerequisites whose work conflicts', function () {
  this.timeout(120000);
  let ws: string;
  afterEach(() => rmSync(ws, { recursive: true, force: true }));

  it('holds the dependant with "needs merge: <file>" and leaves the conflict in its worktree', async () => {
    ws = tempWorkspace();
    const git = (...args: string[]) => execFileSync('git', ['-C', ws, ...args], { encoding: 'utf8', env: { ...process.env, ...GIT_ENV } });
    git('init', '-q', '-b', 'main');
    writeFileSync(join(ws, 'README.md'), '# app\n');
    writeFileSync(join(ws, '.gitignore'), '.viban/\n');
    git('add', '-A');
    git('commit', '-qm', 'first');
    writeSettings(ws, { executors: { default: 'same', custom: [{ id: 'same', label: 'Same file', command: process.execPath, args: [AGENT, '{prompt}'] }] } });
    const add = async (title: string, description: string) => lastLine((await runCli(['add', title, '-d', description, '-w', ws])).stdout);
    const a = await add('List route', 'line:GET /items');
    const b = await add('Create route', 'line:POST /items');
    const c = await add('Wire the routes', 'line:wired');
    assert.equal((await runCli(['link', c, '--blocked-by', a, b, '-w', ws])).code, 0);

    const r = await runCli(['run-all', '-w', ws], { env: GIT_ENV });
    assert.equal(r.code, 1, `a held task makes run-all fail\n${r.stdout}${r.stderr}`);
    const board = readBoard(ws);
    const task = (id: string) => board.tasks.find((t) => t.id === id)!;
    assert.equal(task(a).agentStatus, 'done');
    assert.equal(task(b).agentStatus, 'done');
    assert.match(task(c).held ?? '', /^needs merge: routes\.txt/);
    assert.equal(task(c).lastSessionId, undefined, 'the dependant never ran');
    assert.match(r.stdout, /Wire the routes.*needs merge: routes\.txt/);

    // The conflict is in C's worktree, with both sides, for the merge editor.
    const wt = task(c).worktree;
    assert.ok(wt, 'C got its worktree');
    const conflicted = readFileSync(join(wt.path, 'routes.txt'), 'utf8');
    assert.match(conflicted, /<<<<<<< [\s\S]*(GET|POST) \/items[\s\S]*=======[\s\S]*(GET|POST) \/items[\s\S]*>>>>>>> /);
    assert.match(execFileSync('git', ['-C', wt.path, 'status', '--porcelain'], { encoding: 'utf8' }), /^(UU|AA) routes\.txt$/m);
    assert.equal(readFileSync(join(ws, 'README.md'), 'utf8'), '# app\n', 'the main checkout is untouched');
  });
});
