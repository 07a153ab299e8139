// The review and stage-automation halves of the webview controller on a real folder (a real git
// repository for the diff): what they refuse and why, and what they ask the editor to open.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openController, type ControllerHarness } from './controllerHarness';

const git = (cwd: string, ...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd, stdio: 'pipe' });

describe('review and automation controllers (through the router)', function () {
  this.timeout(30_000);
  let c: ControllerHarness;
  let taskId: string;
  beforeEach(async () => {
    c = await openController();
    taskId = await c.h.runtime.board.createTask({ title: 'Edit a file', columnId: 'todo' });
  });
  afterEach(() => c.close());

  it("opens the diff of a file the task changed in its worktree against the worktree's base", async () => {
    const root = c.h.root;
    writeFileSync(join(root, 'a.txt'), 'one\n');
    writeFileSync(join(root, '.gitignore'), '.viban/\n');
    git(root, 'init', '-q', '-b', 'main');
    git(root, 'add', 'a.txt', '.gitignore');
    git(root, 'commit', '-qm', 'first');
    const { cwd, worktree } = await c.h.runtime.review.prepareRun(taskId, 'worktree');
    assert.ok(worktree);
    writeFileSync(join(cwd, 'a.txt'), 'two\n');
    writeFileSync(join(cwd, 'b.txt'), 'new\n');
    git(cwd, 'add', 'b.txt');
    await c.send({ type: 'openDiff', taskId, path: 'a.txt' });
    await c.send({ type: 'openDiff', taskId, path: 'b.txt' });
    const side = (o: object) => JSON.stringify(o);
    assert.deepEqual(c.ui.acts, [
      `openDiff: a.txt (${worktree.branch} vs ${worktree.base}) ${side({ kind: 'base', folder: cwd, ref: worktree.base, path: 'a.txt', empty: false })} ${side({ kind: 'file', path: join(cwd, 'a.txt') })}`,
      // An added file has no base side: the left of its diff is empty.
      `openDiff: b.txt (${worktree.branch} vs ${worktree.base}) ${side({ kind: 'base', folder: cwd, ref: worktree.base, path: 'b.txt', empty: true })} ${side({ kind: 'file', path: join(cwd, 'b.txt') })}`,
    ]);
    await c.send({ type: 'openDiff', taskId, path: 'not-changed.txt' });
    assert.deepEqual(c.ui.acts.slice(2), ['error: Viban: not-changed.txt is no longer among the changes.']);
  });

  it('refuses to send back empty comments, and to open or discard a worktree the task does not have', async () => {
    await c.send({ type: 'sendBack', requestId: 'r1', taskId, comments: '  ' });
    await c.send({ type: 'discardTask', requestId: 'r2', taskId });
    await c.send({ type: 'openWorktree', taskId });
    assert.equal(c.reply('r1').error, 'Write what the agent should change first.');
    assert.equal(c.reply('r2').error, 'This task has no worktree to discard.');
    assert.deepEqual(c.ui.acts, ['error: Viban: This task has no worktree.']);
  });

  it('answers a recipe draft with its validation, matched by token', async () => {
    await c.send({ type: 'validateRecipe', token: 'k1', columnId: 'todo', recipe: { nonsense: true } });
    const v = c.ofType('recipeValidation')[0];
    assert.equal(v.token, 'k1');
    assert.equal(v.validation.valid, false);
    assert.match(v.validation.errors[0], /not well-formed/);
  });

  it('refuses stage runs in Restricted Mode and names a missing artifact; imports nothing when the folder dialog is dismissed', async () => {
    c.folder.trusted = false;
    await c.send({ type: 'stageRunAction', requestId: 'r1', runId: 'run-1', action: 'start' });
    assert.match(c.reply('r1').error ?? '', /not trusted/);
    await c.send({ type: 'openArtifact', runId: 'no-such-run', index: 0 });
    c.ui.answers.push(undefined);
    await c.send({ type: 'skillAction', requestId: 'r2', action: 'importFolder' });
    assert.equal(c.reply('r2').ok, true);
    assert.equal(c.ui.acts.length, 2);
    assert.match(c.ui.acts[0], /^error: Viban: "no-such-run" is not a stage run id/);
    assert.equal(c.ui.acts[1], 'pickFolder: A skill folder (with SKILL.md), or a folder of skills');
  });
});
