// The broker's view of open questions per session, which the card status consults per log entry.
import { strict as assert } from 'node:assert';
import { ApprovalBroker } from '../../../src/sessions/approvals';

const ask = (sessionId: string, requestId: string) => ({ sessionId, requestId, taskId: 't', toolName: 'Bash', input: { command: 'ls' } });

describe('ApprovalBroker', () => {
  it('says which sessions have a question open, until it is answered or the session ends', async () => {
    let changes = 0;
    const broker = new ApprovalBroker(() => changes++);
    assert.equal(broker.hasPending('s1'), false);
    const first = broker.ask(ask('s1', 'r1'));
    void broker.ask(ask('s2', 'r2'));
    assert.deepEqual([broker.hasPending('s1'), broker.hasPending('s2'), broker.hasPending('s3')], [true, true, false]);
    assert.deepEqual(broker.pending('s1').map((p) => p.requestId), ['r1']);
    broker.answer('s1', 'r1', { behavior: 'allow', always: true });
    assert.deepEqual(await first, { behavior: 'allow', always: true });
    assert.equal(broker.hasPending('s1'), false);
    // Allowed for the rest of the session: asked again, answered at once, nothing open.
    assert.deepEqual(await broker.ask(ask('s1', 'r3')), { behavior: 'allow', always: true });
    assert.equal(broker.hasPending('s1'), false);
    broker.endSession('s2', 'The session ended.');
    assert.equal(broker.hasPending('s2'), false);
    assert.equal(changes, 4);
  });
});
