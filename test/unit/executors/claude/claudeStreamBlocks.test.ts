// Streamed blocks and the full lines that complete them: ids stay the same whether or not the
// normalizer still remembers a completed message (it forgets them so long sessions stay small).
import { strict as assert } from 'node:assert';
import { ClaudeStreamNormalizer } from '../../../../src/executors/cli/claude';
import type { LogEntry } from '../../../../src/protocol/logEntries';

const start = (msg: string, index: number, type: string) => JSON.stringify({ type: 'stream_event', api_message_id: msg, event: { type: 'content_block_start', index, content_block: { type } } });
const delta = (msg: string, index: number, text: string) => JSON.stringify({ type: 'stream_event', api_message_id: msg, event: { type: 'content_block_delta', index, delta: { type: 'text_delta', text } } });
const full = (msg: string, content: object) => JSON.stringify({ type: 'assistant', message: { id: msg, content: [content] } });
const ids = (n: ClaudeStreamNormalizer, lines: string[]) => lines.flatMap((l) => n.push(l)).map((e: LogEntry) => `${e.kind}:${e.id}`);

describe('Claude stream-json normalizer: streamed block ids', () => {
  it('gives each full block the id of its streamed block, across interleaved messages', () => {
    const n = new ClaudeStreamNormalizer({ idPrefix: 'p', now: () => 'T' });
    assert.deepEqual(
      ids(n, [
        start('m1', 0, 'thinking'), start('m2', 0, 'text'), start('m1', 1, 'text'),
        delta('m1', 1, 'a'), delta('m2', 0, 'b'),
        full('m1', { type: 'thinking', thinking: 't' }),
        full('m2', { type: 'text', text: 'b' }),
        full('m1', { type: 'text', text: 'a' }),
      ]),
      ['assistant:m1:1', 'assistant:m2:0', 'thinking:m1:0', 'assistant:m2:0', 'assistant:m1:1'],
    );
  });

  it('after a message is complete: a late delta keeps its block id, a repeated full block gets a fresh one', () => {
    const n = new ClaudeStreamNormalizer({ idPrefix: 'p', now: () => 'T' });
    ids(n, [start('m1', 0, 'text'), delta('m1', 0, 'a'), full('m1', { type: 'text', text: 'a' })]);
    assert.deepEqual(ids(n, [delta('m1', 0, 'late'), full('m1', { type: 'text', text: 'again' })]), ['assistant:m1:0', 'assistant:m1:fullp-0']);
    // A block streamed later in the same message still matches its full line.
    assert.deepEqual(ids(n, [start('m1', 1, 'tool_use'), start('m1', 2, 'text'), full('m1', { type: 'text', text: 'b' })]), ['assistant:m1:2']);
  });
});
