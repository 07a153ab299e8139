// The host's message router on its own: validation, one reply per request, errors as replies or
// (for messages nobody waits on) as a notification, and a table the compiler holds complete.
import { strict as assert } from 'node:assert';
import { MessageRouter, type HandlerTable } from '../../../src/controllers/router';
import type { ToWebview } from '../../../src/protocol/messages';
import { RecordingLog } from './controllerHarness';

/** A router whose table answers with `overrides`, and records every other message it is handed. */
function routerWith(overrides: Partial<HandlerTable>) {
  const seen: string[] = [];
  const posted: ToWebview[] = [];
  const errors: string[] = [];
  const log = new RecordingLog();
  const table = new Proxy({} as HandlerTable, { get: (_t, type: string) => (overrides as Record<string, unknown>)[type] ?? (() => void seen.push(type)) });
  const router = new MessageRouter(table, { post: (m) => posted.push(m), log, showError: (m) => errors.push(m), name: 'sidebar' });
  return { router, seen, posted, errors, log };
}

describe('MessageRouter (host side, one table keyed by message type)', () => {
  it('hands each valid message to the handler of its type, with the parsed message', async () => {
    const got: unknown[] = [];
    const { router, seen } = routerWith({ openSession: (m) => void got.push(m) });
    await router.receive({ type: 'selectFolder', folderKey: 'file:///a' });
    await router.receive({ type: 'openSession', sessionId: 's1' });
    assert.deepEqual(seen, ['selectFolder']);
    // Defaults from the schema are filled in before the handler sees the message.
    assert.deepEqual(got, [{ type: 'openSession', sessionId: 's1', tail: 500 }]);
  });

  it('drops an invalid message with a log line naming the webview, and runs no handler', async () => {
    const { router, seen, posted, log } = routerWith({});
    await router.receive({ type: 'moveTask', requestId: 'r1', taskId: 't', toColumnId: 'c', toIndex: -1 });
    await router.receive({ type: 'noSuchMessage' });
    await router.receive('not an object');
    assert.deepEqual(seen, []);
    assert.deepEqual(posted, []);
    assert.equal(log.lines.length, 3);
    assert.match(log.lines[0], /^warn dropped an invalid message from the sidebar webview: toIndex/);
  });

  it('answers a request once with ok and the fields its handler returned (undefined ones left out)', async () => {
    const { router, posted } = routerWith({ startRun: async () => ({ sessionId: 's9', jobId: 'j1', position: undefined }) });
    await router.receive({ type: 'startRun', requestId: 'r7', taskId: 't', executorId: 'x', permissionMode: 'ask' });
    assert.deepEqual(posted, [{ type: 'reply', inReplyTo: 'r7', ok: true, sessionId: 's9', jobId: 'j1' }]);
  });

  it('answers a request whose handler returns nothing with a bare ok', async () => {
    const { router, posted } = routerWith({});
    await router.receive({ type: 'addColumn', requestId: 'r1', title: 'Later' });
    assert.deepEqual(posted, [{ type: 'reply', inReplyTo: 'r1', ok: true }]);
  });

  it('turns a refused request into an error reply and a log line, not a notification', async () => {
    const { router, posted, errors, log } = routerWith({ deleteTask: async () => Promise.reject(new Error('That task no longer exists.')) });
    await router.receive({ type: 'deleteTask', requestId: 'r2', taskId: 'gone' });
    assert.deepEqual(posted, [{ type: 'reply', inReplyTo: 'r2', ok: false, error: 'That task no longer exists.' }]);
    assert.deepEqual(errors, []);
    assert.deepEqual(log.lines, ['warn deleteTask refused: That task no longer exists.']);
  });

  it('shows the error of a failed message that has no reply to carry it', async () => {
    const { router, posted, errors } = routerWith({
      openDiff: () => {
        throw new Error('a.txt is no longer among the changes.');
      },
    });
    await router.receive({ type: 'openDiff', taskId: 't', path: 'a.txt' });
    assert.deepEqual(posted, []);
    assert.deepEqual(errors, ['Viban: a.txt is no longer among the changes.']);
  });

  // Checked by the compiler (`npm run typecheck` covers test/unit): each line below must stay an error.
  it('is a compile error to leave a message type out of the table, or to add one that does not exist', () => {
    // @ts-expect-error — 'ready' (and every other type) is missing: the table must name them all.
    const incomplete: HandlerTable = { openFolder: () => undefined };
    // @ts-expect-error — a handler for a message the protocol does not have.
    const extra: Pick<HandlerTable, 'openFolder'> = { openFolder: () => undefined, notAMessage: () => undefined };
    // @ts-expect-error — a handler must take its own message: moveTask has no `sessionId`.
    const wrong: Pick<HandlerTable, 'moveTask'> = { moveTask: (m: { sessionId: string }) => void m.sessionId };
    assert.deepEqual(Object.keys({ ...incomplete, ...extra, ...wrong }).sort(), ['moveTask', 'notAMessage', 'openFolder']);
  });
});
