// Unasked surfacing: a task turning failed or its checks failing is news once; an approval
// question is brought up once it has waited past the threshold, and never twice.
import { strict as assert } from 'node:assert';
import { boardNotables, LongWaits } from '../../../../src/assist/brief/surfacing';
import type { Board, Task } from '../../../../src/protocol/model';

const task = (extra: Partial<Task> = {}): Task => ({ id: 't_1', title: 'Add export', columnId: 'c', order: 1, description: '', createdAt: 'x', updatedAt: 'x', agentStatus: 'thinking', ...extra });
const board = (t: Task): Board => ({ schemaVersion: 1, columns: [{ id: 'c', title: 'C' }], tasks: [t] });

describe('surfacing', () => {
  it('a run that turns failed, and checks that turn failed, each with a next step; nothing on first sight or when unchanged', () => {
    const failed = board(task({ agentStatus: 'error', agentStatusMessage: 'Claude Code exited with code 1\ntrace' }));
    assert.deepEqual(boardNotables(undefined, failed), []);
    const [n] = boardNotables(board(task()), failed);
    assert.equal(n.kind, 'runFailed');
    assert.equal(n.message, 'The run on "Add export" failed: Claude Code exited with code 1.');
    assert.match(n.suggestion, /retry it or send the agent a follow-up/);
    assert.deepEqual(boardNotables(failed, failed), []);

    const checks = board(task({ agentStatus: 'done', verification: { state: 'checks_failed', attempts: 3, failedCommand: 'npm test', at: 'x' } }));
    const [c] = boardNotables(board(task({ agentStatus: 'done', verification: { state: 'verifying', attempts: 3, at: 'x' } })), checks);
    assert.equal(c.kind, 'checksFailed');
    assert.equal(c.message, '`npm test` failed on "Add export" after 3 attempts.');
    assert.deepEqual(boardNotables(checks, checks), []);
  });

  it('an approval that waited past the threshold is brought up once; an answered one is forgotten', () => {
    const waits = new LongWaits();
    const q = { sessionId: 's', requestId: 'r', toolName: 'Bash', input: {}, taskId: 't_1' };
    const min = 60_000;
    waits.update([q], 0);
    assert.deepEqual(waits.due([q], 5 * min, 10 * min, () => 'Add export'), []);
    const [n] = waits.due([q], 12 * min, 10 * min, () => 'Add export');
    assert.equal(n.message, '"Add export" has waited 12 min for your approval to use Bash.');
    assert.deepEqual(waits.due([q], 20 * min, 10 * min, () => 'Add export'), [], 'said once');
    const q2 = { ...q, requestId: 'r2' };
    waits.update([q2], 30 * min);
    assert.deepEqual(waits.due([q2], 35 * min, 10 * min, () => 'x'), [], 'a new question starts its own clock');
    assert.equal(waits.due([q2], 40 * min, 10 * min, () => 'x').length, 1);
  });
});
