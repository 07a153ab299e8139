// The normalizer reads Claude's common line shapes by their exact prefix instead of parsing them:
// bookkeeping lines, text/thinking deltas, full text/thinking blocks and string tool results.
// Whatever the input, the entries (ids included) and the state they leave must be exactly what
// the full parse gives, and any JSON the fast path wrote for an entry must parse to that entry:
// these tests run both paths side by side.
import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ClaudeStreamNormalizer } from '../../../../src/executors/cli/claude';
import { jsonOf } from '../../../../src/protocol/entryJson';
import type { LogEntry } from '../../../../src/protocol/logEntries';
import { claudeTranscript } from '../../../../bench/lib/claudeTranscript';

const FIXTURES = join(__dirname, '../../../fixtures/claude');
const now = () => '2026-01-01T00:00:00.000Z';

/** Both normalizers over the same lines: every line's entries, plus what each exposes at the end. */
function bothPaths(lines: Iterable<string>): { fast: LogEntry[][]; full: LogEntry[][]; skipped: number; made: number; state: [unknown, unknown] } {
  const fastN = new ClaudeStreamNormalizer({ now, idPrefix: 'p', fastPath: true });
  const fullN = new ClaudeStreamNormalizer({ now, idPrefix: 'p', fastPath: false });
  const fast: LogEntry[][] = [];
  const full: LogEntry[][] = [];
  let skipped = 0;
  let made = 0;
  for (const line of lines) {
    const parse = JSON.parse;
    let parsed = false;
    JSON.parse = ((text: string, reviver?: (k: string, v: unknown) => unknown) => ((parsed = true), parse(text, reviver))) as typeof JSON.parse;
    try {
      fast.push(fastN.push(line));
    } finally {
      JSON.parse = parse;
    }
    if (!parsed) skipped++;
    full.push(fullN.push(line));
    for (const e of fast[fast.length - 1]) {
      const json = jsonOf(e);
      if (json === undefined) continue;
      made++;
      assert.deepEqual(JSON.parse(`${json}}`), e, `the JSON written for ${e.id} is not the entry`);
    }
  }
  const state = (n: ClaudeStreamNormalizer) => ({ result: n.result, idle: n.idleAfterResult, consumed: n.consumedUserTurns, pending: n.pendingApprovals });
  return { fast, full, skipped, made, state: [state(fastN), state(fullN)] };
}

