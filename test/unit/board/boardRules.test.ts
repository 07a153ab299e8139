import { strict as assert } from 'node:assert';
import {
  BoardRuleError, addColumn, createTask, deleteColumn, deleteTask, emptyBoard, moveColumn, moveTask, renameColumn, updateTask,
} from '../../../src/board/boardRules';
import { tasksInColumn } from '../../../src/shared/ordering';
import { BoardSchema, type Board } from '../../../src/protocol/model';

const NOW = '2026-11-21T10:00:00.000Z';
const titles = (b: Board, col: string) => tasksInColumn(b, col).map((t) => t.title);
const withTasks = (...names: string[]) =>
  names.reduce((b, n, i) => createTask(b, { id: `t${i}`, title: n, now: NOW }), emptyBoard());

describe('board rules', () => {
  it('starts with the five default columns', () => {
    assert.deepEqual(emptyBoard().columns.map((c) => c.title), ['Backlog', 'Todo', 'In Progress', 'In Review', 'Done']);
  });

  it('creates tasks at the bottom of the first column and trims titles', () => {
    const b = withTasks('  first  ', 'second');
    assert.deepEqual(titles(b, 'backlog'), ['first', 'second']);
    assert.equal(BoardSchema.safeParse(b).success, true);
  });

  it('refuses an empty title and a duplicate id', () => {
    assert.throws(() => createTask(emptyBoard(), { id: 'x', title: '   ', now: NOW }), BoardRuleError);
    const b = withTasks('a');
    assert.throws(() => createTask(b, { id: 't0', title: 'b', now: NOW }), /already exists/);
  });

  it('moves a task to another column at a given index (index counted without the task)', () => {
    let b = withTasks('a', 'b', 'c');
    b = moveTask(b, 't0', 'done', 0, NOW);
    b = moveTask(b, 't1', 'done', 0, NOW);
    assert.deepEqual(titles(b, 'done'), ['b', 'a']);
    assert.deepEqual(titles(b, 'backlog'), ['c']);
  });

  it('reorders within a column, in both directions', () => {
    let b = withTasks('a', 'b', 'c', 'd');
    b = moveTask(b, 't0', 'backlog', 2, NOW); // a after c
    assert.deepEqual(titles(b, 'backlog'), ['b', 'c', 'a', 'd']);
    b = moveTask(b, 't3', 'backlog', 0, NOW); // d to the top
    assert.deepEqual(titles(b, 'backlog'), ['d', 'b', 'c', 'a']);
    b = moveTask(b, 't1', 'backlog', 99, NOW); // clamps to the bottom
    assert.deepEqual(titles(b, 'backlog'), ['d', 'c', 'a', 'b']);
  });

  it('keeps a correct order after many inserts into the same gap (renumbering)', () => {
    let b = withTasks('x', 'y');
    const expected = ['x', 'y'];
    for (let i = 0; i < 120; i++) {
      b = createTask(b, { id: `n${i}`, title: `n${i}`, now: NOW, columnId: 'todo' });
      b = moveTask(b, `n${i}`, 'backlog', 1, NOW);
      expected.splice(1, 0, `n${i}`);
    }
    assert.deepEqual(titles(b, 'backlog'), expected);
    const orders = tasksInColumn(b, 'backlog').map((t) => t.order);
    assert.equal(new Set(orders).size, orders.length, 'order keys stay distinct');
  });

  it('refuses moves to unknown columns or of unknown tasks with actionable text', () => {
    const b = withTasks('a');
    assert.throws(() => moveTask(b, 't0', 'nope', 0, NOW), /no column "nope"/);
    assert.throws(() => moveTask(b, 'ghost', 'done', 0, NOW), /no task "ghost"/);
    assert.throws(() => moveTask(b, 't0', 'done', -1, NOW), /not a valid place/);
  });

  it('updates title and description and bumps updatedAt', () => {
    const b = updateTask(withTasks('a'), 't0', { title: 'renamed', description: '# hi' }, '2026-12-01T00:00:00.000Z');
    assert.equal(b.tasks[0].title, 'renamed');
    assert.equal(b.tasks[0].description, '# hi');
    assert.equal(b.tasks[0].updatedAt, '2026-12-01T00:00:00.000Z');
  });

  it('deletes a task', () => {
    assert.deepEqual(deleteTask(withTasks('a', 'b'), 't0').tasks.map((t) => t.title), ['b']);
  });

  it('adds, renames and reorders columns; titles stay unique', () => {
    let b = addColumn(emptyBoard(), 'blocked', 'Blocked');
    assert.throws(() => addColumn(b, 'c2', 'blocked'), /already a column/);
    b = renameColumn(b, 'blocked', 'On hold');
    b = moveColumn(b, 'blocked', 1);
    assert.deepEqual(b.columns.map((c) => c.title), ['Backlog', 'On hold', 'Todo', 'In Progress', 'In Review', 'Done']);
  });

  it('removing a non-empty column needs a destination and keeps card order', () => {
    let b = withTasks('a', 'b');
    b = createTask(b, { id: 'd0', title: 'done-one', columnId: 'done', now: NOW });
    assert.throws(() => deleteColumn(b, 'backlog'), /choose where they go/);
    b = deleteColumn(b, 'backlog', 'done');
    assert.deepEqual(titles(b, 'done'), ['done-one', 'a', 'b']);
    assert.equal(b.columns.some((c) => c.id === 'backlog'), false);
    assert.equal(BoardSchema.safeParse(b).success, true);
  });

  it('never removes the last column', () => {
    let b = emptyBoard();
    for (const c of ['backlog', 'todo', 'in-progress', 'in-review']) b = deleteColumn(b, c);
    assert.throws(() => deleteColumn(b, 'done'), /at least one column/);
  });
});
