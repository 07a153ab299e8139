import { strict as assert } from 'node:assert';
import * as rules from '../../../src/board/boardRules';
import { type Board } from '../../../src/protocol/model';
import { formatJson } from '../../../src/store/atomicWrite';
import { formatBoardBytes } from '../../../src/store/boardFormat';
import { deepFreeze } from '../../../src/store/jsonValues';

const NOW = '2026-11-21T10:00:00.000Z';

function board(): Board {
  let b = rules.emptyBoard();
  const titles = ['plain', 'quotes " and \\ backslash', 'new\nline and\ttab', 'émoji 🚀 and \u2028 separator', '\u0000 control'];
  titles.forEach((title, i) => (b = rules.createTask(b, { id: `t${i}`, title, description: title.repeat(3), now: NOW })));
  b = rules.patchTaskAgent(b, 't1', { worktree: { path: '/w', branch: 'b', base: 'main' }, changes: { files: 1, insertions: 2, deletions: 0 }, costUsd: 0.5 }, NOW);
  return b;
}

const same = (b: Board) => assert.equal(formatBoardBytes(b).toString('utf8'), formatJson(b));

describe('store/boardFormat', () => {
  it('gives exactly formatJson for boards with and without tasks, frozen or not', () => {
    same(rules.emptyBoard());
    same(board());
    same(deepFreeze(board()));
  });

  it('reuses cached pieces of frozen tasks and still matches after a change', () => {
    const before = deepFreeze(board());
    same(before);
    const after = deepFreeze(rules.moveTask(before, 't2', 'done', 0, NOW));
    same(after);
    same(deepFreeze(rules.deleteTask(after, 't0')));
  });

  it('falls back to plain formatting when a column title holds its placeholder text', () => {
    const b = deepFreeze({ ...board(), columns: [{ id: 'backlog', title: '\u0000viban-tasks\u0000' }] });
    same(b);
  });

  it('does not cache a task that is only shallowly frozen', () => {
    const b = board();
    const t = Object.freeze(b.tasks[1]);
    same(b);
    t.worktree!.branch = 'changed';
    same(b);
  });
});
