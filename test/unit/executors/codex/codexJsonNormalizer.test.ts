// The Codex normalizer against transcripts recorded from the real CLI (test/fixtures/codex/,
// re-record with VIBAN_RECORD_FIXTURES=1) and against lines a crash or a new version could print.
import { strict as assert } from 'node:assert';
import { CodexJsonNormalizer } from '../../../../src/executors/cli/codex';
import { LogEntrySchema, type LogEntry } from '../../../../src/protocol/logEntries';
import { foldEntries, ofKind, readFixtureLines } from '../../../support/spawnAdapter';

function feed(lines: string[], n = new CodexJsonNormalizer({ idPrefix: 'r1' })) {
  const entries: LogEntry[] = [];
  for (const line of lines) entries.push(...n.push(line));
  entries.push(...n.end());
  return { n, entries };
}

describe('CodexJsonNormalizer', () => {
  it('maps a recorded shell-command run, every entry schema-valid', () => {
    const { n, entries } = feed(readFixtureLines('codex', 'shell-command'));
    for (const e of entries) LogEntrySchema.parse(e);
    const log = foldEntries(entries);
    assert.deepEqual(
      log.map((e) => e.kind),
      ['system', 'system', 'thinking', 'assistant', 'tool_use', 'tool_result', 'assistant', 'result'],
    );
    assert.equal(n.agentSessionId, JSON.parse(readFixtureLines('codex', 'shell-command')[0]!).thread_id);
    assert.equal(n.result?.isError, false);
    assert.equal(n.result?.numTurns, 1);
  });

  it('gives item.started and item.completed of one item the same entry id', () => {
    const { entries } = feed(readFixtureLines('codex', 'shell-command'));
    const uses = ofKind(entries, 'tool_use');
    assert.equal(uses.length, 2);
    assert.equal(uses[0]!.id, uses[1]!.id);
    assert.deepEqual(uses.map((u) => u.status), ['running', 'completed']);
    assert.equal(foldEntries(entries).filter((e) => e.kind === 'tool_use').length, 1);
  });

  it('keeps ids unique across runs even though Codex restarts item numbering', () => {
    const a = feed(readFixtureLines('codex', 'resume'), new CodexJsonNormalizer()).entries;
    const b = feed(readFixtureLines('codex', 'resume'), new CodexJsonNormalizer()).entries;
    const ids = new Set(a.map((e) => e.id));
    assert.ok(b.every((e) => !ids.has(e.id)));
  });

  it('maps a patch to a file change and a non-zero exit to an error result', () => {
    const log = foldEntries(feed(readFixtureLines('codex', 'patch-and-failing-command')).entries);
    const [patch, ls] = ofKind(log, 'tool_use');
    assert.equal(patch?.name, 'apply_patch');
    assert.deepEqual((patch?.input as { changes: unknown[] }).changes.length, 1);
    assert.equal(ls?.status, 'failed');
    const results = ofKind(log, 'tool_result');
    assert.deepEqual(results.map((r) => [r.isError ?? false, r.exitCode]), [[false, undefined], [true, 2]]);
  });

  it('treats "Reconnecting…" as progress and turn.failed as an error result (recorded 401)', () => {
    const { n, entries } = feed(readFixtureLines('codex', 'auth-401'));
    assert.equal(ofKind(entries, 'system').filter((e) => e.text.startsWith('Reconnecting')).length, 5);
    const errors = ofKind(entries, 'error');
    assert.equal(errors.length, 1, 'the final error event and turn.failed say the same thing once');
    assert.match(errors[0]!.text, /401 Unauthorized/);
    assert.equal(n.result?.isError, true);
    assert.match(n.result?.text ?? '', /401/);
    assert.equal(ofKind(entries, 'result')[0]?.isError, true);
  });

  it('keeps the missing-key failure text for the explanation (recorded)', () => {
    const { n } = feed(readFixtureLines('codex', 'missing-api-key'));
    assert.match(n.result?.text ?? '', /Missing environment variable: `OPENAI_API_KEY`/);
    assert.deepEqual(n.errors, ['Missing environment variable: `OPENAI_API_KEY`.']);
  });

  it('keeps garbage, truncated lines and unknown types as raw without throwing', () => {
    const lines = [
      'not json at all',
      '{"type":"item.completed","item":{"id":"item_9","type":"agent_mess',
      '[1,2,3]',
      '{"no_type":true}',
      '{"type":"something.new","x":1}',
      '{"type":"item.completed","item":{"id":"item_5","type":"brand_new_item"}}',
      '{"type":"item.completed","item":null}',
      '',
    ];
    const { entries } = feed(lines);
    assert.deepEqual(
      entries.map((e) => (e.kind === 'raw' ? e.line : e.kind)),
      lines.filter((l) => l !== ''),
    );
  });

  it('maps mcp calls, web searches, todo lists and non-warning error items', () => {
    const { entries } = feed([
      '{"type":"item.started","item":{"id":"item_1","type":"mcp_tool_call","server":"docs","tool":"search","arguments":{"q":"x"},"status":"in_progress"}}',
      '{"type":"item.completed","item":{"id":"item_1","type":"mcp_tool_call","server":"docs","tool":"search","arguments":{"q":"x"},"result":{"content":[{"type":"text","text":"found"}]},"status":"completed"}}',
      '{"type":"item.completed","item":{"id":"item_2","type":"web_search","query":"codex docs"}}',
      '{"type":"item.updated","item":{"id":"item_3","type":"todo_list","items":[{"text":"a","completed":true},{"text":"b","completed":false}]}}',
      '{"type":"item.completed","item":{"id":"item_4","type":"error","message":"sandbox denied"}}',
    ]);
    const log = foldEntries(entries);
    const [mcp, web] = ofKind(log, 'tool_use');
    assert.equal(mcp?.name, 'mcp:docs/search');
    assert.equal(ofKind(log, 'tool_result')[0]?.output, 'found');
    assert.deepEqual(web?.input, { query: 'codex docs' });
    assert.equal(ofKind(log, 'system')[0]?.text, 'Plan:\n[x] a\n[ ] b');
    assert.equal(ofKind(log, 'error')[0]?.text, 'sandbox denied');
  });
});
