import { strict as assert } from 'node:assert';
import * as rules from '../../../src/board/boardRules';
import { BoardSchema, type Board } from '../../../src/protocol/model';
import { describeZodError } from '../../../src/protocol/messages';
import { canCheckChangesOnly, checkBoard, checkBoardChange } from '../../../src/store/boardValidation';
import { cloneJson, deepFreeze } from '../../../src/store/jsonValues';
import { task } from './helpers';

const NOW = '2026-11-21T10:00:00.000Z';

/** A validated board of `n` tasks, frozen like the store's own copy. */
function previousBoard(n = 30): Board {
  let b = rules.emptyBoard();
  for (let i = 0; i < n; i++) b = rules.createTask(b, { id: `t${i}`, title: `Task ${i}`, columnId: b.columns[i % 5].id, now: NOW });
  const r = checkBoard(b);
  assert.ok(r.ok);
  return deepFreeze(r.board);
}

/** What the full schema says, in the form the store keeps: parsed back from its JSON. */
function fullVerdict(next: unknown): { ok: true; board: Board } | { ok: false; reason: string } {
  const r = BoardSchema.safeParse(next);
  return r.success ? { ok: true, board: JSON.parse(JSON.stringify(r.data)) } : { ok: false, reason: describeZodError(r.error) };
}

describe('store/boardValidation', () => {
  const prev = previousBoard();
  const change = (fn: (b: Board) => unknown) => fn(cloneJson(prev));

  it('can take the changed-tasks shortcut with today\'s BoardSchema (else every check is a full one)', () => {
    assert.equal(canCheckChangesOnly, true);
  });

  const validChanges: Record<string, (b: Board) => unknown> = {
    'nothing': (b) => b,
    'a move to another column': (b) => rules.moveTask(b, 't3', 'done', 0, NOW),
    'a move that renumbers a column': (b) => {
      let x = b;
      for (let i = 0; i < 60; i++) x = rules.moveTask(x, 't0', 'backlog', 1, NOW);
      return x;
    },
    'a new task': (b) => rules.createTask(b, { id: 'new', title: 'New', now: NOW }),
    'a deletion (positions shift)': (b) => rules.deleteTask(b, 't1'),
    'an agent patch that sets a field to undefined': (b) => rules.patchTaskAgent(b, 't2', { agentStatus: 'thinking', agentStatusMessage: undefined, costUsd: -0 }, NOW),
    'a new column': (b) => rules.addColumn(b, 'c-x', 'Extra'),
    'deleting a column, moving its cards': (b) => rules.deleteColumn(b, 'todo', 'done'),
    'tasks reordered wholesale': (b) => ({ ...b, tasks: [...b.tasks].reverse() }),
    'a task with its keys in another order': (b) => ({ ...b, tasks: b.tasks.map((t, i) => (i === 4 ? Object.assign({ title: t.title }, t) : t)) }),
    'unknown keys, on the board and on a task': (b) => ({ extra: 1, ...b, tasks: b.tasks.map((t, i) => (i === 5 ? { ...t, later: true } : t)) }),
    'a task missing a defaulted field': (b) => ({ ...b, tasks: b.tasks.map((t, i) => (i === 6 ? { ...t, description: undefined } : t)) }),
    'in-place edits of the copy': (b) => {
      b.tasks[7].title = 'Edited in place';
      b.columns[0].title = 'Inbox';
      return b;
    },
  };
  for (const [name, fn] of Object.entries(validChanges)) {
    it(`accepts ${name} without a full pass, giving what the full schema gives`, () => {
      const next = change(fn);
      const expected = fullVerdict(next);
      const got = checkBoardChange(prev, next);
      assert.ok(expected.ok && got.ok);
      assert.equal(got.checked, 'changes');
      assert.deepStrictEqual(got.board, expected.board);
      assert.equal(JSON.stringify(got.board), JSON.stringify(expected.board), 'same keys in the same order');
    });
  }

  const invalidChanges: Record<string, (b: Board) => unknown> = {
    'an empty title on a changed task': (b) => ({ ...b, tasks: b.tasks.map((t, i) => (i === 2 ? { ...t, title: '' } : t)) }),
    'a duplicate task id': (b) => ({ ...b, tasks: [...b.tasks, { ...b.tasks[0] }] }),
    'an unchanged copy of a task added twice': (b) => ({ ...b, tasks: [...b.tasks, b.tasks[b.tasks.length - 1]] }),
    'a task in an unknown column': (b) => ({ ...b, tasks: b.tasks.map((t, i) => (i === 3 ? { ...t, columnId: 'ghost' } : t)) }),
    'a column removed under its tasks': (b) => ({ ...b, columns: b.columns.filter((c) => c.id !== 'todo') }),
    'a duplicate column id': (b) => ({ ...b, columns: [...b.columns, { id: 'todo', title: 'Again' }] }),
    'no columns': (b) => ({ ...b, columns: [] }),
    'another schema version': (b) => ({ ...b, schemaVersion: 2 }),
    'tasks that are not an array': (b) => ({ ...b, tasks: { 0: b.tasks[0] } }),
    'a hole in the tasks': (b) => {
      const tasks = [...b.tasks];
      tasks.length += 1;
      return { ...b, tasks };
    },
    'an undefined task past the old end': (b) => ({ ...b, tasks: [...b.tasks, undefined] }),
    'a task that is not a plain object but looks like one': (b) => ({ ...b, tasks: b.tasks.map((t, i) => (i === 1 ? Object.assign(new Date(0), t) : t)) }),
    'an infinite order': (b) => ({ ...b, tasks: b.tasks.map((t, i) => (i === 8 ? { ...t, order: Infinity } : t)) }),
    'NaN where a number was': (b) => ({ ...b, tasks: b.tasks.map((t, i) => (i === 8 ? { ...t, order: NaN } : t)) }),
    'not an object at all': () => [1, 2, 3],
    'null': () => null,
  };
  for (const [name, fn] of Object.entries(invalidChanges)) {
    it(`refuses ${name} with the full schema's own message`, () => {
      const next = change(fn);
      const expected = fullVerdict(next);
      const got = checkBoardChange(prev, next);
      assert.ok(!expected.ok, 'the full schema refuses it too');
      assert.deepEqual(got, expected);
    });
  }

  it('shares unchanged tasks with the previous board, so they are not parsed again', () => {
    const got = checkBoardChange(prev, change((b) => rules.moveTask(b, 't3', 'done', 0, NOW)));
    assert.ok(got.ok);
    const shared = got.board.tasks.filter((t) => prev.tasks.includes(t)).length;
    assert.ok(shared >= prev.tasks.length - 2, `${shared} of ${prev.tasks.length} shared`);
    assert.ok(!prev.tasks.includes(got.board.tasks.find((t) => t.id === 't3')!), 'the moved task is new');
  });
});
