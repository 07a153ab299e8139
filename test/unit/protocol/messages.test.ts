import { strict as assert } from 'node:assert';
import { parseFromWebview, parseToWebview } from '../../../src/protocol/messages';

describe('protocol validation', () => {
  it('accepts a well-formed move request', () => {
    const r = parseFromWebview({ type: 'moveTask', requestId: 'r1', taskId: 't1', toColumnId: 'done', toIndex: 0 });
    assert.equal(r.ok, true);
  });
  it('rejects an unknown message type with a readable reason', () => {
    const r = parseFromWebview({ type: 'rm -rf', path: '/' });
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.error, /type/);
  });
  it('rejects a move with a negative index', () => {
    const r = parseFromWebview({ type: 'moveTask', requestId: 'r1', taskId: 't1', toColumnId: 'done', toIndex: -1 });
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.error, /toIndex/);
  });
  it('rejects a snapshot whose board has a task in an unknown column', () => {
    const r = parseToWebview({
      type: 'snapshot',
      snapshot: {
        folders: [{ key: 'file:///w', name: 'w' }],
        trusted: true,
        host: 'sidebar',
        state: {
          folder: { key: 'file:///w', name: 'w' },
          readOnly: false,
          problems: [],
          board: {
            schemaVersion: 1,
            columns: [{ id: 'a', title: 'A' }],
            tasks: [{ id: 't', columnId: 'zzz', order: 1, title: 'x', createdAt: '', updatedAt: '' }],
          },
        },
      },
    });
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.error, /unknown column/);
  });
});
