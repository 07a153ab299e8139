// "Resolve in merge editor" on a task held by a conflict in its hand-off, on a real git repo: the
// prerequisite's branch and the base both changed the same line, so the dependant's worktree is
// left mid-merge and the task held with "needs merge: routes.txt". The request hands the
// conflicted file of THAT worktree to the host's merge editor; once the person resolves and stages
// it (what the merge editor's "Complete Merge" does), the next placement concludes the merge and
// the task runs. A task that is not held for a merge gets a clear error and the editor is not opened.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { handoffPlacer } from '../../../src/app/handoff';
import { GraphController } from '../../../src/controllers/graphController';
import type { FromWebview } from '../../../src/protocol/messages';
import { GatedExecutor, openHarness, type Harness } from '../queue/runQueue/runQueueHarness';
import { OneFolder, RecordingUi } from './controllerHarness';

describe('graph controller: resolve a hand-off conflict in the merge editor (real git)', function () {
  this.timeout(60_000);
  let h: Harness;
  let ui: RecordingUi;
  let controller: GraphController;
  const git = (dir: string, ...args: string[]) => execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8' });
  const task = (id: string) => h.runtime.board.current.board.tasks.find((t) => t.id === id)!;
  const resolve = (taskId: string) => controller.graphAction({ type: 'graphAction', requestId: 'r', action: 'resolveMerge', taskId } as Extract<FromWebview, { type: 'graphAction' }>);

  beforeEach(async () => {
    h = await openHarness([new GatedExecutor('scripted')]);
    git(h.root, 'init', '-q', '-b', 'main');
    git(h.root, 'config', 'user.name', 'Test');
    git(h.root, 'config', 'user.email', 'test@example.com');
    writeFileSync(join(h.root, '.gitignore'), '.viban/\n');
    writeFileSync(join(h.root, 'routes.txt'), 'routes:\n');
    git(h.root, 'add', '-A');
    git(h.root, 'commit', '-qm', 'first');
    // The runtime reads the folder's git state when it opens: open it again now that it is a repo.
    await h.runtime.dispose();
    await h.reopen();
    ui = new RecordingUi();
    controller = new GraphController({ post: () => undefined, runtimes: new OneFolder(h), ui });
  });
  afterEach(async () => {
    controller.dispose();
    for (const t of h.runtime.board.current.board.tasks) if (t.worktree) git(h.root, 'worktree', 'remove', '--force', t.worktree.path);
    await h.close();
  });

  /** A (in its worktree) and the base write the same line differently; C waits for A. */
  async function conflictedDependant(): Promise<{ a: string; c: string }> {
    const a = await h.runtime.board.createTask({ title: 'List route' });
    const c = await h.runtime.board.createTask({ title: 'Wire the routes' });
    await h.runtime.board.link(c, [a]);
    const placeA = await (await handoffPlacer(h.runtime))(task(a));
    assert.ok('cwd' in placeA && placeA.worktree, 'A works in its own worktree');
    writeFileSync(join(placeA.cwd, 'routes.txt'), 'routes:\nGET /items\n');
    writeFileSync(join(h.root, 'routes.txt'), 'routes:\nPOST /items\n');
    git(h.root, 'commit', '-qam', 'base changes the same line');
    const placeC = await (await handoffPlacer(h.runtime))(task(c));
    assert.deepEqual(placeC, { hold: 'needs merge: routes.txt' });
    await h.runtime.board.patchTaskAgent(c, { held: placeC.hold });
    return { a, c };
  }

  it('opens the conflicted file of the dependant\'s worktree; after it is resolved the merge is committed and the task runs', async () => {
    const { c } = await conflictedDependant();
    const wt = task(c).worktree!;
    assert.ok(wt && wt.path !== h.root, 'C has its own worktree');

    await resolve(c);
    assert.deepEqual(ui.acts, [`openMergeEditor: ${wt.path} ${join(wt.path, 'routes.txt')}`]);
    assert.match(readFileSync(join(wt.path, 'routes.txt'), 'utf8'), /<<<<<<< [\s\S]*=======[\s\S]*>>>>>>> /);

    // What the merge editor does: the person writes the result and "Complete Merge" stages it.
    writeFileSync(join(wt.path, 'routes.txt'), 'routes:\nGET /items\nPOST /items\n');
    git(wt.path, 'add', 'routes.txt');
    await assert.rejects(() => resolve(c), /"Wire the routes" has no conflicted files left in .*\. Release it to continue the graph\./);

    // Release → the graph places C again: the resolved merge is committed, C runs with both sides.
    await h.runtime.board.release(c);
    const again = await (await handoffPlacer(h.runtime))(task(c));
    assert.ok('cwd' in again, `C is placed, not held again: ${JSON.stringify(again)}`);
    assert.equal(again.cwd, wt.path);
    assert.equal(git(wt.path, 'diff', '--name-only', '--diff-filter=U'), '');
    assert.throws(() => git(wt.path, 'rev-parse', '-q', '--verify', 'MERGE_HEAD'), 'the merge is concluded');
    assert.equal(git(wt.path, 'log', '-1', '--format=%P').trim().split(' ').length, 2, 'the last commit is the merge');
    assert.equal(readFileSync(join(wt.path, 'routes.txt'), 'utf8'), 'routes:\nGET /items\nPOST /items\n');
    assert.equal(git(wt.path, 'status', '--porcelain'), '');
  });

  it('a conflicted file saved without its markers but not staged counts as resolved on the next placement', async () => {
    const { c } = await conflictedDependant();
    const wt = task(c).worktree!;
    writeFileSync(join(wt.path, 'routes.txt'), 'routes:\nPOST /items\n');
    await h.runtime.board.release(c);
    const again = await (await handoffPlacer(h.runtime))(task(c));
    assert.ok('cwd' in again, `C is placed: ${JSON.stringify(again)}`);
    assert.equal(git(wt.path, 'status', '--porcelain'), '');
    assert.equal(git(wt.path, 'log', '-1', '--format=%P').trim().split(' ').length, 2, 'the merge is committed');
  });

  it('an unresolved conflict still holds the task on the next placement', async () => {
    const { c } = await conflictedDependant();
    const again = await (await handoffPlacer(h.runtime))(task(c));
    assert.deepEqual(again, { hold: 'needs merge: routes.txt' });
  });

  it('refuses a task that is not held, or held for a failed prerequisite, without opening anything', async () => {
    const a = await h.runtime.board.createTask({ title: 'List route' });
    await assert.rejects(() => resolve(a), /^Error: "List route" is not held for a merge conflict: there is nothing to resolve in the merge editor\.$/);
    await h.runtime.board.patchTaskAgent(a, { held: 'held: Add API route failed' });
    await assert.rejects(() => resolve(a), /"List route" is not held for a merge conflict \(held: Add API route failed\)/);
    await assert.rejects(() => resolve('nope'), /There is no task "nope" on the board\./);
    await assert.rejects(() => controller.graphAction({ type: 'graphAction', requestId: 'x', action: 'resolveMerge' }), /resolveMerge needs a task\./);
    assert.deepEqual(ui.acts, []);
  });
});
