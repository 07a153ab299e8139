// The one status a task shows (card, detail header, status bar): the cases issue #16 found
// disagreeing — a header saying Thinking under a Waiting-for-you card, "In Review · Done" after a
// run, "Done · Done · Accepted" after a merge.
import { strict as assert } from 'node:assert';
import type { Task } from '../../../src/protocol/model';
import { IDLE, runEndedOnCard, taskState, type TaskStateInput } from '../../../src/protocol/taskState';

const task = (patch: Partial<Task> = {}): TaskStateInput['task'] => ({ agentStatus: 'idle', lastSessionId: 's1', ...patch });

describe('protocol/taskState', () => {
  it('says Waiting for you as soon as a question is pending, while the card still records Thinking', () => {
    const state = taskState({ task: task({ agentStatus: 'thinking', agentStatusMessage: 'Thinking…' }), session: { id: 's1', status: 'running' }, waitingOn: ['Write'] });
    assert.deepEqual(state, { status: 'waiting_for_user', label: 'Waiting for you', detail: 'allow Write?' });
    assert.equal(taskState({ task: task({ agentStatus: 'thinking' }), waitingOn: ['Write', 'Bash'] }).detail, '2 questions');
  });

  it('says Waiting for you when the session waits, before the card knows', () => {
    assert.equal(taskState({ task: task({ agentStatus: 'thinking' }), session: { id: 's1', status: 'waiting_for_user' } }).label, 'Waiting for you');
  });

  it('reads the card alone on the board: its recorded question becomes the detail', () => {
    const state = taskState({ task: task({ agentStatus: 'waiting_for_user', agentStatusMessage: 'Waiting for you: allow Bash?' }) });
    assert.deepEqual(state, { status: 'waiting_for_user', label: 'Waiting for you', detail: 'allow Bash?' });
  });

  it('says Finished once the session succeeded, even while the card still says Thinking, and drops a question already answered', () => {
    const state = taskState({ task: task({ agentStatus: 'thinking', agentStatusMessage: 'Waiting for you: allow Write?' }), session: { id: 's1', status: 'succeeded' } });
    assert.deepEqual(state, { status: 'done', label: 'Finished', detail: undefined });
  });

  it('ignores news of an older session than the task\'s latest', () => {
    assert.equal(taskState({ task: task({ agentStatus: 'thinking', lastSessionId: 's2' }), session: { id: 's1', status: 'succeeded' } }).label, 'Thinking');
  });

  it('says Accepted with how and the short commit after a merge, and nothing else', () => {
    const accepted = { action: 'squash' as const, commit: '4c0ae6d1f2e3d4c5b6a7', branch: 'viban/x', base: 'main', at: '2026-12-05T10:00:00.000Z' };
    assert.deepEqual(taskState({ task: task({ agentStatus: 'done', accepted }), session: { id: 's1', status: 'succeeded' } }), { status: 'done', label: 'Accepted', detail: 'merged as 4c0ae6d' });
    assert.deepEqual(taskState({ task: task({ accepted: { ...accepted, action: 'commit' } }) }), { status: 'done', label: 'Accepted', detail: 'committed as 4c0ae6d' });
  });

  it('says Failed with the reason, Interrupted, Stopped and Queued #n', () => {
    assert.deepEqual(taskState({ task: task({ agentStatus: 'thinking' }), session: { id: 's1', status: 'failed', error: 'exit 1' } }), { status: 'error', label: 'Failed', detail: 'exit 1' });
    assert.equal(taskState({ task: task(), session: { id: 's1', status: 'interrupted' } }).label, 'Interrupted');
    assert.equal(taskState({ task: task(), session: { id: 's1', status: 'stopped' } }).label, 'Stopped');
    assert.deepEqual(taskState({ task: task({ agentStatus: 'queued', agentStatusMessage: 'Queued #2' }) }), { status: 'queued', label: 'Queued #2' });
  });

  it('is idle for a task no agent touched', () => {
    assert.equal(taskState({ task: task({ lastSessionId: undefined }) }), IDLE);
  });
});

describe('runEndedOnCard', () => {
  const running = { status: 'running', sessionId: 's1' };
  it('is true when the card already records that run finished or failed (the queue file lags the card)', () => {
    assert.equal(runEndedOnCard(running, { agentStatus: 'done', lastSessionId: 's1' }), true);
    assert.equal(runEndedOnCard(running, { agentStatus: 'error', lastSessionId: 's1' }), true);
  });
  it('is false while the card still works on it, for another run, or for a job that is not running', () => {
    assert.equal(runEndedOnCard(running, { agentStatus: 'thinking', lastSessionId: 's1' }), false);
    assert.equal(runEndedOnCard(running, { agentStatus: 'waiting_for_user', lastSessionId: 's1' }), false);
    assert.equal(runEndedOnCard(running, { agentStatus: 'done', lastSessionId: 's0' }), false);
    assert.equal(runEndedOnCard({ status: 'queued', sessionId: 's1' }, { agentStatus: 'done', lastSessionId: 's1' }), false);
    assert.equal(runEndedOnCard({ status: 'running' }, { agentStatus: 'done', lastSessionId: 's1' }), false);
    assert.equal(runEndedOnCard(running, undefined), false);
    assert.equal(runEndedOnCard({ ...running, kind: 'message' }, { agentStatus: 'done', lastSessionId: 's1' }), false, 'a follow-up to the finished session has just started');
  });
});
