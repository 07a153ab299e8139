import assert from 'node:assert/strict';
import type { LogEntry } from '../../../src/protocol/logEntries';
import { LogModel } from '../../../webview/session/logModel';
import { diffLines, unifiedDiff } from '../../../webview/session/lineDiff';
import { fileEdits, toolDetail } from '../../../webview/session/toolSummary';
import { formatDuration, resultSummary } from '../../../webview/session/formatting';

const ts = '2025-01-01T00:00:00.000Z';
let seq = 0;
const at = <T extends Omit<LogEntry, 'ts' | 'seq'>>(e: T) => ({ ts, seq: seq++, ...e }) as unknown as LogEntry;

beforeEach(() => {
  seq = 0;
});

const kinds = (m: LogModel) => m.items.map((i) => i.entry.kind);

describe('log model merge rules', () => {
  it('appends deltas with the same id to one entry, and a full message replaces them', () => {
    const m = new LogModel();
    m.reset([at({ kind: 'user', id: 'u', text: 'hi' })]);
    m.append([at({ kind: 'assistant', id: 'a1', text: 'Hel', delta: true })]);
    m.append([at({ kind: 'assistant', id: 'a1', text: 'lo', delta: true }), at({ kind: 'assistant', id: 'a1', text: ' there', delta: true })]);
    assert.equal(m.length, 2);
    const item = m.items[1];
    assert.equal(item.entry.kind === 'assistant' && item.entry.text, 'Hello there');
    assert.equal(item.streaming, true);
    const rev = item.rev;
    m.append([at({ kind: 'assistant', id: 'a1', text: 'Hello there, final.' })]);
    assert.equal(m.items[1].entry.kind === 'assistant' && m.items[1].entry.text, 'Hello there, final.');
    assert.equal(m.items[1].streaming, false);
    assert.ok(m.items[1].rev > rev, 'the row knows it changed');
    assert.equal(m.items[1], item, 'merged in place, no new item');
  });

  it('replaces a tool_use by id (status updates) and pairs its tool_result by toolUseId, without a row of its own', () => {
    const m = new LogModel();
    m.append([at({ kind: 'tool_use', id: 'tool:1', toolUseId: '1', name: 'Bash', input: { command: 'npm test' }, status: 'pending' })]);
    m.append([at({ kind: 'tool_use', id: 'tool:1', toolUseId: '1', name: 'Bash', input: { command: 'npm test' }, status: 'running' })]);
    m.append([at({ kind: 'tool_result', id: 'result:1', toolUseId: '1', output: 'ok', exitCode: 0 })]);
    assert.deepEqual(kinds(m), ['tool_use']);
    const item = m.items[0];
    assert.equal(item.entry.kind === 'tool_use' && item.entry.status, 'running');
    assert.equal(item.result?.output, 'ok');
    // a later full result with the same id replaces the paired one
    m.append([at({ kind: 'tool_result', id: 'result:1', toolUseId: '1', output: 'ok (final)', exitCode: 0 })]);
    assert.equal(m.items[0].result?.output, 'ok (final)');
  });

  it('a result that comes before its tool_use is shown until the tool_use arrives, then becomes that row', () => {
    const m = new LogModel();
    m.append([at({ kind: 'tool_result', id: 'r', toolUseId: 'x', output: 'early' })]);
    assert.deepEqual(kinds(m), ['tool_result']);
    m.append([at({ kind: 'tool_use', id: 't', toolUseId: 'x', name: 'Read', input: { file_path: 'a.ts' } })]);
    assert.deepEqual(kinds(m), ['tool_use']);
    assert.equal(m.items[0].result?.output, 'early');
  });

  it('keeps unknown/raw lines, system, error, result and groups consecutive stderr lines', () => {
    const m = new LogModel();
    m.append([
      at({ kind: 'raw', id: 'raw1', line: '{"weird":true}' }),
      at({ kind: 'stderr', id: 'e1', text: 'warn 1' }),
      at({ kind: 'stderr', id: 'e2', text: 'warn 2' }),
      at({ kind: 'system', id: 's', text: 'init' }),
      at({ kind: 'stderr', id: 'e3', text: 'warn 3' }),
      at({ kind: 'error', id: 'err', text: 'boom' }),
      at({ kind: 'result', id: 'res', isError: false, costUsd: 0.01 }),
    ]);
    assert.deepEqual(kinds(m), ['raw', 'stderr', 'system', 'stderr', 'error', 'result']);
    assert.deepEqual(m.items[1].lines?.map((l) => l.text), ['warn 1', 'warn 2']);
  });

  it('skips entries the host sent twice (seq at or below the last one)', () => {
    const m = new LogModel();
    const a = { kind: 'assistant', id: 'a', text: 'x', delta: true, ts, seq: 5 } as LogEntry;
    m.reset([a]);
    m.append([a, { ...a, seq: 6 } as LogEntry]);
    assert.equal(m.items[0].entry.kind === 'assistant' && m.items[0].entry.text, 'xx');
  });

  it('prepends an older page: keeps order, completes split messages and tool pairs, reports how many rows went in front', () => {
    const m = new LogModel();
    // seq 10.. : the tail
    m.reset(
      [
        { kind: 'assistant', id: 'a', text: ' world', delta: true, ts, seq: 10 },
        { kind: 'tool_result', id: 'r1', toolUseId: 'k', output: 'done', ts, seq: 11 },
        { kind: 'user', id: 'u2', text: 'thanks', ts, seq: 12 },
      ],
      true,
    );
    assert.equal(m.firstSeq, 10);
    const epoch = m.epoch;
    m.prepend(
      [
        { kind: 'user', id: 'u1', text: 'hello?', ts, seq: 7 },
        { kind: 'assistant', id: 'a', text: 'Hello', delta: true, ts, seq: 8 },
        { kind: 'tool_use', id: 'tk', toolUseId: 'k', name: 'Bash', input: { command: 'ls' }, ts, seq: 9 },
      ],
      false,
    );
    assert.deepEqual(kinds(m), ['user', 'assistant', 'tool_use', 'user']);
    assert.equal(m.items[1].entry.kind === 'assistant' && m.items[1].entry.text, 'Hello world');
    assert.equal(m.items[2].result?.output, 'done');
    assert.equal(m.firstSeq, 7);
    assert.equal(m.hasOlder, false);
    assert.equal(m.epoch, epoch + 1);
    assert.equal(m.epochKind, 'prepend');
    assert.equal(m.prepended, 1, 'only the user message is a new row in front');
    // the index still works after re-indexing
    m.append([{ kind: 'assistant', id: 'a', text: '!', delta: true, ts, seq: 13 }]);
    assert.equal(m.items[1].entry.kind === 'assistant' && m.items[1].entry.text, 'Hello world!');
  });

  // Its speed is measured by `npm run bench -- logmodel`, not here.
  it('merges 100,000 entries and 10,000 deltas into one message', () => {
    const entries: LogEntry[] = [];
    for (let i = 0; i < 100_000; i++) {
      const k = i % 4;
      if (k === 0) entries.push({ kind: 'assistant', id: `a${i >> 3}`, text: 'tok ', delta: true, ts, seq: i });
      else if (k === 1) entries.push({ kind: 'tool_use', id: `t${i}`, toolUseId: `u${i}`, name: 'Bash', input: { command: 'ls' }, status: 'running', ts, seq: i });
      else if (k === 2) entries.push({ kind: 'tool_result', id: `r${i}`, toolUseId: `u${i - 1}`, output: 'out', ts, seq: i });
      else entries.push({ kind: 'system', id: `s${i}`, text: 'x', ts, seq: i });
    }
    const deltas: LogEntry[] = Array.from({ length: 10_000 }, (_, i) => ({ kind: 'assistant', id: 'stream', text: 'word ', delta: true, ts, seq: 100_000 + i }));
    const m = new LogModel();
    for (let i = 0; i < entries.length; i += 500) m.append(entries.slice(i, i + 500));
    for (const d of deltas) m.append([d]);
    const last = m.items[m.length - 1];
    assert.equal(last.entry.kind === 'assistant' && last.entry.text.length, 50_000);
  });
});

