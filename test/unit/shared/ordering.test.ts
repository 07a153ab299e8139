import { strict as assert } from 'node:assert';
import type { Board, Task } from '../../../src/protocol/model';
import { defaultBoard } from '../../../src/store/boardFile';
import { moveTask } from '../../../src/board/boardRules';
import { groupTasksByColumn, placeTask, tasksInColumn } from '../../../src/shared/ordering';
import { applyMove } from '../../../webview/state/taskOrder';

function task(id: string, order: number, createdAt = '2026-01-01T00:00:00.000Z', columnId = 'todo'): Task {
  return { id, title: id, description: '', columnId, order, createdAt, updatedAt: createdAt } as Task;
}

function board(tasks: Task[]): Board {
  return { ...defaultBoard(), tasks };
}

const ids = (b: Board, col = 'todo') => tasksInColumn(b, col).map((t) => t.id);

describe('shared board ordering (host and webview alike)', () => {
  it('breaks ties by creation time, then id — the same in the grouped view as in the rules', () => {
    const b = board([task('b', 1, '2026-01-01T00:00:02.000Z'), task('a', 1, '2026-01-01T00:00:03.000Z'), task('c', 1, '2026-01-01T00:00:01.000Z')]);
    assert.deepEqual(ids(b), ['c', 'b', 'a']);
    assert.deepEqual(groupTasksByColumn(b).get('todo')!.map((t) => t.id), ['c', 'b', 'a']);
  });

  it('renumbers a column whose gap ran out, and the webview move lands where the host move does', () => {
    // 1 and 1 + ε: no double fits between them.
    const b = board([task('x', 1), task('y', 1 + Number.EPSILON), task('m', 5, undefined, 'backlog')]);
    const host = moveTask(b, 'm', 'todo', 1, '2026-02-01T00:00:00.000Z');
    const view = applyMove(b, { taskId: 'm', toColumnId: 'todo', toIndex: 1 });
    assert.deepEqual(ids(host), ['x', 'm', 'y']);
    assert.deepEqual(ids(view), ['x', 'm', 'y']);
    assert.deepEqual(host.tasks.map((t) => [t.id, t.order]), view.tasks.map((t) => [t.id, t.order]));
    assert.deepEqual(host.tasks.map((t) => t.order), [1, 3, 2], 'the column was renumbered 1, 2, 3');
  });

  it('places into an empty column at the same key on both sides, and clamps an index past the end', () => {
    const b = board([task('a', 3, undefined, 'backlog')]);
    const placed = placeTask(b, 'a', 'todo', 99);
    assert.deepEqual(placed.map((t) => [t.columnId, t.order]), [['todo', 1]]);
    assert.deepEqual(applyMove(b, { taskId: 'a', toColumnId: 'todo', toIndex: 99 }).tasks, placed);
  });

  it('leaves the board alone for a move the host would refuse', () => {
    const b = board([task('a', 1)]);
    assert.equal(applyMove(b, { taskId: 'nope', toColumnId: 'todo', toIndex: 0 }), b);
    assert.equal(applyMove(b, { taskId: 'a', toColumnId: 'nope', toIndex: 0 }), b);
  });
});
