import { strict as assert } from 'node:assert';
import { createTask, emptyBoard } from '../../../src/board/boardRules';
import { ancestorsOf, criticalPathLength, descendantsOf, describePath, indexGraph, remainingPathRanks, validateGraph } from '../../../src/graph';
import type { Board } from '../../../src/protocol/model';

const NOW = '2026-12-05T10:00:00.000Z';

/** Tasks named by single letters; `edges` like "ab" mean a runs before b (b is blocked by a). */
function graph(ids: string, edges: string[]): Board {
  let b = ids.split('').reduce((acc, id) => createTask(acc, { id, title: id.toUpperCase(), now: NOW }), emptyBoard());
  for (const [from, to] of edges) {
    b = { ...b, tasks: b.tasks.map((t) => (t.id === to ? { ...t, blockedBy: [...(t.blockedBy ?? []), from] } : t)) };
  }
  return b;
}

describe('graph topology', () => {
  it('orders every prerequisite before its dependants, board order among equals', () => {
    const b = graph('dcba', ['ab', 'ac', 'bd', 'cd']);
    const { order, cycles } = validateGraph(b);
    assert.deepEqual(cycles, []);
    assert.equal(order.length, 4);
    const pos = new Map(order.map((id, i) => [id, i]));
    for (const t of b.tasks) for (const p of t.blockedBy ?? []) assert.ok(pos.get(p)! < pos.get(t.id)!, `${p} before ${t.id}`);
    assert.deepEqual(order, ['a', 'c', 'b', 'd']);
  });

  it('reports a cycle a hand edit put in board.json, in run order, and leaves its tasks out of the order', () => {
    const b = graph('abcx', ['ab', 'bc', 'ca', 'cx']);
    const v = validateGraph(b);
    assert.deepEqual(v.order, []);
    assert.equal(v.cycles.length, 1);
    const text = describePath(v.index, v.cycles[0]);
    assert.ok(['A → B → C → A', 'B → C → A → B', 'C → A → B → C'].includes(text), text);
  });

  it('sets aside links to tasks that are not on the board', () => {
    const b = graph('ab', ['ab']);
    const edited = { ...b, tasks: b.tasks.map((t) => (t.id === 'b' ? { ...t, blockedBy: ['a', 'gone'] } : t)) };
    const v = validateGraph(edited);
    assert.deepEqual(v.dangling, [{ taskId: 'b', missing: 'gone' }]);
    assert.deepEqual(v.order, ['a', 'b']);
  });

  it('ranks by longest remaining path, with weights, and finds descendants and ancestors', () => {
    // a → b → d, a → c → d, c → e ; weights: c is long.
    const b = graph('abcde', ['ab', 'ac', 'bd', 'cd', 'ce']);
    const v = validateGraph(b);
    const unit = remainingPathRanks(v);
    assert.deepEqual(Object.fromEntries(unit), { d: 1, e: 1, b: 2, c: 2, a: 3 });
    const weights: Record<string, number> = { a: 1, b: 1, c: 5, d: 2, e: 1 };
    const ranks = remainingPathRanks(v, (id) => weights[id]);
    assert.deepEqual(Object.fromEntries(ranks), { d: 2, e: 1, b: 3, c: 7, a: 8 });
    assert.equal(criticalPathLength(ranks), 8);
    const g = indexGraph(b);
    assert.deepEqual(descendantsOf(g, 'c').sort(), ['d', 'e']);
    assert.deepEqual(descendantsOf(g, 'a').sort(), ['b', 'c', 'd', 'e']);
    assert.deepEqual(ancestorsOf(g, 'd').sort(), ['a', 'b', 'c']);
  });
});
