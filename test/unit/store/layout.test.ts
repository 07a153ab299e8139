import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { fileNamePart, isSafeFileId, safeFileId, storeLayout } from '../../../src/store/layout';

describe('store layout', () => {
  const root = path.join(path.sep, 'work', 'project');
  const layout = storeLayout(root);
  const inStore = (...parts: string[]) => path.join(root, '.viban', ...parts);

  it('names the existing kinds where earlier versions put them', () => {
    assert.equal(layout.dir, inStore());
    assert.equal(layout.board, inStore('board.json'));
    assert.equal(layout.boardLock, inStore('board.lock'));
    assert.equal(layout.settings, inStore('settings.json'));
    assert.equal(layout.sessionMeta('s1'), inStore('sessions', 's1.json'));
    assert.equal(layout.sessionLog('s1'), inStore('sessions', 's1.jsonl'));
    assert.equal(layout.stopRequest('s1'), inStore('sessions', 's1.stop'));
    assert.equal(layout.sessionsLock, inStore('sessions', 'sessions.lock'));
    assert.equal(layout.conversation('t1'), inStore('messages', 't1.jsonl'));
    assert.equal(layout.conversationLock('t1'), inStore('messages', 't1.lock'));
    assert.equal(layout.queue, inStore('queue.json'));
    assert.equal(layout.queueLock, inStore('queue.lock'));
    assert.equal(layout.patch('t1', '2026-01-01T00-00-00-000Z'), inStore('patches', 't1-2026-01-01T00-00-00-000Z.patch'));
  });

  it('names the wave-2 kinds', () => {
    assert.equal(layout.worker('w1'), inStore('workers', 'w1.json'));
    assert.equal(layout.run('r1'), inStore('runs', 'r1.json'));
    assert.equal(layout.recipes, inStore('recipes.json'));
    assert.equal(layout.skills, inStore('skills.json'));
    assert.equal(layout.skillsDir, inStore('skills'));
    assert.equal(layout.memory, inStore('memory.json'));
    assert.equal(layout.events, inStore('events.jsonl'));
  });

  it('refuses ids that would name a file outside their folder', () => {
    for (const bad of ['../board', 'a/b', '', 'x'.repeat(101), 'a b', '..']) {
      assert.equal(isSafeFileId(bad), false, bad);
      assert.throws(() => layout.sessionMeta(bad), /is not a valid session id/);
      assert.throws(() => layout.conversation(bad), /is not a valid task id/);
      assert.throws(() => layout.worker(bad), /is not a valid worker id/);
    }
    assert.equal(safeFileId('s_1-A'), 's_1-A');
  });

  it('keeps a patch for a hand-edited task id instead of refusing it', () => {
    assert.equal(fileNamePart('../x y'), '___x_y');
    assert.equal(path.dirname(layout.patch('../../etc', 'now')), inStore('patches'));
  });
});
