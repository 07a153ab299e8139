import assert from 'node:assert/strict';
import type { Snapshot } from '../../src/protocol/messages';
import { boardReducer, initialAppState, type AppState } from '../../webview/state/boardReducer';
import { applyMove, groupTasksByColumn } from '../../webview/state/taskOrder';
import { keyboardMoveTarget, neighbourCard } from '../../webview/board/keyboardMove';
import { descriptionPreview, formatCost } from '../../webview/board/cardSummary';
import { dropIndex } from '../../webview/board/useDragAndDrop';
import { describeMove } from '../../webview/host/useBoardCommands';
import { boardState, task } from './harness';

const tasks = () => [
  task({ id: 'a', columnId: 'todo', order: 1, title: 'A' }),
  task({ id: 'b', columnId: 'todo', order: 2, title: 'B' }),
  task({ id: 'c', columnId: 'todo', order: 3, title: 'C' }),
  task({ id: 'd', columnId: 'done', order: 1, title: 'D' }),
];
const snap = (): Snapshot => ({ folders: [{ key: 'k', name: 'a' }], state: boardState(tasks()), trusted: true, host: 'sidebar' });
const loaded = (): AppState => boardReducer(initialAppState, { type: 'snapshot', snapshot: snap() });
const ids = (s: AppState, column: string) => (groupTasksByColumn(s.board!).get(column) ?? []).map((t) => t.id);

