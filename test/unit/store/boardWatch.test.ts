import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { BoardStore, type LoadResult } from '../../../src/store/boardStore';
import { watchFileSignals } from '../../../src/store/storeWatcher';
import { addTask, makeTempRoot, removeTempRoot, runWorker, sleep, task, waitFor } from './helpers';

/** Long enough for fs.watch, the 500 ms poll and the debounce to all have had their say. */
const QUIET_MS = 1200;

describe('store/BoardStore.watch', () => {
  let root: string;
  let store: BoardStore;
  let heard: LoadResult[];
  let stop: (() => void) | undefined;

  beforeEach(async () => {
    root = await makeTempRoot();
    store = new BoardStore({ root });
    heard = [];
  });
  afterEach(async () => {
    stop?.();
    stop = undefined;
    store.dispose();
    await removeTempRoot(root);
  });

  const startWatching = async () => {
    stop = store.watch((r) => heard.push(r));
    await store.load();
  };
  const nextResult = (timeoutMs: number) => {
    const seen = heard.length;
    return waitFor(() => heard[seen], timeoutMs, 'the watcher to report a change');
  };

  it('reports a write by another process within one second', async () => {
    await store.update(addTask(task('mine')));
    await startWatching();
    let writtenAt = 0;
    const pending = nextResult(30_000);
    const run = await runWorker(['add', root, 'theirs'], (line) => {
      if (line.startsWith('written ')) writtenAt = Number(line.slice(8));
    });
    assert.equal(run.code, 0, run.stderr);
    const r = await pending;
    const latency = Date.now() - writtenAt;
    assert.ok(writtenAt > 0);
    assert.ok(latency < 1000, `reported ${latency} ms after the other process wrote`);
    assert.deepEqual(r.board.tasks.map((t) => t.id), ['mine', 'theirs']);
    assert.deepEqual(r.problems, []);
  });

  it('reports a hand edit (written in place, not atomically) within one second', async () => {
    const board = await store.update(addTask(task('a')));
    await startWatching();
    const edited = { ...board, tasks: [{ ...board.tasks[0], title: 'Renamed by hand' }] };
    const pending = nextResult(1000);
    const t0 = Date.now();
    await fs.writeFile(store.boardFile, JSON.stringify(edited, null, 2));
    const r = await pending;
    assert.ok(Date.now() - t0 < 1000);
    assert.equal(r.board.tasks[0].title, 'Renamed by hand');
  });

  it('reports a write from another store instance, but never its own writes', async () => {
    await startWatching();
    await store.update(addTask(task('own-1')));
    await store.update(addTask(task('own-2')));
    await sleep(QUIET_MS);
    assert.equal(heard.length, 0, 'own writes are not reported');

    const pending = nextResult(1000);
    await new BoardStore({ root }).update(addTask(task('other')));
    const r = await pending;
    assert.deepEqual(r.board.tasks.map((t) => t.id), ['own-1', 'own-2', 'other']);
  });

  it('stays quiet for a touch or a rewrite of identical bytes', async () => {
    await store.update(addTask(task('a')));
    await startWatching();
    const bytes = await fs.readFile(store.boardFile);
    const later = new Date(Date.now() + 5000);
    await fs.utimes(store.boardFile, later, later);
    await fs.writeFile(store.boardFile, bytes);
    await fs.writeFile(path.join(store.dir, '.board.json.1-ff.tmp'), 'stray temp file');
    await sleep(QUIET_MS);
    assert.equal(heard.length, 0);
  });

  it('handles a corrupt file that appears externally like load(): moved aside, last good board reported', async () => {
    const good = await store.update(addTask(task('a')));
    await startWatching();
    const pending = nextResult(1000);
    await fs.writeFile(store.boardFile, '<<<<<<< HEAD\n{}\n=======\n');
    const r = await pending;
    assert.deepEqual(r.board, good);
    assert.equal(r.problems[0].kind, 'corrupt');
    assert.equal(await fs.readFile(r.problems[0].movedTo!, 'utf8'), '<<<<<<< HEAD\n{}\n=======\n');
    // Restoring the good board is our own write: no second report follows.
    await sleep(QUIET_MS);
    assert.equal(heard.length, 1);
  });

  it('does not move aside a file caught half-saved by an editor that writes in place', async () => {
    const board = await store.update(addTask(task('a')));
    await startWatching();
    const full = JSON.stringify({ ...board, tasks: [{ ...board.tasks[0], title: 'Saved slowly' }] }, null, 2);
    const handle = await fs.open(store.boardFile, 'r+');
    try {
      await handle.truncate(0);
      await handle.write(full.slice(0, 40), 0);
      await sleep(70); // past the watcher's debounce: it reads the half-written file
      await handle.write(full.slice(40), 40);
    } finally {
      await handle.close();
    }
    const r = await waitFor(() => heard.find((h) => h.board.tasks[0]?.title === 'Saved slowly'), 1000, 'the finished save');
    assert.deepEqual(r.problems, []);
    assert.deepEqual((await fs.readdir(store.dir)).filter((f) => f.includes('.corrupt-')), []);
  });

  it('notices the .viban folder and board being created after watching started', async () => {
    await startWatching();
    await assert.rejects(fs.stat(store.dir), { code: 'ENOENT' });
    const pending = nextResult(1000);
    await new BoardStore({ root }).update(addTask(task('first')));
    const r = await pending;
    assert.deepEqual(r.board.tasks.map((t) => t.id), ['first']);
  });

  it('reports the board file being deleted (e.g. a branch switch) as the default board', async () => {
    await store.update(addTask(task('a')));
    await startWatching();
    const pending = nextResult(1000);
    await fs.unlink(store.boardFile);
    const r = await pending;
    assert.deepEqual(r.board.tasks, []);
    assert.deepEqual(r.problems, []);
  });

  it('stops reporting once disposed', async () => {
    await startWatching();
    stop!();
    stop = undefined;
    await new BoardStore({ root }).update(addTask(task('after')));
    await sleep(QUIET_MS);
    assert.equal(heard.length, 0);
  });
});

describe('store/storeWatcher', () => {
  let root: string;
  beforeEach(async () => (root = await makeTempRoot()));
  afterEach(async () => removeTempRoot(root));

  it('the stat poll alone catches a change when fs.watch is unavailable', async () => {
    const file = path.join(root, 'board.json');
    await fs.writeFile(file, 'one');
    let signals = 0;
    const dispose = watchFileSignals(file, () => signals++, { useFsWatch: false, pollMs: 100 });
    try {
      await sleep(250);
      assert.equal(signals, 0, 'no signal while nothing changes');
      await fs.writeFile(file, 'two, longer');
      await waitFor(() => (signals > 0 ? true : undefined), 500, 'a poll signal');
    } finally {
      dispose();
    }
  });

  it('debounces a burst of changes into one signal', async () => {
    const file = path.join(root, 'board.json');
    let signals = 0;
    const dispose = watchFileSignals(file, () => signals++, { pollMs: 1000, debounceMs: 100 });
    try {
      for (let i = 0; i < 5; i++) await fs.writeFile(file, `v${i}`);
      await sleep(400);
      assert.equal(signals, 1);
    } finally {
      dispose();
    }
  });
});
