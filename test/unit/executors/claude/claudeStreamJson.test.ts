// The stream-json normalizer against transcripts recorded from the real CLI
// (test/fixtures/claude, re-record with `npx tsx test/support/recordClaudeFixtures.ts`).
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ClaudeStreamNormalizer, ClaudeStdinSession, normalizeClaudeTranscript } from '../../../../src/executors/cli/claude';
import { LogEntrySchema, type LogEntry } from '../../../../src/protocol/logEntries';
import { mergeEntries } from '../../../support/claudeHarness';

const fixture = (name: string) => readFileSync(join(__dirname, '../../../fixtures/claude', `${name}.jsonl`), 'utf8').split('\n').filter(Boolean);
const of = <K extends LogEntry['kind']>(entries: LogEntry[], kind: K) => entries.filter((e): e is Extract<LogEntry, { kind: K }> => e.kind === kind);

describe('Claude stream-json normalizer (recorded transcripts)', () => {
  describe('tools-and-approvals.jsonl', () => {
    const lines = fixture('tools-and-approvals');
    const entries = normalizeClaudeTranscript(lines, { idPrefix: 't' });
    const merged = mergeEntries(entries);

    it('produces only schema-valid entries and keeps no line as raw', () => {
      for (const e of entries) LogEntrySchema.parse(e);
      assert.deepEqual(of(entries, 'raw'), []);
    });

    it('reports the init as a readable system entry with its data', () => {
      const init = of(entries, 'system').find((s) => s.data?.subtype === 'init')!;
      assert.equal(init.text, 'Claude Code claude-opus-5-5 in /tmp/viban-fixture-repo');
      assert.equal(init.data?.permissionMode, 'default');
      assert.ok(Array.isArray(init.data?.tools));
    });

    it('merges streamed deltas with the final message instead of duplicating it', () => {
      assert.deepEqual(of(merged, 'assistant').map((a) => a.text), [
        'Let me read the notes.',
        'Added the second bullet and staged it. I did not create secret.env.',
      ]);
      assert.deepEqual(of(merged, 'thinking').map((t) => t.text), ['The user wants a new bullet. Read the notes first.']);
      // Every full block took the id its deltas used.
      for (const full of of(entries, 'assistant').filter((a) => !a.delta)) {
        assert.ok(entries.some((e) => e.kind === 'assistant' && e.delta && e.id === full.id), full.id);
      }
      assert.ok(of(entries, 'assistant').filter((a) => a.delta).length >= 4);
    });

    it('pairs tool uses with their results and marks them completed or failed', () => {
      const uses = of(merged, 'tool_use');
      assert.deepEqual(uses.map((u) => [u.name, u.status]), [['Read', 'completed'], ['Edit', 'completed'], ['Write', 'failed'], ['Bash', 'completed']]);
      const results = of(merged, 'tool_result');
      assert.deepEqual(results.map((r) => r.toolUseId), uses.map((u) => u.toolUseId));
      assert.match(results[0].output, /# Notes/);
      assert.deepEqual([results[2].isError, results[2].output], [true, 'Not that one, please']);
      assert.equal(results[3].output, 'A  notes.md');
      assert.deepEqual((uses[1].input as { new_string: string }).new_string, '- first\n- second\n');
    });

    it('turns can_use_tool control requests into approval requests (and marks the tool pending)', () => {
      assert.deepEqual(of(entries, 'approval_request').map((a) => a.toolName), ['Edit', 'Write', 'Bash']);
      const pendingWrite = of(entries, 'tool_use').find((u) => u.name === 'Write' && u.status === 'pending');
      assert.ok(pendingWrite);
    });

    it('reads the result: cost, usage, turns, duration, is_error', () => {
      const [r] = of(entries, 'result');
      assert.equal(r.isError, false);
      assert.ok(Math.abs(r.costUsd! - 0.0056) < 1e-9);
      assert.deepEqual(r.usage, { inputTokens: 820, outputTokens: 115, cacheReadTokens: 100, cacheWriteTokens: 0 });
      assert.equal(r.numTurns, 5);
      assert.ok(r.durationMs! > 0);
    });

    it('exposes the agent session id and the result summary', () => {
      const n = new ClaudeStreamNormalizer();
      for (const l of lines) n.push(l);
      assert.equal(n.agentSessionId, JSON.parse(lines[0]).session_id);
      assert.equal(n.result?.isError, false);
      assert.equal(n.result?.text, 'Added the second bullet and staged it. I did not create secret.env.');
      assert.equal(n.pendingApprovals.length, 3); // nobody answered them through this normalizer
    });

    it('logs nothing for the CLI echo of our own prompt (the executor logged it on send)', () => {
      assert.deepEqual(of(entries, 'user'), []);
    });
  });

  it('follow-up.jsonl: a follow-up queued as a second turn keeps stdin open until it is answered', () => {
    const n = new ClaudeStreamNormalizer();
    const stdin = new ClaudeStdinSession({ prompt: 'first question', cwd: '/x' }, n);
    stdin.initialLines();
    stdin.userMessage('and a follow-up');
    const doneAfter: boolean[] = [];
    for (const l of fixture('follow-up')) {
      n.push(l);
      doneAfter.push(stdin.done);
    }
    const results = fixture('follow-up').map((l, i) => (JSON.parse(l).type === 'result' ? i : -1)).filter((i) => i >= 0);
    assert.equal(results.length, 2);
    assert.equal(doneAfter[results[0]], false);
    assert.equal(doneAfter[results[1]], true);
    assert.equal(n.consumedUserTurns, 2);
  });

  it('interrupted.jsonl: keeps the partial text, notes the interrupt, ends in an error result', () => {
    const entries = normalizeClaudeTranscript(fixture('interrupted'));
    const merged = mergeEntries(entries);
    assert.match(of(merged, 'assistant')[0].text, /^word word/);
    assert.ok(of(entries, 'system').some((s) => s.text === '[Request interrupted by user]'));
    assert.equal(of(entries, 'result')[0].isError, true);
  });

  it('not-logged-in.jsonl: the CLI text becomes an error entry and an error result', () => {
    const entries = normalizeClaudeTranscript(fixture('not-logged-in'));
    assert.deepEqual(of(entries, 'error').map((e) => e.text), ['Not logged in · Please run /login']);
    const [r] = of(entries, 'result');
    assert.equal(r.isError, true);
    assert.equal(r.text, 'Not logged in · Please run /login');
  });

  describe('bad input', () => {
    it('keeps tool-result (user) lines with odd field types as raw, never as nothing or "[object Object]"', () => {
      const lines = [
        '{"type":"user","message":{"role":"user","content":[{"type":"tool_result","tool_use_id":{"x":1},"content":"ok"}]}}',
        '{"type":"user","message":{"role":"user","content":[{"type":"tool_result","content":"no id"}]}}',
        '{"type":"user","message":{"role":"user","content":[{"type":"tool_result","tool_use_id":"t1","content":[{"type":"text","text":{"o":1}}]}]}}',
        '{"type":"user","message":{"role":"user","content":[{"type":"tool_result","tool_use_id":"t1","content":"x","is_error":"yes"}]}}',
        '{"type":"user","message":{"role":"user","content":[{"type":"tool_result","tool_use_id":"t1","content":{"an":"object"}}]}}',
        '{"type":"user","message":{"role":"user","content":[{"type":"image","source":{}}]}}',
        '{"type":"user","message":{"role":"user","content":[]}}',
        '{"type":"user","uuid":7,"message":{"role":"user","content":[{"type":"text","text":"hi"}]}}',
      ];
      const entries = normalizeClaudeTranscript(lines);
      assert.deepEqual(entries.map((e) => e.kind), lines.map(() => 'raw'));
      assert.deepEqual(of(entries, 'raw').map((r) => r.line), lines);
    });

    it('keeps system lines with odd field types as raw; the ticks that log nothing stay nothing', () => {
      const lines = [
        '{"type":"system","subtype":{"an":"object"}}',
        '{"type":"system"}',
        '{"type":"system","subtype":"status","status":{"o":1}}',
        '{"type":"system","subtype":"init","model":{"o":1},"cwd":7}',
        '{"type":"system","subtype":"api_retry","attempt":{"o":1},"error":"x"}',
        '{"type":"system","subtype":"permission_denied","message":{"o":1}}',
        '{"type":"system","subtype":"hook_response","uuid":{"a":1},"message":"one"}',
        '{"type":"system","subtype":"hook_response","uuid":{"a":1},"message":"two"}',
        '{"type":"system","subtype":"hook_response","message":["not","text"]}',
      ];
      const entries = normalizeClaudeTranscript(lines);
      assert.deepEqual(entries.map((e) => e.kind), lines.map(() => 'raw'));
      assert.deepEqual(of(entries, 'raw').map((r) => r.line), lines);
      const ticks = ['{"type":"system","subtype":"thinking_tokens","tokens":"many"}', '{"type":"system","subtype":"status","status":"requesting","uuid":5}'];
      for (const fastPath of [true, false]) {
        const n = new ClaudeStreamNormalizer({ fastPath });
        assert.deepEqual(ticks.flatMap((l) => n.push(l)), [], `fast path ${fastPath}`);
      }
    });

    it('still reads well-typed tool results, system notes and CLI text as before', () => {
      const entries = normalizeClaudeTranscript([
        '{"type":"user","uuid":"u1","message":{"role":"user","content":[{"type":"tool_result","tool_use_id":"t1","content":[{"type":"text","text":"line"},{"type":"image","source":{}}],"is_error":false}]}}',
        '{"type":"user","message":{"role":"user","content":[{"type":"tool_result","tool_use_id":"t2","content":null}]}}',
        '{"type":"user","message":{"role":"user","content":[{"type":"text","text":"[Request interrupted by user]"}]}}',
        '{"type":"system","subtype":"api_retry","attempt":2,"max_retries":10,"error":{"type":"overloaded"}}',
        '{"type":"system","subtype":"hook_response","uuid":"h1","message":"done"}',
      ]);
      assert.deepEqual(entries.map((e) => e.kind), ['tool_result', 'tool_use', 'tool_result', 'tool_use', 'system', 'system', 'system']);
      assert.deepEqual(of(entries, 'tool_result').map((r) => r.output), ['line\n[image]', '']);
      assert.deepEqual(of(entries, 'system').map((r) => r.text), ['[Request interrupted by user]', 'Retrying the API request (attempt 2 of 10): {"type":"overloaded"}', 'done']);
    });

    it('keeps lines of a known type with odd field types as raw, never as nothing or "[object Object]"', () => {
      const lines = [
        '{"type":"assistant","message":{"id":"m1","content":"a string where blocks belong"}}',
        '{"type":"assistant","message":{"id":"m2","content":[{"type":"text","text":{"an":"object"}}]}}',
        '{"type":"assistant","message":{"id":"m3","content":[{"type":"thinking","thinking":42}]}}',
        '{"type":"user","message":{"role":"user","content":{"not":"a list"}}}',
        '{"type":"user","message":{"role":"user","content":[{"type":"text","text":["x"]}]}}',
      ];
      const entries = normalizeClaudeTranscript(lines);
      assert.deepEqual(entries.map((e) => e.kind), ['raw', 'raw', 'raw', 'raw', 'raw']);
      assert.deepEqual(of(entries, 'raw').map((r) => r.line), lines);
    });

    it('keeps garbage, non-objects, unknown types and unknown blocks as raw; never throws', () => {
      const lines = [
        'not json at all',
        '{"type":"assistant","message":{"id":"m","content":[{"type":"hologram"}]}}',
        '[1,2,3]',
        '{"no":"type"}',
        '{"type":"brand_new_event","x":1}',
        '{"type":"result","is_error":false,"usage":"weird"',
        '',
      ];
      const entries = normalizeClaudeTranscript(lines);
      assert.deepEqual(entries.map((e) => e.kind), ['raw', 'raw', 'raw', 'raw', 'raw', 'raw']);
      assert.deepEqual(of(entries, 'raw').map((r) => r.line), lines.slice(0, 6));
      assert.equal(new Set(entries.map((e) => e.id)).size, 6);
    });

    it('maps known bookkeeping lines (rate limits, status) to system entries, not raw', () => {
      const entries = normalizeClaudeTranscript([
        '{"type":"rate_limit_event","rate_limit_info":{"status":"allowed"},"uuid":"u1","session_id":"s"}',
        '{"type":"system","subtype":"status","status":"compacting","uuid":"u2","session_id":"s"}',
      ]);
      assert.deepEqual(entries.map((e) => e.kind), ['system', 'system']);
      assert.deepEqual(entries[1], { kind: 'system', id: 'system:u2', ts: entries[1].ts, text: 'compacting', data: { subtype: 'status', status: 'compacting' } });
    });

    it('logs nothing for the per-request "requesting" status and the thinking-token ticks', () => {
      for (const fastPath of [true, false]) {
        const n = new ClaudeStreamNormalizer({ fastPath });
        assert.deepEqual(n.push('{"type":"system","subtype":"status","status":"requesting","session_id":"s","uuid":"u2"}'), []);
        assert.deepEqual(n.push('{"type":"system","subtype":"thinking_tokens","estimated_tokens":3,"estimated_tokens_delta":3,"session_id":"s","uuid":"u3"}'), []);
      }
    });

    it('without partial messages, full blocks still get ids (one entry per block)', () => {
      const entries = normalizeClaudeTranscript([
        '{"type":"assistant","message":{"id":"m1","content":[{"type":"text","text":"a"},{"type":"text","text":"b"}]},"session_id":"s"}',
      ]);
      assert.deepEqual(entries.map((e) => (e as { text: string }).text), ['a', 'b']);
      assert.notEqual(entries[0].id, entries[1].id);
    });
  });
});