describe('boardReducer', () => {
  it('snapshot connects and shows the host board', () => {
    const s = loaded();
    assert.equal(s.connected, true);
    assert.equal(s.board, s.hostState?.board);
    assert.deepEqual(ids(s, 'todo'), ['a', 'b', 'c']);
  });

  it('an optimistic move shows at once and leaves the host truth alone', () => {
    const s = boardReducer(loaded(), { type: 'optimisticMove', move: { requestId: 'r1', taskId: 'a', toColumnId: 'done', toIndex: 1 } });
    assert.deepEqual(ids(s, 'todo'), ['b', 'c']);
    assert.deepEqual(ids(s, 'done'), ['d', 'a']);
    assert.equal(s.hostState?.board.tasks.find((t) => t.id === 'a')?.columnId, 'todo');
    assert.equal(s.pendingMoves.length, 1);
  });

  it('a failed reply snaps back to the host board, keeps other pending moves and shows the error', () => {
    let s = boardReducer(loaded(), { type: 'optimisticMove', move: { requestId: 'r1', taskId: 'a', toColumnId: 'done', toIndex: 0 } });
    s = boardReducer(s, { type: 'optimisticMove', move: { requestId: 'r2', taskId: 'c', toColumnId: 'todo', toIndex: 0 } });
    s = boardReducer(s, { type: 'reply', inReplyTo: 'r1', ok: false, error: 'Column is locked' });
    assert.deepEqual(ids(s, 'done'), ['d']);
    assert.deepEqual(ids(s, 'todo'), ['c', 'a', 'b']);
    assert.deepEqual(s.notices, [{ id: 'r1', message: 'Column is locked' }]);
    assert.deepEqual(s.pendingMoves.map((m) => m.requestId), ['r2']);
  });

  it('an ok reply keeps the optimistic board until the next snapshot, which wins', () => {
    let s = boardReducer(loaded(), { type: 'optimisticMove', move: { requestId: 'r1', taskId: 'a', toColumnId: 'done', toIndex: 0 } });
    s = boardReducer(s, { type: 'reply', inReplyTo: 'r1', ok: true });
    assert.deepEqual(ids(s, 'done'), ['a', 'd']);
    assert.equal(s.notices.length, 0);
    const pushed = boardState([task({ id: 'a', columnId: 'done', order: 9 }), task({ id: 'd', columnId: 'done', order: 1 })]);
    s = boardReducer(s, { type: 'snapshot', snapshot: { ...snap(), state: pushed } });
    assert.equal(s.board, pushed.board);
    assert.deepEqual(ids(s, 'done'), ['d', 'a']);
    assert.equal(s.pendingMoves.length, 0);
  });

  it('a snapshot pushed while a move waits for its reply re-applies the move: the card stays where it was dropped', () => {
    let s = boardReducer(loaded(), { type: 'optimisticMove', move: { requestId: 'r1', taskId: 'a', toColumnId: 'done', toIndex: 1 } });
    // The host's board changed for another reason (an agent finished on card c) before it moved a.
    const other = snap();
    other.state!.board.tasks = other.state!.board.tasks.map((t) => (t.id === 'c' ? { ...t, agentStatus: 'done' } : t));
    s = boardReducer(s, { type: 'snapshot', snapshot: other });
    assert.deepEqual(ids(s, 'done'), ['d', 'a'], 'the dragged card did not snap back');
    assert.equal(s.board!.tasks.find((t) => t.id === 'c')?.agentStatus, 'done', 'the push itself is shown');
    assert.deepEqual(s.pendingMoves.map((m) => m.requestId), ['r1']);
    s = boardReducer(s, { type: 'reply', inReplyTo: 'r1', ok: true });
    assert.equal(s.pendingMoves.length, 0);
  });

  it('a live card status shows over the stored one until the board agrees, and never touches the host truth', () => {
    let s = boardReducer(loaded(), { type: 'cardStatus', taskId: 'b', status: { agentStatus: 'executing', agentStatusMessage: 'Running npm test' } });
    const b = () => s.board!.tasks.find((t) => t.id === 'b')!;
    assert.equal(b().agentStatusMessage, 'Running npm test');
    assert.equal(s.hostState!.board.tasks.find((t) => t.id === 'b')!.agentStatusMessage, undefined);
    // A snapshot for another reason keeps the live status...
    s = boardReducer(s, { type: 'snapshot', snapshot: snap() });
    assert.equal(b().agentStatusMessage, 'Running npm test');
    // ...and one whose board says the run's final word lets it go.
    const ended = snap();
    ended.state!.board.tasks = ended.state!.board.tasks.map((t) => (t.id === 'b' ? { ...t, agentStatus: 'done', agentStatusMessage: 'Claude Code finished' } : t));
    s = boardReducer(s, { type: 'cardStatus', taskId: 'b', status: { agentStatus: 'done', agentStatusMessage: 'Claude Code finished' } });
    s = boardReducer(s, { type: 'snapshot', snapshot: ended });
    assert.deepEqual(s.liveStatus, {});
    assert.equal(s.board, s.hostState!.board, 'nothing left over the host board');
    assert.equal(boardReducer(s, { type: 'cardStatus', taskId: 'gone', status: { agentStatus: 'thinking' } }), s, 'a status for an unknown task is ignored');
  });

  it('a failed non-move request only adds a notice; notices are dismissible and capped', () => {
    let s = loaded();
    for (let i = 0; i < 5; i++) s = boardReducer(s, { type: 'reply', inReplyTo: `x${i}`, ok: false, error: `e${i}` });
    assert.deepEqual(s.notices.map((n) => n.message), ['e2', 'e3', 'e4']);
    assert.equal(s.board, s.hostState?.board);
    s = boardReducer(s, { type: 'dismissNotice', id: 'x3' });
    assert.deepEqual(s.notices.map((n) => n.message), ['e2', 'e4']);
  });

  it('a move timeout (a failed reply from PendingReplies, with its own message) rolls back like a refusal', () => {
    let s = boardReducer(loaded(), { type: 'optimisticMove', move: { requestId: 'r1', taskId: 'a', toColumnId: 'done', toIndex: 0 } });
    s = boardReducer(s, { type: 'reply', inReplyTo: 'r1', ok: false, error: 'Viban did not confirm the move in time; the card went back.' });
    assert.deepEqual(ids(s, 'todo'), ['a', 'b', 'c']);
    assert.deepEqual(s.pendingMoves, []);
    assert.equal(s.notices[0].message, 'Viban did not confirm the move in time; the card went back.');
  });

  it('refuses optimistic moves on a read-only board', () => {
    const ro = boardReducer(initialAppState, { type: 'snapshot', snapshot: { ...snap(), state: { ...boardState(tasks()), readOnly: true } } });
    assert.equal(boardReducer(ro, { type: 'optimisticMove', move: { requestId: 'r', taskId: 'a', toColumnId: 'done', toIndex: 0 } }), ro);
  });

  it('trust comes with each snapshot', () => {
    const s = boardReducer(loaded(), { type: 'snapshot', snapshot: { ...snap(), trusted: false } });
    assert.equal(s.trusted, false);
    assert.deepEqual(ids(s, 'todo'), ['a', 'b', 'c']);
  });
});

