// SessionStore.listLive: the live sessions of a task, checked before every run starts. It reads a
// session's file again only when the file changed, and always sees a change another process made
// (an atomic rewrite by a second store on the same folder stands in for that process).
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SESSION_SCHEMA_VERSION, type SessionMeta, type SessionStatus } from '../../../../src/protocol/sessions';
import { Redactor } from '../../../../src/secrets/redactor';
import { SessionStore } from '../../../../src/store/sessions/sessionStore';

function meta(id: string, taskId: string, status: SessionStatus, createdAt: string): SessionMeta {
  return { schemaVersion: SESSION_SCHEMA_VERSION, id, taskId, executorId: 'it', executorLabel: 'It', status, prompt: 'p', cwd: '/tmp', createdAt, entryCount: 0 };
}

describe('SessionStore.listLive', () => {
  let root: string;
  beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'viban-listlive-'))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('lists only live sessions of the task, and follows status changes written by another store', async () => {
    const mine = new SessionStore(root, new Redactor({}));
    const other = new SessionStore(root, new Redactor({}));
    await other.save(meta('s_a1', 't_a', 'succeeded', '2026-01-01T00:00:01Z'));
    await other.save(meta('s_a2', 't_a', 'running', '2026-01-01T00:00:02Z'));
    await other.save(meta('s_b1', 't_b', 'waiting_for_user', '2026-01-01T00:00:03Z'));
    for (let i = 0; i < 50; i++) await other.save(meta(`s_old${i}`, 't_a', 'failed', '2025-01-01T00:00:00Z'));

    assert.deepEqual((await mine.listLive({ taskId: 't_a' })).map((m) => m.id), ['s_a2']);
    assert.deepEqual((await mine.listLive()).map((m) => m.id), ['s_a2', 's_b1']);
    // Asked again with nothing changed: the same answer (from the remembered statuses).
    assert.deepEqual((await mine.listLive({ taskId: 't_a' })).map((m) => m.id), ['s_a2']);

    // Another process ends one run and revives the id of an ended one (a requeued reserved session).
    await other.save(meta('s_a2', 't_a', 'stopped', '2026-01-01T00:00:02Z'));
    await other.save(meta('s_old7', 't_a', 'running', '2025-01-01T00:00:00Z'));
    assert.deepEqual((await mine.listLive({ taskId: 't_a' })).map((m) => m.id), ['s_old7']);
    assert.deepEqual((await mine.listLive({ taskId: 't_b' })).map((m) => m.id), ['s_b1']);

    rmSync(join(root, '.viban', 'sessions', 's_old7.json'));
    assert.deepEqual(await mine.listLive({ taskId: 't_a' }), []);
  });
});
