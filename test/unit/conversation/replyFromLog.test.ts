import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { deriveReply, deriveReplyFromStream } from '../../../src/conversation';
import { normalizeClaudeTranscript } from '../../../src/executors/cli/claude/claudeStreamJson';
import type { LogEntry } from '../../../src/protocol/logEntries';

const FIXTURES = path.resolve(__dirname, '..', '..', 'fixtures', 'claude');

/** A recorded Claude Code transcript, normalized the way a session log stores it (with seq). */
function recorded(name: string): LogEntry[] {
  const lines = readFileSync(path.join(FIXTURES, `${name}.jsonl`), 'utf8').split('\n').filter(Boolean);
  return normalizeClaudeTranscript(lines).map((e, seq) => ({ ...e, seq }));
}

const session = { id: 's_1', executorId: 'claude-code', model: 'sonnet' };

describe('conversation/reply from a session log', () => {
  it('merges streamed assistant text and takes tokens and cost from the result', () => {
    const reply = deriveReply(recorded('tools-and-approvals'), { ...session, status: 'succeeded' });
    assert.equal(reply.status, 'completed');
    assert.equal(reply.metadata.error, undefined);
    assert.equal(reply.content, 'Let me read the notes.\n\nAdded the second bullet and staged it. I did not create secret.env.');
    assert.deepEqual(reply.metadata, {
      executorId: 'claude-code',
      sessionId: 's_1',
      model: 'sonnet',
      inputTokens: 820,
      outputTokens: 115,
      costUsd: 0.005600000000000001,
      durationMs: reply.metadata.durationMs,
    });
    assert.equal(typeof reply.metadata.durationMs, 'number');
  });

  it('answers a message sent into a running session with that turn only', () => {
    const entries = recorded('follow-up');
    assert.equal(deriveReply(entries, undefined, { turn: 'lastTurn' }).content, 'Answering the follow-up too.');
    assert.equal(deriveReply(entries).content, 'Thinking about your first question, slowly.\n\nAnswering the follow-up too.');
    const secondResult = entries.findIndex((e, i) => e.kind === 'result' && i > entries.findIndex((x) => x.kind === 'result'));
    const firstResultSeq = entries.find((e) => e.kind === 'result')!.seq!;
    const sinceSend = deriveReply(entries, undefined, { fromSeq: firstResultSeq + 1 });
    assert.equal(sinceSend.content, 'Answering the follow-up too.');
    assert.equal(sinceSend.metadata.costUsd, (entries[secondResult] as { costUsd?: number }).costUsd);
    // While the turn is still streaming (no result yet), lastTurn is what came after the previous result.
    const midTurn = entries.slice(0, secondResult - 1);
    assert.match(deriveReply(midTurn, undefined, { turn: 'lastTurn' }).content, /^Answering/);
  });

  it('marks the reply failed with the reason when the agent failed', () => {
    const loggedOut = deriveReply(recorded('not-logged-in'));
    assert.equal(loggedOut.status, 'failed');
    assert.equal(loggedOut.metadata.error, 'Not logged in · Please run /login');
    assert.equal(loggedOut.content, 'Not logged in · Please run /login', 'the result text stands in when the agent said nothing');

    const stopped = deriveReply(recorded('interrupted'), { ...session, status: 'stopped' });
    assert.equal(stopped.status, 'failed');
    assert.equal(stopped.metadata.error, 'Stopped before it finished.');
    assert.match(stopped.content, /^word word/, 'what the agent said before it was stopped is kept');

    const crashed = deriveReply([], { ...session, status: 'failed', error: 'claude exited with code 1' });
    assert.deepEqual([crashed.status, crashed.content, crashed.metadata.error], ['failed', '', 'claude exited with code 1']);
  });

  it('reads a stream the way SessionStore.readLog yields it', async () => {
    async function* stream() {
      for (const e of recorded('tools-and-approvals')) yield e;
    }
    const reply = await deriveReplyFromStream(stream(), { ...session, status: 'succeeded', costUsd: 9 });
    assert.equal(reply.metadata.costUsd, 0.005600000000000001, "the turn's result wins over session totals");
    assert.match(reply.content, /staged it/);
  });
});