describe('applyMove / dropIndex / describeMove', () => {
  const board = boardState(tasks()).board;
  it('places by index among the destination tasks excluding the moved one', () => {
    const order = (b: typeof board, c: string) => (groupTasksByColumn(b).get(c) ?? []).map((t) => t.id);
    assert.deepEqual(order(applyMove(board, { taskId: 'a', toColumnId: 'todo', toIndex: 2 }), 'todo'), ['b', 'c', 'a']);
    assert.deepEqual(order(applyMove(board, { taskId: 'c', toColumnId: 'todo', toIndex: 1 }), 'todo'), ['a', 'c', 'b']);
    assert.deepEqual(order(applyMove(board, { taskId: 'b', toColumnId: 'doing', toIndex: 0 }), 'doing'), ['b']);
    assert.equal(applyMove(board, { taskId: 'zzz', toColumnId: 'todo', toIndex: 0 }), board);
  });
  it('dropIndex maps "before card X" to toIndex', () => {
    const g = groupTasksByColumn(board);
    assert.equal(dropIndex(g, 'a', 'todo', 'c'), 1);
    assert.equal(dropIndex(g, 'a', 'todo', null), 2);
    assert.equal(dropIndex(g, 'd', 'todo', 'a'), 0);
  });
  it('describes a move for screen readers', () => {
    assert.equal(describeMove(board, 'a', 'done', 1), 'Moved "A" to Done, position 2 of 2');
    assert.equal(describeMove(board, 'a', 'todo', 2), 'Moved "A" to Todo, position 3 of 3');
  });
});

describe('keyboardMove', () => {
  const board = boardState(tasks()).board;
  const g = groupTasksByColumn(board);
  it('Alt+Up/Down reorder within the column, stopping at the ends', () => {
    assert.deepEqual(keyboardMoveTarget(board.columns, g, 'b', 'ArrowUp'), { taskId: 'b', toColumnId: 'todo', toIndex: 0 });
    assert.deepEqual(keyboardMoveTarget(board.columns, g, 'b', 'ArrowDown'), { taskId: 'b', toColumnId: 'todo', toIndex: 2 });
    assert.equal(keyboardMoveTarget(board.columns, g, 'a', 'ArrowUp'), null);
    assert.equal(keyboardMoveTarget(board.columns, g, 'c', 'ArrowDown'), null);
  });
  it('Alt+Left/Right move to the neighbouring column at the same (clamped) position', () => {
    assert.deepEqual(keyboardMoveTarget(board.columns, g, 'c', 'ArrowRight'), { taskId: 'c', toColumnId: 'doing', toIndex: 0 });
    assert.deepEqual(keyboardMoveTarget(board.columns, g, 'd', 'ArrowLeft'), { taskId: 'd', toColumnId: 'doing', toIndex: 0 });
    assert.equal(keyboardMoveTarget(board.columns, g, 'a', 'ArrowLeft'), null);
    assert.equal(keyboardMoveTarget(board.columns, g, 'd', 'ArrowRight'), null);
  });
  it('plain arrows find the neighbour card, skipping empty columns', () => {
    assert.equal(neighbourCard(board.columns, g, 'a', 'ArrowDown'), 'b');
    assert.equal(neighbourCard(board.columns, g, 'c', 'ArrowRight'), 'd');
    assert.equal(neighbourCard(board.columns, g, 'd', 'ArrowLeft'), 'a');
    assert.equal(neighbourCard(board.columns, g, 'a', 'End'), 'c');
    assert.equal(neighbourCard(board.columns, g, 'a', 'ArrowUp'), null);
  });
});

describe('card summary', () => {
  it('previews the first non-empty line as plain text, truncated', () => {
    assert.equal(descriptionPreview('\n\n## Goal: *fast*\nsecond'), 'Goal: fast');
    assert.equal(descriptionPreview('- [ ] item'), 'item');
    assert.equal(descriptionPreview('x'.repeat(500)).length, 160);
  });
  it('formats cost as dollars with two decimals', () => {
    assert.equal(formatCost(0), '$0.00');
    assert.equal(formatCost(3.004), '$3.00');
    assert.equal(formatCost(12.3456), '$12.35');
    assert.equal(formatCost(0.0016), '$0.0016', 'a fraction of a cent is not shown as free');
  });
});
