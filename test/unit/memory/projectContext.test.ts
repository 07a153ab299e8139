import { strict as assert } from 'node:assert';
import type { MemoryItem } from '../../../src/protocol/memory';
import { renderProjectContext } from '../../../src/memory/projectContext';

function item(n: number, over: Partial<MemoryItem> = {}): MemoryItem {
  return { id: `mem_${n}`, category: 'context', key: `k${n}`, value: `Fact number ${n}`, confidence: 1, createdAt: '2026-01-01T00:00:00Z', updatedAt: `2026-01-${String(10 + (n % 20)).padStart(2, '0')}T00:00:00Z`, ...over };
}

describe('memory/renderProjectContext', () => {
  it('is empty when there is nothing worth saying', () => {
    assert.equal(renderProjectContext([]), '');
    assert.equal(renderProjectContext([item(1, { confidence: 0.1 })]), '');
  });

  it('lists decisions and preferences first, marks unsure items, leaves out the unsure-est', () => {
    const text = renderProjectContext([
      item(1, { category: 'context', value: 'Deployed on Fly.io' }),
      item(2, { category: 'decision', value: 'No social login for now' }),
      item(3, { category: 'preference', value: 'Small commits', confidence: 0.5 }),
      item(4, { category: 'experiment', value: 'Too unsure', confidence: 0.2 }),
    ]);
    assert.deepEqual(text.split('\n').slice(1), ['- Decision: No social login for now', '- Preference: Small commits (not certain)', '- Context: Deployed on Fly.io']);
    assert.match(text.split('\n')[0], /^Project memory/);
  });

  it('gives nothing when not even one item fits', () => {
    assert.equal(renderProjectContext([item(1)], { maxChars: 60 }), '');
  });

  it('stays within the budget and says how many items it left out', () => {
    const items = Array.from({ length: 500 }, (_, i) => item(i));
    for (const max of [200, 300, 1000, 2000]) {
      const text = renderProjectContext(items, { maxChars: max });
      assert.ok(text.length <= max, `${text.length} > ${max}`);
      const shown = text.split('\n').filter((l) => l.startsWith('- Context')).length;
      assert.ok(shown >= 1);
      assert.match(text, new RegExp(`\\(${500 - shown} more items not shown`));
    }
  });
});