describe('diff and tool summaries', () => {
  it('computes a unified line diff with folded context', () => {
    const before = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'].join('\n');
    const after = ['a', 'b', 'c', 'd', 'e', 'F', 'g', 'h', 'i', 'j', 'k'].join('\n');
    const lines = unifiedDiff(before, after);
    const marks = lines.map((l) => (l.type === 'gap' ? `…${l.skipped}` : `${l.type[0]}${l.text}`));
    assert.deepEqual(marks, ['…2', 'cc', 'cd', 'ce', 'df', 'aF', 'cg', 'ch', 'ci', 'cj', 'ak']);
    assert.deepEqual(diffLines('', 'x\ny').map((l) => l.type), ['add', 'add']);
  });

  it('reads edits from Claude Code, Gemini and Codex inputs, and a short detail for the row', () => {
    assert.deepEqual(fileEdits('Edit', { file_path: 'src/a.ts', old_string: 'x', new_string: 'y' }), [{ path: 'src/a.ts', before: 'x', after: 'y' }]);
    assert.deepEqual(fileEdits('Write', { file_path: 'b.md', content: 'hi' }), [{ path: 'b.md', before: '', after: 'hi' }]);
    assert.equal(fileEdits('MultiEdit', { file_path: 'c', edits: [{ old_string: '1', new_string: '2' }, { old_string: '3', new_string: '4' }] }).length, 2);
    assert.deepEqual(fileEdits('apply_patch', { changes: [{ path: 'd.ts', kind: 'add' }] }), [{ path: 'd.ts', kind: 'add' }]);
    assert.equal(toolDetail('Bash', { command: 'npm test' }), 'npm test');
    assert.equal(toolDetail('Read', { file_path: 'README.md' }), 'README.md');
    assert.equal(toolDetail('Grep', { pattern: 'TODO' }), 'TODO');
  });

  it('formats the result footer', () => {
    const text = resultSummary({ kind: 'result', id: 'r', ts, isError: false, costUsd: 0.0123, usage: { inputTokens: 1234, outputTokens: 567 }, numTurns: 3, durationMs: 12_400 });
    assert.equal(text, 'Done · $0.01 · 1,234 in / 567 out tokens · 3 turns · 12.4 s');
    assert.equal(formatDuration(125_000), '2 min 05 s');
  });
});

describe('log model: bookkeeping', () => {
  it('keeps agent bookkeeping (status, token counters, approval echoes) out of the chat', () => {
    const m = new LogModel();
    const ts = '2026-11-21T00:00:00.000Z';
    m.append([
      { kind: 'system', id: 's1', seq: 0, ts, text: 'requesting', data: { subtype: 'status' } },
      { kind: 'system', id: 's2', seq: 1, ts, text: 'Control response', data: { subtype: 'control_response' } },
      { kind: 'system', id: 's3', seq: 2, ts, text: 'Claude Code in /w', data: { subtype: 'init' } },
      { kind: 'assistant', id: 'a', seq: 3, ts, text: 'hello' },
    ]);
    assert.deepEqual(m.items.map((i) => i.entry.kind === 'system' || i.entry.kind === 'assistant' ? i.entry.text : i.entry.kind), ['Claude Code in /w', 'hello']);
  });
});
