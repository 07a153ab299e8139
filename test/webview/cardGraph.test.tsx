import assert from 'node:assert/strict';
import { $, $$, boardState, card, mountApp, snapshot, task } from './harness';

describe('cards in a task graph', () => {
  it('show what they wait for (unfinished only), what they block, holds, tier and verification', async () => {
    const { root, send } = await mountApp();
    const tasks = [
      task({ id: 'a', columnId: 'done', order: 1, title: 'Write migration', agentStatus: 'done', verification: { state: 'verified', attempts: 2, at: '' } }),
      task({ id: 'b', columnId: 'todo', order: 1, title: 'Add API route', tier: 'A', verification: { state: 'checks_failed', attempts: 3, failedCommand: 'npm test', outputTail: 'boom', at: '' } }),
      task({ id: 'c', columnId: 'todo', order: 2, title: 'Build UI', blockedBy: ['a', 'b'], tier: 'C', held: 'held: Add API route failed' }),
    ];
    await send({ type: 'snapshot', snapshot: snapshot({ state: boardState(tasks) }) });
    assert.equal($(card(root, 'c'), '.card-graph-line.waiting').textContent, 'Waiting for: Add API route');
    assert.equal($(card(root, 'c'), '.card-graph-line.held').textContent, 'held: Add API route failed');
    assert.equal($(card(root, 'a'), '.card-graph-line.blocks').textContent, 'Blocks: Build UI');
    assert.equal($(card(root, 'b'), '.card-graph-line.blocks').textContent, 'Blocks: Build UI');
    assert.equal($$(card(root, 'a'), '.card-graph-line.waiting').length, 0);
    assert.equal($(card(root, 'a'), '.card-badge.verified').textContent, 'Verified ✓');
    assert.equal($(card(root, 'b'), '.card-badge.checks-failed').textContent, 'Checks failed after 3 attempts');
    assert.equal($(card(root, 'b'), '.card-badge.tier').textContent, 'Tier A');
    assert.equal($(card(root, 'c'), '.card-badge.tier').textContent, 'Tier C');

    // The prerequisite finishes: the card stops waiting for it.
    const done = tasks.map((t) => (t.id === 'b' ? { ...t, agentStatus: 'done' as const, verification: { state: 'verified' as const, attempts: 1, at: '' } } : t));
    await send({ type: 'snapshot', snapshot: snapshot({ state: boardState(done) }) });
    assert.equal($$(card(root, 'c'), '.card-graph-line.waiting').length, 0);
  });
});
