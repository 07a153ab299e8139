// The Gemini CLI normalizer against transcripts recorded from the real CLI (test/fixtures/gemini/,
// re-record with VIBAN_RECORD_FIXTURES=1) and against lines a crash or a new version could print.
import { strict as assert } from 'node:assert';
import { GeminiStreamJsonNormalizer } from '../../../../src/executors/cli/gemini';
import { LogEntrySchema, type LogEntry } from '../../../../src/protocol/logEntries';
import { foldEntries, ofKind, readFixtureLines } from '../../../support/spawnAdapter';

function feed(lines: string[], n = new GeminiStreamJsonNormalizer({ idPrefix: 'r1' })) {
  const entries: LogEntry[] = [];
  for (const line of lines) entries.push(...n.push(line));
  entries.push(...n.end());
  return { n, entries };
}

describe('GeminiStreamJsonNormalizer', () => {
  it('maps a recorded write/read run, every entry schema-valid', () => {
    const lines = readFixtureLines('gemini', 'write-read-files');
    const { n, entries } = feed(lines);
    for (const e of entries) LogEntrySchema.parse(e);
    const log = foldEntries(entries);
    assert.deepEqual(log.map((e) => e.kind), [
      'system', 'assistant', 'tool_use', 'tool_result', 'tool_use', 'tool_use', 'tool_result', 'tool_result', 'assistant', 'result',
    ]);
    assert.equal(n.agentSessionId, JSON.parse(lines[0]!).session_id);
    assert.equal(n.result?.text, 'All done.');
    assert.equal(typeof n.result?.durationMs, 'number');
  });

  it('merges consecutive deltas under one id and starts a new entry after a tool call', () => {
    const { entries } = feed(readFixtureLines('gemini', 'write-read-files'));
    const deltas = ofKind(entries, 'assistant');
    assert.ok(deltas.every((d) => d.delta === true));
    const ids = [...new Set(deltas.map((d) => d.id))];
    assert.equal(ids.length, 2);
  });

  it('pairs tool results with their call by tool_id and updates the call status in place', () => {
    const { entries } = feed(readFixtureLines('gemini', 'plan-mode-refused-write'));
    const uses = ofKind(entries, 'tool_use');
    assert.deepEqual(uses.map((u) => u.status), ['running', 'failed']);
    assert.equal(uses[0]!.id, uses[1]!.id);
    const [result] = ofKind(entries, 'tool_result');
    assert.equal(result?.toolUseId, uses[0]!.toolUseId);
    assert.match(result!.output, /Access denied: plan path/);
  });

  it('turns an error result into an error entry and an error summary (recorded API_KEY_INVALID)', () => {
    const { n, entries } = feed(readFixtureLines('gemini', 'api-key-invalid'));
    assert.equal(n.result?.isError, true);
    assert.match(n.result?.text ?? '', /API key not valid/);
    assert.match(ofKind(entries, 'error')[0]?.text ?? '', /API_KEY_INVALID/);
    assert.deepEqual(ofKind(entries, 'user'), [], 'the echoed prompt is not logged twice');
  });

  it('keeps whole (non-delta) messages as their own entries and maps warnings to system', () => {
    const { entries } = feed([
      '{"type":"message","role":"assistant","content":"Whole one."}',
      '{"type":"message","role":"assistant","content":"Whole two."}',
      '{"type":"error","severity":"warning","message":"Loop detected, stopping"}',
      '{"type":"error","severity":"error","message":"Tool registry failed"}',
    ]);
    const log = foldEntries(entries);
    assert.deepEqual(ofKind(log, 'assistant').map((e) => e.text), ['Whole one.', 'Whole two.']);
    assert.equal(ofKind(log, 'system')[0]?.text, 'Loop detected, stopping');
    assert.equal(ofKind(log, 'error')[0]?.text, 'Tool registry failed');
  });

  it('keeps garbage, truncated lines and unknown types as raw without throwing', () => {
    const lines = [
      'Warning: 256-color support not detected.',
      '{"type":"message","role":"assistant","content":"Hel',
      '"just a string"',
      '{"type":"new_event_kind"}',
      '{"type":"message","role":"system","content":"?"}',
    ];
    const { entries } = feed(lines);
    assert.deepEqual(entries.map((e) => (e.kind === 'raw' ? e.line : e.kind)), lines);
  });
});
