// The board half of the webview controller on a real folder: the handshake, cards and columns,
// the confirmations it asks for, and the snapshot that undoes a refused optimistic change.
import { strict as assert } from 'node:assert';
import { openController, type ControllerHarness } from './controllerHarness';

describe('board controller (webview → board.json, through the router)', function () {
  this.timeout(30_000);
  let c: ControllerHarness;
  beforeEach(async () => {
    c = await openController();
  });
  afterEach(() => c.close());

  const titles = (columnId: string) => c.h.runtime.board.current.board.tasks.filter((t) => t.columnId === columnId).sort((a, b) => a.order - b.order).map((t) => t.title);

  it('answers ready with the snapshot and the executors, then pushes a snapshot on every change', async () => {
    await c.send({ type: 'ready' });
    assert.deepEqual(c.posted.map((m) => m.type), ['snapshot', 'executors']);
    const snap = c.ofType('snapshot')[0].snapshot;
    assert.equal(snap.host, 'editor');
    assert.equal(snap.trusted, true);
    assert.deepEqual(snap.state?.board.columns.map((col) => col.id), ['backlog', 'todo', 'in-progress', 'in-review', 'done']);
    assert.deepEqual(c.ofType('executors')[0].executors.map((e) => e.id), ['scripted']);
    c.folder.fireChange();
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(c.ofType('snapshot').length, 2);
  });

  it('pushes nothing before the webview said ready', async () => {
    c.folder.fireChange();
    await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(c.posted, []);
  });

  it('creates a card and replies with its id; moves it; the board has both', async () => {
    await c.send({ type: 'createTask', requestId: 'r1', title: 'Write the parser', columnId: 'todo' });
    const taskId = c.reply('r1').taskId;
    assert.ok(taskId);
    assert.deepEqual(titles('todo'), ['Write the parser']);
    await c.send({ type: 'moveTask', requestId: 'r2', taskId, toColumnId: 'done', toIndex: 0 });
    assert.deepEqual(c.reply('r2'), { type: 'reply', inReplyTo: 'r2', ok: true });
    assert.deepEqual(titles('done'), ['Write the parser']);
  });

  it('refuses a move to a column that does not exist, and sends the truth again so the card snaps back', async () => {
    await c.send({ type: 'createTask', requestId: 'r1', title: 'Card', columnId: 'todo' });
    const taskId = c.reply('r1').taskId!;
    await c.send({ type: 'moveTask', requestId: 'r2', taskId, toColumnId: 'nowhere', toIndex: 0 });
    const reply = c.reply('r2');
    assert.equal(reply.ok, false);
    assert.match(reply.error ?? '', /column/i);
    const snap = c.ofType('snapshot').at(-1)!.snapshot;
    assert.equal(snap.state?.board.tasks.find((t) => t.id === taskId)?.columnId, 'todo');
    assert.deepEqual(titles('todo'), ['Card']);
  });

  it('deletes a card only when the person confirms', async () => {
    await c.send({ type: 'createTask', requestId: 'r1', title: 'Keep me', columnId: 'todo' });
    const taskId = c.reply('r1').taskId!;
    c.ui.answers.push(undefined); // Escape
    await c.send({ type: 'deleteTask', requestId: 'r2', taskId });
    assert.equal(c.reply('r2').ok, true);
    assert.deepEqual(titles('todo'), ['Keep me']);
    c.ui.answers.push('Delete');
    await c.send({ type: 'deleteTask', requestId: 'r3', taskId });
    assert.deepEqual(titles('todo'), []);
    assert.deepEqual(c.ui.acts, ['ask: Delete the task "Keep me"? [Delete]', 'ask: Delete the task "Keep me"? [Delete]']);
  });

  it('deleting a prerequisite warns in the question, then says which tasks were unblocked; board.json keeps no dangling link', async () => {
    const create = async (id: string, title: string) => {
      await c.send({ type: 'createTask', requestId: id, title, columnId: 'todo' });
      return c.reply(id).taskId!;
    };
    const migration = await create('r1', 'Write migration');
    const route = await create('r2', 'Add API route');
    const ui = await create('r3', 'Build UI');
    const docs = await create('r4', 'Write docs');
    await c.h.runtime.board.link(route, [migration]);
    await c.h.runtime.board.link(ui, [migration, docs]);
    c.ui.answers.push('Delete');
    await c.send({ type: 'deleteTask', requestId: 'r5', taskId: migration });
    assert.equal(c.reply('r5').ok, true);
    assert.match(c.ui.details.at(-1) ?? '', /"Add API route", "Build UI" wait for it: those links are removed too\.$/);
    assert.equal(c.ui.acts.at(-1), 'info: Deleted "Write migration". Unblocked: "Add API route", "Build UI". "Build UI" still waits for other tasks.');
    const tasks = c.h.runtime.board.current.board.tasks;
    assert.equal(tasks.find((t) => t.id === route)!.blockedBy, undefined);
    assert.deepEqual(tasks.find((t) => t.id === ui)!.blockedBy, [docs]);
    // A task nothing waits for: no warning, no message.
    const acts = c.ui.acts.length;
    c.ui.answers.push('Delete');
    await c.send({ type: 'deleteTask', requestId: 'r6', taskId: route });
    assert.doesNotMatch(c.ui.details.at(-1) ?? '', /wait/);
    assert.deepEqual(c.ui.acts.slice(acts), ['ask: Delete the task "Add API route"? [Delete]']);
  });

  it('asks where the cards of a removed column go, and keeps the column on Escape', async () => {
    await c.send({ type: 'createTask', requestId: 'r1', title: 'Card', columnId: 'in-review' });
    c.ui.answers.push(undefined);
    await c.send({ type: 'deleteColumn', requestId: 'r2', columnId: 'in-review' });
    assert.ok(c.h.runtime.board.current.board.columns.some((col) => col.id === 'in-review'));
    c.ui.answers.push('Done');
    await c.send({ type: 'deleteColumn', requestId: 'r3', columnId: 'in-review' });
    assert.ok(!c.h.runtime.board.current.board.columns.some((col) => col.id === 'in-review'));
    assert.deepEqual(titles('done'), ['Card']);
    assert.match(c.ui.acts[0], /^pick: Remove "In Review": where should its 1 card go\? \[Backlog\|Todo\|In Progress\|Done\]$/);
  });

  it('adds, renames and moves a column', async () => {
    await c.send({ type: 'addColumn', requestId: 'r1', title: 'Later' });
    const later = c.h.runtime.board.current.board.columns.find((col) => col.title === 'Later')!;
    await c.send({ type: 'renameColumn', requestId: 'r2', columnId: later.id, title: 'Someday' });
    await c.send({ type: 'moveColumn', requestId: 'r3', columnId: later.id, toIndex: 0 });
    assert.deepEqual(['r1', 'r2', 'r3'].map((r) => c.reply(r).ok), [true, true, true]);
    assert.equal(c.h.runtime.board.current.board.columns[0].title, 'Someday');
  });

  it('passes the editor acts through the UI port and the webview log to the host log', async () => {
    await c.send({ type: 'openFolder' });
    await c.send({ type: 'openBoardInEditor' });
    await c.send({ type: 'log', level: 'warn', message: 'something odd' });
    assert.deepEqual(c.ui.acts, ['openFolderDialog', 'openBoardInEditor']);
    assert.deepEqual(c.log.lines, ['warn (webview) something odd']);
  });
});