describe('Claude normalizer fast path (known line shapes read without parsing the line)', () => {
  for (const file of readdirSync(FIXTURES).filter((f) => f.endsWith('.jsonl'))) {
    it(`${file}: the same entries, line by line, as a full parse`, () => {
      const lines = readFileSync(join(FIXTURES, file), 'utf8').split('\n').filter(Boolean);
      const r = bothPaths(lines);
      assert.deepEqual(r.fast, r.full);
      assert.deepEqual(r.state[0], r.state[1]);
    });
  }

  it('a long generated session (fresh ids every turn): the same entries, and most lines are never parsed whole', () => {
    const lines: string[] = [];
    for (const line of claudeTranscript({ seed: 7 })) {
      lines.push(line);
      if (lines.length === 5000) break;
    }
    const r = bothPaths(lines);
    assert.deepEqual(r.fast, r.full);
    // Deltas kept the ids their blocks were given by the skipped content_block_start lines.
    const ids = new Set(r.fast.flat().filter((e) => e.kind === 'assistant' && e.delta).map((e) => e.id));
    assert.ok(ids.size > 100, `${ids.size} streamed blocks`);
    // Only tool calls (and deltas or results with escapes, whose string alone is parsed) call JSON.parse.
    assert.ok(r.skipped > lines.length * 0.8, `${r.skipped} of ${lines.length} lines skipped`);
    // Tool outputs go to the log as the agent spelled them (a denied call's result has another key order).
    const results = r.fast.flat().filter((e) => e.kind === 'tool_result').length;
    assert.ok(results > 50 && r.made > results * 0.7, `${r.made} of ${results} tool results with their JSON made`);
  });

  it('lines that only look like bookkeeping take the full path and come out as a parse would', () => {
    const lines = [
      // Truncated (no closing brace): kept as raw by the full parse.
      '{"type":"stream_event","event":{"type":"message_stop"},"session_id":"s"',
      // Another key order: parsed.
      '{"event":{"type":"message_start","message":{"id":"m9","content":[]}},"type":"stream_event","session_id":"s"}',
      '{"type":"stream_event","event":{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}},"session_id":"s"}',
      '{"type":"stream_event","event":{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"hi"}},"session_id":"s"}',
      // An id with an escape, a non-integer index, a second key after the id: parsed.
      '{"type":"stream_event","event":{"type":"message_start","message":{"id":"m\\"x","content":[]}},"session_id":"s"}',
      '{"type":"stream_event","event":{"type":"content_block_start","index":1.5,"content_block":{"type":"text","text":""}},"session_id":"s","api_message_id":"m1"}',
      '{"type":"stream_event","event":{"type":"content_block_start","index":2,"content_block":{"type":"text","text":""}},"session_id":"s","api_message_id":"m1","x":1}',
      '{"type":"stream_event","event":{"type":"content_block_delta","index":2,"delta":{"type":"text_delta","text":"there"}},"session_id":"s","api_message_id":"m1"}',
      // A status other than "requesting" is logged.
      '{"type":"system","subtype":"status","status":"compacting","session_id":"s","uuid":"u1"}',
      // Not JSON at all, though it starts like a skipped line.
      '{"type":"stream_event","event":{"type":"ping"} garbage',
    ];
    const r = bothPaths(lines);
    assert.deepEqual(r.fast, r.full);
    // Only the last delta has the shape (its message id is the line's last key).
    assert.equal(r.skipped, 1);
    assert.deepEqual(r.fast.map((es) => es.map((e) => e.kind)), [['raw'], [], [], ['assistant'], [], [], [], ['assistant'], ['system'], ['raw']]);
  });

  it('skipped starts still give the deltas that follow them their block ids', () => {
    const r = bothPaths([
      '{"type":"stream_event","event":{"type":"message_start","message":{"id":"msg_a","content":[]}},"session_id":"s","api_message_id":"msg_a"}',
      '{"type":"stream_event","event":{"type":"content_block_start","index":3,"content_block":{"type":"thinking","thinking":""}},"session_id":"s","api_message_id":"msg_a"}',
      '{"type":"stream_event","event":{"type":"content_block_delta","index":3,"delta":{"type":"thinking_delta","thinking":"hmm"}},"session_id":"s"}',
      '{"type":"stream_event","event":{"type":"content_block_delta","index":3,"delta":{"type":"signature_delta","signature":"abc"}},"session_id":"s","api_message_id":"msg_a"}',
      '{"type":"stream_event","event":{"type":"content_block_stop","index":3},"session_id":"s","api_message_id":"msg_a"}',
      '{"type":"assistant","message":{"id":"msg_a","content":[{"type":"thinking","thinking":"hmm"}]},"session_id":"s"}',
    ]);
    assert.deepEqual(r.fast, r.full);
    assert.equal(r.skipped, 4);
    const [delta] = r.fast[2];
    const [full] = r.fast[5];
    assert.deepEqual([delta.id, full.id, full.kind], ['msg_a:3', 'msg_a:3', 'thinking']);
  });

  it('deltas, full blocks and tool results with escapes, flags and look-alike shapes come out as a parse would', () => {
    const start = (index: number, type: string) =>
      `{"type":"stream_event","event":{"type":"content_block_start","index":${index},"content_block":{"type":"${type}","${type}":""}},"session_id":"s","parent_tool_use_id":null,"uuid":"u","api_message_id":"msg_b"}`;
    const delta = (index: number, type: 'text' | 'thinking', literal: string, extra = '') =>
      `{"type":"stream_event","event":{"type":"content_block_delta","index":${index},"delta":{"type":"${type}_delta","${type}":${literal}}},"session_id":"s","parent_tool_use_id":null,"uuid":"u","api_message_id":"msg_b"${extra}}`;
    const full = (content: string, tail = '') =>
      `{"type":"assistant","message":{"id":"msg_b","type":"message","role":"assistant","model":"m","stop_sequence":null,"content":[${content}],"stop_reason":null,"usage":{"input_tokens":1}},"parent_tool_use_id":null,"session_id":"s","uuid":"u2"${tail}}`;
    const result = (id: string, content: string, flag = '', tail = '') =>
      `{"type":"user","message":{"role":"user","content":[{"tool_use_id":"${id}","type":"tool_result","content":${content}${flag}}]},"parent_tool_use_id":null,"session_id":"s","uuid":"u3"${tail},"tool_use_result":{"stdout":"x"}}`;
    const tricky = 'a "quoted" \\ back\nslash 😀 \u2028 and \t tab';
    const lines = [
      '{"type":"stream_event","event":{"type":"message_start","message":{"id":"msg_b","content":[]}},"session_id":"s","api_message_id":"msg_b"}',
      start(0, 'thinking'),
      delta(0, 'thinking', JSON.stringify(tricky)), // 2: escapes, decoded
      delta(0, 'thinking', JSON.stringify('ends in a backslash \\')), // 3
      full(`{"type":"thinking","thinking":${JSON.stringify(tricky + 'ends in a backslash \\')},"signature":"sig\\"x"}`), // 4
      start(1, 'text'),
      delta(1, 'text', '"plain words "'), // 6
      delta(1, 'text', '"bad \\x escape"'), // 7: not JSON -> raw on both paths
      delta(1, 'text', '"more"', ',"later_key":1'), // 8: id not the last key -> parsed
      full('{"type":"text","text":"plain words more"}'), // 9
      full('{"type":"text","text":"Not logged in"}', ',"error":"authentication_failed"'), // 10: the CLI's own failure
      full('{"type":"text","text":"API Error: 500"}', ',"is_api_error_message":true'), // 11
      full('{"type":"text","text":"one"},{"type":"text","text":"two"}'), // 12: two blocks -> parsed
      result('toolu_1', JSON.stringify('line1\n\tline2 "q" \\ end'), ',"is_error":true'), // 13
      result('toolu_2', JSON.stringify('ok'), ',"is_error":false'), // 14
      result('toolu_3', JSON.stringify('no flag \u001b[31mred\u001b[0m')), // 15: control escapes may be kept as spelled
      result('toolu_4', '"key \\u0073k-ant-api03-abcdefghijklmnopqrst"'), // 16: a letter spelled as \u: never written as spelled
      result('toolu_5', '[{"type":"text","text":"from an array"}]'), // 17: parsed
      result('toolu_6', '"x"', ',"is_error":true}, {"tool_use_id":"toolu_7","type":"tool_result","content":"y"'), // 18: two results -> parsed
      result('toolu_8', '"echo"', '', ',"isReplay":true'), // 19: a replayed turn -> parsed
      full('{"type":"tool_use","id":"toolu_9","name":"Bash","input":{"command":"ls \\"a b\\"","list":[1,{"x":[2]}]}}'), // 20
      full('{"type":"tool_use","id":"toolu_10","name":"Odd","input":{"a":[{"b":1}],"stop_reason":2}}'), // 21: the end marker inside the input
      full('{"type":"tool_use","id":"toolu_11","name":"Bash","input":{"command":"echo \\u0073k-ant"}}'), // 22: a \u-spelled letter
      full('{"type":"tool_use","id":"toolu_12","name":"Bash","input":{}}', ',"error":"rate_limit"'), // 23: flagged -> parsed
      full('{"type":"tool_use","id":"toolu_13","name":"Bash","input":"not an object"}'), // 24: parsed (kept as the parse gives it)
      result('toolu_9', '"done"'), // 25: its finished call is written with the input as spelled
      result('toolu_11', '"done"'), // 26
      delta(1, 'text', '"a raw\ttab"'), // 27: a raw control character: not JSON, raw on both paths
      result('toolu_14', '"raw\u0001char"'), // 28: the same in a tool output
      full('{"type":"tool_use","id":"toolu_15","name":"Ba\tsh","input":{}}'), // 29: and in a tool name
    ];
    const r = bothPaths(lines);
    assert.deepEqual(r.fast, r.full);
    assert.deepEqual(r.state[0], r.state[1]);
    const kinds = r.fast.map((es) => es.map((e) => e.kind).join(','));
    assert.deepEqual(kinds.slice(2, 12), ['thinking', 'thinking', 'thinking', '', 'assistant', 'raw', 'assistant', 'assistant', 'error', 'error']);
    assert.equal((r.fast[4][0] as { text: string }).text, `${tricky}ends in a backslash \\`);
    assert.equal((r.fast[2][0] as { text: string }).text, tricky);
    // Results: each a tool_result and its finished tool call.
    assert.deepEqual(kinds.slice(13, 19), ['tool_result,tool_use', 'tool_result,tool_use', 'tool_result,tool_use', 'tool_result,tool_use', 'tool_result,tool_use', 'tool_result,tool_use,tool_result,tool_use']);
    assert.equal((r.fast[13][0] as { isError: boolean }).isError, true);
    assert.equal((r.fast[16][0] as { output: string }).output, 'key sk-ant-api03-abcdefghijklmnopqrst');
    assert.equal(jsonOf(r.fast[16][0]), undefined, 'a \\u-spelled letter must not reach the log as spelled');
    assert.ok(jsonOf(r.fast[15][0]), 'control-character escapes are kept as spelled');
    // Tool calls: toolu_9 and toolu_10 (cut in the wrong place, then parsed whole) come out as parsed;
    // the \u-spelled input is never written as spelled, and the flagged line is parsed.
    assert.deepEqual(kinds.slice(20, 25), ['tool_use', 'tool_use', 'tool_use', 'tool_use', 'tool_use']);
    assert.deepEqual((r.fast[20][0] as { input: unknown }).input, { command: 'ls "a b"', list: [1, { x: [2] }] });
    assert.deepEqual((r.fast[21][0] as { input: unknown }).input, { a: [{ b: 1 }], stop_reason: 2 });
    assert.ok(jsonOf(r.fast[20][0]) && !jsonOf(r.fast[21][0]) && !jsonOf(r.fast[22][0]) && !jsonOf(r.fast[23][0]));
    assert.ok(jsonOf(r.fast[25][1]), 'the finished call reuses the input as spelled');
    assert.equal(jsonOf(r.fast[26][1]), undefined);
    // toolu_1, toolu_2, toolu_3 results and their finished calls' none (no call seen); toolu_9's call,
    // toolu_9's and toolu_11's results and toolu_9's finished call.
    assert.equal(r.made, 7);
    // Never parsed at all: the start lines, the escape-free delta and full block, the escape-free results.
    assert.equal(r.skipped, 8);
    assert.deepEqual(kinds.slice(27), ['raw', 'raw', 'raw']);
  });
});
