// The normalizer skips Claude's bookkeeping lines by their exact prefix instead of parsing them.
// Whatever the input, the entries (ids included) and the state they leave must be exactly what
// the full parse gives: these tests run both paths side by side.
import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ClaudeStreamNormalizer } from '../../../../src/executors/cli/claude';
import type { LogEntry } from '../../../../src/protocol/logEntries';
import { claudeTranscript } from '../../../../bench/lib/claudeTranscript';

const FIXTURES = join(__dirname, '../../../fixtures/claude');
const now = () => '2026-01-01T00:00:00.000Z';

/** Both normalizers over the same lines: every line's entries, plus what each exposes at the end. */
function bothPaths(lines: Iterable<string>): { fast: LogEntry[][]; full: LogEntry[][]; skipped: number; state: [unknown, unknown] } {
  const fastN = new ClaudeStreamNormalizer({ now, idPrefix: 'p', fastPath: true });
  const fullN = new ClaudeStreamNormalizer({ now, idPrefix: 'p', fastPath: false });
  const fast: LogEntry[][] = [];
  const full: LogEntry[][] = [];
  let skipped = 0;
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
  }
  const state = (n: ClaudeStreamNormalizer) => ({ result: n.result, idle: n.idleAfterResult, consumed: n.consumedUserTurns, pending: n.pendingApprovals });
  return { fast, full, skipped, state: [state(fastN), state(fullN)] };
}

describe('Claude normalizer fast path (bookkeeping lines skipped without parsing)', () => {
  for (const file of readdirSync(FIXTURES).filter((f) => f.endsWith('.jsonl'))) {
    it(`${file}: the same entries, line by line, as a full parse`, () => {
      const lines = readFileSync(join(FIXTURES, file), 'utf8').split('\n').filter(Boolean);
      const r = bothPaths(lines);
      assert.deepEqual(r.fast, r.full);
      assert.deepEqual(r.state[0], r.state[1]);
    });
  }

  it('a long generated session (fresh ids every turn): the same entries, and about half the lines are never parsed', () => {
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
    assert.ok(r.skipped > lines.length * 0.5, `${r.skipped} of ${lines.length} lines skipped`);
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
    assert.equal(r.skipped, 0);
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
});
