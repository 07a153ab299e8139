// Deltas of one block that arrive in the same chunk of agent output become one entry (fewer log
// lines and listener calls for a fast stream), while nothing waits longer than its chunk, no text
// is lost, and entries keep their order around approvals.
import { strict as assert } from 'node:assert';
import fs from 'node:fs';
import path from 'node:path';
import { createCustomExecutor, parseCustomExecutors } from '../../../../src/executors/cli/custom';
import type { RunSink } from '../../../../src/executors/types';
import type { LogEntry } from '../../../../src/protocol/logEntries';
import { removeTempDirs, tempDir } from '../../../support/agentSandboxes';

const delta = (index: number, type: 'text_delta' | 'thinking_delta', text: string) =>
  JSON.stringify({ type: 'stream_event', event: { type: 'content_block_delta', index, delta: type === 'text_delta' ? { type, text } : { type, thinking: text } }, session_id: 's', api_message_id: 'msg_1' });
const start = (index: number, type: string) =>
  JSON.stringify({ type: 'stream_event', event: { type: 'content_block_start', index, content_block: { type } }, session_id: 's', api_message_id: 'msg_1' });
const RESULT = JSON.stringify({ type: 'result', subtype: 'success', is_error: false, result: 'done', session_id: 's', uuid: 'r' });

interface Timed {
  entry: LogEntry;
  at: number;
}

/** Runs a node script as a claude-stream-json custom executor; records each entry with its arrival time. */
async function run(dir: string, script: string): Promise<Timed[]> {
  const file = path.join(dir, 'agent.js');
  fs.writeFileSync(file, script);
  const { executors } = parseCustomExecutors([{ id: 'coalesce', label: 'Coalesce', command: process.execPath, args: [file, '{prompt}'], outputFormat: 'claude-stream-json' }]);
  const got: Timed[] = [];
  const sink: RunSink = {
    entry: (entry) => void got.push({ entry, at: Date.now() }),
    agentSessionId: () => undefined,
    requestApproval: async () => ({ behavior: 'allow' }),
  };
  const outcome = await createCustomExecutor(executors[0]!).run({ prompt: 'go', cwd: dir }, sink, new AbortController().signal);
  assert.equal(outcome.status, 'succeeded', outcome.error);
  return got;
}

const texts = (got: Timed[], kind: 'assistant' | 'thinking') =>
  got.map((g) => g.entry).filter((e): e is Extract<LogEntry, { kind: 'assistant' | 'thinking' }> => e.kind === kind && e.delta === true).map((e) => e.text);

describe('CLI executor: deltas of one chunk merged into one entry', () => {
  let dir: string;
  beforeEach(() => (dir = tempDir('coalesce')));
  after(removeTempDirs);

  it('merges the deltas of each block written together, keeping every character and the block order', async () => {
    const words = Array.from({ length: 60 }, (_, i) => `w${i} ünï "q"\\n `);
    const thoughts = Array.from({ length: 12 }, (_, i) => `t${i} `);
    const lines = [start(0, 'thinking'), ...thoughts.map((t) => delta(0, 'thinking_delta', t)), start(1, 'text'), ...words.map((w) => delta(1, 'text_delta', w)), RESULT];
    const got = await run(dir, `process.stdout.write(${JSON.stringify(lines.join('\n') + '\n')});`);
    assert.deepEqual(texts(got, 'thinking'), [thoughts.join('')]);
    assert.deepEqual(texts(got, 'assistant'), [words.join('')]);
    assert.deepEqual(got.map((g) => g.entry.kind), ['user', 'thinking', 'assistant', 'result']);
    assert.deepEqual(got.slice(1, 3).map((g) => g.entry.id), ['msg_1:0', 'msg_1:1']);
  });

  it('does not hold a delta back for the next chunk: output written apart arrives apart', async () => {
    const script = `
      const out = (l) => process.stdout.write(l + '\\n');
      out(${JSON.stringify(start(0, 'text'))});
      out(${JSON.stringify(delta(0, 'text_delta', 'first '))});
      setTimeout(() => { out(${JSON.stringify(delta(0, 'text_delta', 'second'))}); out(${JSON.stringify(RESULT)}); }, 400);`;
    const got = await run(dir, script);
    const deltas = got.filter((g) => g.entry.kind === 'assistant');
    assert.deepEqual(deltas.map((g) => (g.entry as { text: string }).text), ['first ', 'second']);
    assert.ok(deltas[1].at - deltas[0].at >= 300, `the first delta arrived ${deltas[1].at - deltas[0].at} ms before the second`);
  });

  it('never merges across an approval request: the text before it is logged before it, the rest after', async () => {
    const ask = JSON.stringify({ type: 'control_request', request_id: 'req-1', request: { subtype: 'can_use_tool', tool_name: 'Bash', input: { command: 'ls' } } });
    const lines = [start(0, 'text'), delta(0, 'text_delta', 'a'), delta(0, 'text_delta', 'b'), ask, delta(0, 'text_delta', 'c'), delta(0, 'text_delta', 'd'), RESULT];
    const got = await run(dir, `process.stdout.write(${JSON.stringify(lines.join('\n') + '\n')});`);
    const kinds = got.map((g) => g.entry.kind);
    const at = (kind: string) => kinds.indexOf(kind as LogEntry['kind']);
    assert.deepEqual(texts(got, 'assistant'), ['ab', 'cd']);
    const [before, after] = got.filter((g) => g.entry.kind === 'assistant').map((g) => got.indexOf(g));
    assert.ok(before < at('approval_request') && at('approval_request') < after, kinds.join(' '));
    assert.ok(at('approval_response') > at('approval_request'), kinds.join(' '));
  });
});
