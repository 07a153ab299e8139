// The OpenCode normalizer against transcripts recorded from the real CLI (test/fixtures/opencode/,
// re-record with VIBAN_RECORD_FIXTURES=1) and against lines a crash or a new version could print.
import { strict as assert } from 'node:assert';
import { OpencodeJsonNormalizer, OPENCODE_NOT_LOGGED_IN } from '../../../../src/executors/cli/opencode';
import { LogEntrySchema, type LogEntry } from '../../../../src/protocol/logEntries';
import { foldEntries, ofKind, readFixtureLines } from '../../../support/spawnAdapter';

function feed(lines: string[], n = new OpencodeJsonNormalizer({ idPrefix: 'r1' })) {
  const entries: LogEntry[] = [];
  for (const line of lines) entries.push(...n.push(line));
  entries.push(...n.end());
  return { n, entries };
}

describe('OpencodeJsonNormalizer', () => {
  it('maps a recorded write + bash run, every entry schema-valid', () => {
    const lines = readFixtureLines('opencode', 'write-and-bash');
    const { n, entries } = feed(lines);
    for (const e of entries) LogEntrySchema.parse(e);
    assert.deepEqual(foldEntries(entries).map((e) => e.kind), [
      'system', 'thinking', 'assistant', 'tool_use', 'tool_result', 'tool_use', 'tool_result', 'assistant', 'result',
    ]);
    assert.equal(n.agentSessionId, JSON.parse(lines[0]!).sessionID);
    assert.equal(n.result?.numTurns, 3);
    assert.equal(n.result?.costUsd, 0);
    assert.ok((n.result?.durationMs ?? -1) >= 0);
  });

  it('reports no result before the process ends, and one at the end', () => {
    const n = new OpencodeJsonNormalizer();
    for (const line of readFixtureLines('opencode', 'resume')) n.push(line);
    const before = n.result;
    assert.equal(before, undefined);
    const [final] = n.end();
    assert.equal(final?.kind, 'result');
    assert.equal(n.result?.text, 'Second answer.');
  });

  it('sums cost and tokens over steps', () => {
    const step = (cost: number, input: number, output: number, reasoning: number, read: number) =>
      JSON.stringify({ type: 'step_finish', sessionID: 's', part: { type: 'step-finish', cost, tokens: { input, output, reasoning, cache: { read, write: 1 } } } });
    const { n } = feed([step(0.01, 10, 5, 2, 3), step(0.02, 20, 6, 0, 4)]);
    assert.ok(Math.abs((n.result?.costUsd ?? 0) - 0.03) < 1e-9);
    assert.deepEqual(n.result?.usage, { inputTokens: 30, outputTokens: 13, cacheReadTokens: 7, cacheWriteTokens: 2 });
  });

  it('marks a rejected tool call failed with the reason (recorded auto-edit run)', () => {
    const log = foldEntries(feed(readFixtureLines('opencode', 'auto-edit-rejected-bash')).entries);
    assert.equal(ofKind(log, 'tool_use')[0]?.status, 'failed');
    assert.match(ofKind(log, 'tool_result')[0]?.output ?? '', /rejected permission/);
  });

  it('turns error lines into clear messages and an error result (recorded 401 and unknown model)', () => {
    const auth = feed(readFixtureLines('opencode', 'api-error-401'));
    assert.match(ofKind(auth.entries, 'error')[0]?.text ?? '', /rejected OpenCode's API key \(HTTP 401\)/);
    assert.equal(auth.n.result?.isError, true);
    const unknown = feed(readFixtureLines('opencode', 'unknown-model'));
    assert.match(unknown.n.result?.text ?? '', /check the model id/);
  });

  it('explains ProviderAuthError', () => {
    const { n } = feed(['{"type":"error","sessionID":"s","error":{"name":"ProviderAuthError","data":{"providerID":"anthropic","message":"No API key"}}}']);
    assert.ok(n.result?.text?.startsWith(OPENCODE_NOT_LOGGED_IN));
    assert.match(n.result!.text!, /provider: anthropic.*No API key/);
  });

  it('keeps garbage, truncated lines and unknown types as raw without throwing', () => {
    const lines = [
      'Error: Unexpected error',
      '{"type":"text","sessionID":"ses_x","part":{"id":"p1","text":"cut',
      'null',
      '{"type":"brand_new","sessionID":"ses_x"}',
    ];
    const { n, entries } = feed(lines);
    assert.deepEqual(
      entries.filter((e) => e.kind !== 'system').map((e) => (e.kind === 'raw' ? e.line : e.kind)),
      lines,
    );
    assert.equal(n.agentSessionId, 'ses_x', 'the session id is taken even from an unknown line');
    assert.equal(n.result, undefined, 'no step finished and no error: no result');
  });
});
