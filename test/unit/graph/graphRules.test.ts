import { strict as assert } from 'node:assert';
import { createTask, emptyBoard } from '../../../src/board/boardRules';
import { GraphCycleError, GraphRuleError, deleteTaskAndLinks, linkTasks, unlinkTasks, parseTier, setTaskTier, tierOf } from '../../../src/graph';
import { BoardSchema, type Board } from '../../../src/protocol/model';

const NOW = '2026-12-05T10:00:00.000Z';
const LATER = '2026-12-05T11:00:00.000Z';
const board = (...titles: string[]) => titles.reduce((b, title) => createTask(b, { id: title.toLowerCase(), title, now: NOW }), emptyBoard());
const blockedBy = (b: Board, id: string) => b.tasks.find((t) => t.id === id)!.blockedBy;

describe('graph rules: links', () => {
  it('links a task to its prerequisites, keeps existing links, and the board still passes the schema', () => {
    let b = linkTasks(board('A', 'B', 'C'), 'c', ['a'], LATER);
    b = linkTasks(b, 'c', ['b', 'a'], LATER);
    assert.deepEqual(blockedBy(b, 'c'), ['a', 'b']);
    assert.equal(b.tasks.find((t) => t.id === 'c')!.updatedAt, LATER);
    assert.equal(blockedBy(b, 'a'), undefined, 'the prerequisite itself is untouched');
    assert.equal(BoardSchema.safeParse(b).success, true);
  });

  it('refuses a cycle and names it by titles in run order, first task repeated last', () => {
    let b = board('Add API route', 'Write migration', 'Build UI');
    b = linkTasks(b, 'write migration', ['add api route'], LATER); // route → migration
    b = linkTasks(b, 'build ui', ['write migration'], LATER); // migration → UI
    assert.throws(
      () => linkTasks(b, 'add api route', ['build ui'], LATER),
      (err: unknown) => {
        assert.ok(err instanceof GraphCycleError);
        assert.match(err.message, /cycle: Add API route → Write migration → Build UI → Add API route\./);
        assert.deepEqual(err.cycle, ['add api route', 'write migration', 'build ui', 'add api route']);
        return true;
      },
    );
    assert.throws(() => linkTasks(b, 'add api route', ['write migration'], LATER), /cycle: Add API route → Write migration → Add API route/);
  });

  it('sees links made earlier in the same call when looking for a cycle', () => {
    // a waits for b and c; b already waits for c: fine. Then c waits for a closes a loop.
    let b = board('A', 'B', 'C');
    b = linkTasks(b, 'b', ['c'], LATER);
    b = linkTasks(b, 'a', ['b', 'c'], LATER);
    assert.deepEqual(blockedBy(b, 'a'), ['b', 'c']);
    assert.throws(() => linkTasks(b, 'c', ['a'], LATER), /cycle: C → A → C\./);
  });

  it('refuses a self-link, an unknown task and an empty list with a message saying what to do', () => {
    const b = board('A', 'B');
    assert.throws(() => linkTasks(b, 'a', ['a'], LATER), /"A" cannot be blocked by itself/);
    assert.throws(() => linkTasks(b, 'a', ['zz'], LATER), (e: unknown) => e instanceof GraphRuleError && /no task "zz"/.test(e.message));
    assert.throws(() => linkTasks(b, 'zz', ['a'], LATER), /no task "zz"/);
    assert.throws(() => linkTasks(b, 'a', [], LATER), /at least one/);
  });

  it('unlinks; the last link removed leaves no blockedBy field at all; a link that is not there is an error', () => {
    let b = linkTasks(board('A', 'B', 'C'), 'c', ['a', 'b'], LATER);
    b = unlinkTasks(b, 'c', ['a'], LATER);
    assert.deepEqual(blockedBy(b, 'c'), ['b']);
    b = unlinkTasks(b, 'c', ['b'], LATER);
    assert.equal('blockedBy' in b.tasks.find((t) => t.id === 'c')!, false);
    assert.throws(() => unlinkTasks(b, 'c', ['a'], LATER), /"C" is not blocked by "A"/);
  });

  it('deleting a task removes every link to it and reports the tasks it no longer blocks', () => {
    let b = board('A', 'B', 'C', 'D');
    b = linkTasks(b, 'b', ['a'], LATER);
    b = linkTasks(b, 'c', ['a', 'd'], LATER);
    const { board: after, unblocked } = deleteTaskAndLinks(b, 'a', LATER);
    assert.deepEqual(unblocked.map((t) => t.title), ['B', 'C']);
    assert.equal(after.tasks.some((t) => t.id === 'a'), false);
    assert.equal(blockedBy(after, 'b'), undefined);
    assert.deepEqual(blockedBy(after, 'c'), ['d']);
    assert.equal(after.tasks.flatMap((t) => t.blockedBy ?? []).includes('a'), false, 'no dangling link');
    assert.deepEqual(deleteTaskAndLinks(after, 'd', LATER).unblocked.map((t) => t.title), ['C']);
  });

  it('the schema refuses a task blocked by itself or listing a prerequisite twice', () => {
    const b = board('A', 'B');
    const self = { ...b, tasks: b.tasks.map((t) => (t.id === 'a' ? { ...t, blockedBy: ['a'] } : t)) };
    assert.match(JSON.stringify(BoardSchema.safeParse(self).error?.issues), /blocked by itself/);
    const twice = { ...b, tasks: b.tasks.map((t) => (t.id === 'a' ? { ...t, blockedBy: ['b', 'b'] } : t)) };
    assert.match(JSON.stringify(BoardSchema.safeParse(twice).error?.issues), /lists a task twice/);
  });
});

describe('graph rules: tiers', () => {
  it('defaults to B, stores A and C, and stores the default as no field', () => {
    let b = board('A');
    assert.equal(tierOf(b.tasks[0]), 'B');
    b = setTaskTier(b, 'a', parseTier('c'), LATER);
    assert.equal(b.tasks[0].tier, 'C');
    b = setTaskTier(b, 'a', 'B', LATER);
    assert.equal('tier' in b.tasks[0], false);
    assert.throws(() => parseTier('D'), /A tier is A, B or C \(got "D"\)/);
    assert.throws(() => setTaskTier(b, 'nope', 'A', LATER), /no task "nope"/);
  });
});
