// Card status from log entries, and the coalescer that keeps board writes to a few a second.
import { strict as assert } from 'node:assert';
import { Coalescer, sameJson, statusForEntry, type CardStatus } from '../../../src/sessions/taskStatus';

const ts = 'T';
const tick = () => new Promise((r) => setImmediate(r));

describe('task status', () => {
  it('maps entries to card statuses', () => {
    assert.deepEqual(statusForEntry({ kind: 'assistant', id: 'a', ts, text: 'x', delta: true }), { agentStatus: 'thinking', agentStatusMessage: 'Thinking…' });
    assert.deepEqual(statusForEntry({ kind: 'tool_use', id: 't', ts, toolUseId: 't', name: 'Bash', input: { command: 'npm test' } }), { agentStatus: 'executing', agentStatusMessage: 'Running npm test' });
    assert.deepEqual(statusForEntry({ kind: 'tool_use', id: 't', ts, toolUseId: 't', name: 'Edit', input: { file_path: 'src/app.ts' } }), { agentStatus: 'executing', agentStatusMessage: 'Editing src/app.ts' });
    assert.equal(statusForEntry({ kind: 'tool_result', id: 'r', ts, toolUseId: 't', output: '' }), undefined);
  });

  it('compares values as JSON would, without serialising', () => {
    assert.ok(sameJson({ a: 1, b: 'x' }, { a: 1, b: 'x' }));
    assert.ok(sameJson({ a: 1, b: undefined }, { a: 1 }));
    assert.ok(sameJson({ a: { n: [1, 2] } }, { a: { n: [1, 2] } }));
    assert.ok(!sameJson({ a: 1 }, { a: 1, b: 2 }));
    assert.ok(!sameJson({ a: 1, b: 2 }, { a: 1 }));
    assert.ok(!sameJson({ a: 'x' }, { a: 'y' }));
    assert.ok(!sameJson({ a: { n: 1 } }, { a: { n: 2 } }));
    assert.ok(!sameJson({ a: { n: 1 } }, { a: undefined }));
    assert.ok(sameJson('s', 's') && !sameJson([1], [2]) && sameJson([1], [1]));
  });

  it('flushes the latest value once per interval, and never the same status twice in a row', async () => {
    const flushed: CardStatus[] = [];
    const c = new Coalescer<CardStatus>(5, async (v) => void flushed.push(v));
    const thinking = statusForEntry({ kind: 'thinking', id: 'a', ts, text: '' })!;
    for (let i = 0; i < 100; i++) c.push(thinking);
    c.push({ agentStatus: 'executing', agentStatusMessage: 'Running ls' });
    await c.flushNow();
    c.push({ agentStatus: 'executing', agentStatusMessage: 'Running ls' });
    await new Promise((r) => setTimeout(r, 20));
    c.push(thinking);
    c.push({ agentStatus: 'thinking', agentStatusMessage: 'Thinking…' });
    await c.flushNow();
    await tick();
    assert.deepEqual(flushed, [
      { agentStatus: 'executing', agentStatusMessage: 'Running ls' },
      { agentStatus: 'thinking', agentStatusMessage: 'Thinking…' },
    ]);
  });
});
