import assert from 'node:assert/strict';
import { $, boardState, card, mountApp, snapshot, task } from './harness';

describe('cards created by an agent (viban mcp)', () => {
  it('say which session created them, on the card and in its accessible name; other cards say nothing', async () => {
    const { root, send } = await mountApp(snapshot());
    await send({
      type: 'snapshot',
      snapshot: snapshot({ state: boardState([task({ id: 'f1', columnId: 'todo', title: 'Follow-up: add tests', createdBy: { sessionId: 's_abc123' } }), task({ id: 'u1', columnId: 'todo', title: 'Mine' })]) }),
    });
    assert.equal($(card(root, 'f1'), '.card-created-by').textContent, 'Created by session s_abc123');
    assert.match(card(root, 'f1').getAttribute('aria-label') ?? '', /created by session s_abc123/);
    assert.equal(card(root, 'u1').querySelector('.card-created-by'), null);
  });
});
