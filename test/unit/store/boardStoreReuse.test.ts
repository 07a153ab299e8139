// The store reuses the board it validated when board.json still holds exactly the bytes it read
// or wrote. These tests are about the edges of that shortcut: bytes that changed without changing
// size, mutators that return something invalid, and copies that leave the store.
import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import type { Board } from '../../../src/protocol/model';
import { BoardStore, InvalidBoardError, type LoadResult } from '../../../src/store/boardStore';
import { addTask, makeTempRoot, removeTempRoot, task, waitFor } from './helpers';

/** Rewrites board.json in place with one title changed, keeping the file's size. */
async function sameSizeEdit(file: string, from: string, to: string): Promise<void> {
  assert.equal(from.length, to.length);
  const before = await fs.readFile(file, 'utf8');
  assert.ok(before.includes(from), `${from} is in the file`);
  const after = before.replace(from, to);
  await fs.writeFile(file, after);
  assert.equal((await fs.stat(file)).size, Buffer.byteLength(before));
}

describe('store/BoardStore reusing what it validated', () => {
  let root: string;
  let store: BoardStore;
  beforeEach(async () => {
    root = await makeTempRoot();
    store = new BoardStore({ root });
    await store.update(addTask(task('a', { title: 'Alpha' })));
    await store.update(addTask(task('b', { title: 'Bravo' })));
  });
  afterEach(async () => {
    store.dispose();
    await removeTempRoot(root);
  });

  it('update() sees an external change that kept the file size, and applies the change to it', async () => {
    await sameSizeEdit(store.boardFile, '"Bravo"', '"Brave"');
    let seen: string[] = [];
    const after = await store.update((b) => {
      seen = b.tasks.map((t) => t.title);
      return b;
    });
    assert.deepEqual(seen, ['Alpha', 'Brave']);
    assert.deepEqual(after.tasks.map((t) => t.title), ['Alpha', 'Brave']);
  });

  it('update() validates such a change: an invalid same-size edit is moved aside, not trusted', async () => {
    await sameSizeEdit(store.boardFile, '"columnId": "todo"', '"columnId": "ghst"');
    const heard: LoadResult[] = [];
    const stop = store.watch((r) => heard.push(r));
    try {
      const after = await store.update(addTask(task('c')));
      assert.deepEqual(after.tasks.map((t) => t.id), ['a', 'b', 'c'], 'applied to the last good board');
      const corrupt = (await fs.readdir(store.dir)).filter((f) => f.includes('.corrupt-'));
      assert.equal(corrupt.length, 1);
      const r = await waitFor(() => heard.find((h) => h.problems.length > 0), 1000, 'the problem to be reported');
      assert.match(r.problems[0].message, /unknown column "ghst"/);
    } finally {
      stop();
    }
  });

  it('load() sees an external change that kept the file size, and judges it', async () => {
    await store.load();
    await sameSizeEdit(store.boardFile, '"Alpha"', '"Omega"');
    assert.deepEqual((await store.load()).board.tasks.map((t) => t.title), ['Omega', 'Bravo']);
    await sameSizeEdit(store.boardFile, '"Omega",', '"Omega" ');
    const r = await store.load();
    assert.equal(r.problems[0]?.kind, 'corrupt', 'broken JSON of the same size is not mistaken for the known board');
    assert.deepEqual(r.board.tasks.map((t) => t.title), ['Omega', 'Bravo']);
  });

  it('the watcher reports an external change that kept the file size', async () => {
    const heard: LoadResult[] = [];
    const stop = store.watch((r) => heard.push(r));
    try {
      await store.load();
      await sameSizeEdit(store.boardFile, '"Alpha"', '"Omega"');
      const r = await waitFor(() => heard[0], 1000, 'the watcher to report the edit');
      assert.deepEqual(r.board.tasks.map((t) => t.title), ['Omega', 'Bravo']);
    } finally {
      stop();
    }
  });

  it('refuses a mutator result that breaks a rule only the whole board shows, writes nothing, keeps its board', async () => {
    const before = await fs.readFile(store.boardFile, 'utf8');
    const refusals: Array<(b: Board) => Board> = [
      (b) => ({ ...b, tasks: [...b.tasks, { ...b.tasks[0] }] }),
      (b) => ({ ...b, columns: b.columns.filter((c) => c.id !== 'todo') }),
      (b) => ({ ...b, tasks: b.tasks.map((t) => ({ ...t, title: '' })) }),
      (b) => {
        b.tasks[1].columnId = 'nowhere';
        return b;
      },
    ];
    for (const mutator of refusals) {
      await assert.rejects(store.update(mutator), InvalidBoardError);
      assert.equal(await fs.readFile(store.boardFile, 'utf8'), before);
    }
    const after = await store.update((b) => b);
    assert.deepEqual(after.tasks.map((t) => [t.id, t.columnId, t.title]), [['a', 'todo', 'Alpha'], ['b', 'todo', 'Bravo']]);
  });

  it('hands out copies: changing a returned board or a loaded one changes nothing in the store', async () => {
    const returned = await store.update((b) => b);
    returned.tasks[0].title = 'changed by the caller';
    returned.tasks.pop();
    const loaded = await store.load();
    loaded.board.tasks[0].title = 'changed too';
    assert.equal(Object.isFrozen(loaded.board.tasks[0]), false);
    const seen = await store.update((b) => b);
    assert.deepEqual(seen.tasks.map((t) => t.title), ['Alpha', 'Bravo']);
  });

  it('gives the mutator exactly what a fresh read of the file gives, even after fields were set to undefined', async () => {
    await store.update((b) => ({ ...b, tasks: b.tasks.map((t) => ({ ...t, agentStatusMessage: undefined, order: -0 })) }));
    let handed: Board | undefined;
    await store.update((b) => (handed = b));
    const fresh = (await new BoardStore({ root }).load()).board;
    assert.deepStrictEqual(handed, fresh);
  });
});
