import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { CURRENT_SCHEMA_VERSION, DEFAULT_COLUMNS } from '../../../src/protocol/model';
import { BoardStore, BrokenBoardError, InvalidBoardError, type LoadResult } from '../../../src/store/boardStore';
import { addTask, makeTempRoot, removeTempRoot, runWorker, task, waitFor } from './helpers';

const FIXED_NOW = new Date('2026-11-21T14:30:00.123Z');

describe('store/BoardStore', () => {
  let root: string;
  let store: BoardStore;
  beforeEach(async () => {
    root = await makeTempRoot();
    store = new BoardStore({ root, now: () => FIXED_NOW });
  });
  afterEach(async () => {
    store.dispose();
    await removeTempRoot(root);
  });

  const vibanFiles = async () => (await fs.readdir(store.dir)).sort();

  describe('load and update', () => {
    it('returns the default board when there is no board.json, without writing anything', async () => {
      const r = await store.load();
      assert.deepEqual(r, {
        board: { schemaVersion: CURRENT_SCHEMA_VERSION, columns: [...DEFAULT_COLUMNS], tasks: [] },
        readOnly: false,
        problems: [],
      });
      await assert.rejects(fs.stat(store.dir), { code: 'ENOENT' });
    });

    it('writes board.json pretty-printed with a trailing newline and reads it back', async () => {
      const written = await store.update(addTask(task('t1')));
      const text = await fs.readFile(store.boardFile, 'utf8');
      assert.equal(text, JSON.stringify(written, null, 2) + '\n');
      assert.equal(written.tasks[0].id, 't1');
      assert.deepEqual((await new BoardStore({ root }).load()).board, written);
    });

    it('validates every read: fills schema defaults from a hand-written file', async () => {
      await fs.mkdir(store.dir);
      const hand = { schemaVersion: 1, columns: [{ id: 'a', title: 'A' }], tasks: [{ id: 'x', columnId: 'a', order: 1, title: 'X', createdAt: 'c', updatedAt: 'u' }] };
      await fs.writeFile(store.boardFile, JSON.stringify(hand));
      const r = await store.load();
      assert.deepEqual(r.problems, []);
      assert.equal(r.board.tasks[0].description, '');
      assert.equal(r.board.tasks[0].agentStatus, 'idle');
    });

    it('passes the fresh on-disk board to the mutator, not a stale in-memory copy', async () => {
      const other = new BoardStore({ root });
      await store.update(addTask(task('a')));
      await other.update(addTask(task('b')));
      const after = await store.update(addTask(task('c')));
      assert.deepEqual(after.tasks.map((t) => t.id), ['a', 'b', 'c']);
    });

    it('propagates a mutator error unchanged and writes nothing', async () => {
      await store.update(addTask(task('a')));
      const before = await fs.readFile(store.boardFile, 'utf8');
      const boom = new Error('mutator failed');
      await assert.rejects(store.update((b) => { b.tasks.length = 0; throw boom; }), (e) => e === boom);
      assert.equal(await fs.readFile(store.boardFile, 'utf8'), before);
      assert.deepEqual(await vibanFiles(), ['board.json'], 'lock released, no temp files, no file of its own next to the board');
      // The last good board kept in memory was not emptied by the mutator either.
      await fs.writeFile(store.boardFile, 'garbage');
      assert.deepEqual((await store.load()).board.tasks.map((t) => t.id), ['a']);
    });

    it('refuses a mutator result that fails the schema, naming the problem, and writes nothing', async () => {
      await store.update(addTask(task('a')));
      const before = await fs.readFile(store.boardFile, 'utf8');
      await assert.rejects(
        store.update(addTask(task('b', { columnId: 'nowhere' }))),
        (e: unknown) => e instanceof InvalidBoardError && /unknown column "nowhere"/.test(e.message),
      );
      assert.equal(await fs.readFile(store.boardFile, 'utf8'), before);
    });

    it('does not rewrite the file when an update changes nothing', async () => {
      await store.update(addTask(task('a')));
      const old = new Date('2020-01-01T00:00:00Z');
      await fs.utimes(store.boardFile, old, old);
      await store.update((b) => b);
      assert.equal((await fs.stat(store.boardFile)).mtimeMs, old.getTime());
    });

    it('ignores a stray temp file left by a crash mid-write', async () => {
      await store.update(addTask(task('a')));
      await fs.writeFile(path.join(store.dir, '.board.json.4242-deadbeef.tmp'), '{"schemaVersion": 1, "colu');
      const r = await new BoardStore({ root }).load();
      assert.deepEqual(r.problems, []);
      assert.deepEqual(r.board.tasks.map((t) => t.id), ['a']);
      await store.update(addTask(task('b')));
      assert.deepEqual((await store.load()).board.tasks.map((t) => t.id), ['a', 'b']);
    });
  });

  describe('local files are ignored by git, without a file of their own', () => {
    const ignoredBy = (rel: string) => {
      try {
        execFileSync('git', ['-C', root, 'check-ignore', '-q', rel]);
        return true;
      } catch {
        return false;
      }
    };

    it('keeps logs, locks, temp and corrupt files out of git through .git/info/exclude, leaving git status clean', async () => {
      execFileSync('git', ['init', '-q', root]);
      await store.update(addTask(task('a')));
      await assert.rejects(fs.stat(path.join(store.dir, '.gitignore')), { code: 'ENOENT' });
      for (const ignored of ['sessions/s1.jsonl', 'sessions/s1.json', 'messages/t1.jsonl', 'patches/t1-2026.patch', 'queue.json', 'board.lock', '.board.json.1-ab.tmp', 'board.json.corrupt-2026-11-21T14-30-00-123Z', 'board.json.v0.bak']) {
        assert.equal(ignoredBy(`.viban/${ignored}`), true, `${ignored} is ignored`);
      }
      assert.equal(ignoredBy('.viban/board.json'), false, 'board.json can be committed');
      execFileSync('git', ['-C', root, 'add', '.viban/board.json']);
      execFileSync('git', ['-C', root, '-c', 'user.name=t', '-c', 'user.email=t@t.invalid', 'commit', '-qm', 'board']);
      await fs.mkdir(path.join(store.dir, 'sessions'));
      await fs.writeFile(path.join(store.dir, 'sessions', 's1.jsonl'), '{}\n');
      await store.update(addTask(task('b')));
      execFileSync('git', ['-C', root, 'checkout', '-q', '.viban/board.json']);
      assert.equal(execFileSync('git', ['-C', root, 'status', '--porcelain'], { encoding: 'utf8' }), '', 'nothing untracked appears');
      const exclude = await fs.readFile(path.join(root, '.git', 'info', 'exclude'), 'utf8');
      assert.equal(exclude.split('/.viban/sessions/').length, 2, 'the patterns are added once');
    });

    it('never touches a .viban/.gitignore the user wrote', async () => {
      await fs.mkdir(store.dir);
      await fs.writeFile(path.join(store.dir, '.gitignore'), 'mine\n');
      await store.update(addTask(task('a')));
      assert.equal(await fs.readFile(path.join(store.dir, '.gitignore'), 'utf8'), 'mine\n');
    });
  });

  describe('corrupt files', () => {
    const corruptName = 'board.json.corrupt-2026-11-21T14-30-00-123Z';

    it('moves a file with a JSON syntax error aside, byte for byte, and returns the last good board', async () => {
      const good = await store.update(addTask(task('a')));
      const broken = '{\n  "schemaVersion": 1,\n  "columns": [ oops\n';
      await fs.writeFile(store.boardFile, broken);

      const r = await store.load();
      assert.deepEqual(r.board, good);
      assert.equal(r.readOnly, false);
      assert.equal(r.problems.length, 1);
      const p = r.problems[0];
      const movedTo = path.join(store.dir, corruptName);
      assert.equal(p.kind, 'corrupt');
      assert.equal(p.file, store.boardFile);
      assert.equal(p.movedTo, movedTo);
      assert.ok(p.message.includes(store.boardFile), p.message);
      assert.ok(p.message.includes(movedTo), p.message);
      assert.match(p.message, /not valid JSON \(.*(Unexpected token|JSON)/);
      assert.equal(await fs.readFile(movedTo, 'utf8'), broken);
      // The last good board is put back so other windows do not see an empty board.
      assert.deepEqual(JSON.parse(await fs.readFile(store.boardFile, 'utf8')), good);
    });

    it('moves a file that fails the schema aside and says which field is wrong', async () => {
      await fs.mkdir(store.dir);
      const bad = JSON.stringify({ schemaVersion: 1, columns: [{ id: 'a', title: 'A' }], tasks: [task('t', { columnId: 'ghost' })] }, null, 2);
      await fs.writeFile(store.boardFile, bad);

      const r = await store.load();
      assert.deepEqual(r.board.columns, [...DEFAULT_COLUMNS], 'no last good board in memory: a fresh default');
      assert.deepEqual(r.board.tasks, []);
      const p = r.problems[0];
      assert.equal(p.kind, 'corrupt');
      assert.match(p.message, /tasks\.0\.columnId: task "t" is in unknown column "ghost"/);
      assert.match(p.message, /new empty board/);
      assert.equal(await fs.readFile(p.movedTo!, 'utf8'), bad);
      await assert.rejects(fs.stat(store.boardFile), { code: 'ENOENT' });
    });

    it('reports an invalid schemaVersion as corrupt', async () => {
      await fs.mkdir(store.dir);
      await fs.writeFile(store.boardFile, JSON.stringify({ schemaVersion: 'two', columns: [], tasks: [] }));
      const r = await store.load();
      assert.equal(r.problems[0].kind, 'corrupt');
      assert.match(r.problems[0].message, /schemaVersion must be a whole number/);
    });

    it('never overwrites a corrupt file on update: moves it aside, then applies the change to the last good board', async () => {
      await store.update(addTask(task('a')));
      await store.load();
      await fs.writeFile(store.boardFile, 'garbage');
      const heard: LoadResult[] = [];
      const stop = store.watch((r) => heard.push(r));
      try {
        const after = await store.update(addTask(task('b')));
        assert.deepEqual(after.tasks.map((t) => t.id), ['a', 'b']);
        assert.equal(await fs.readFile(path.join(store.dir, corruptName), 'utf8'), 'garbage');
        const withProblem = await waitFor(() => heard.find((r) => r.problems.length > 0), 1000, 'the problem to be reported');
        assert.equal(withProblem.problems[0].kind, 'corrupt');
      } finally {
        stop();
      }
    });

    it('leaves a board with git merge conflict markers in place: read-only with the last good board, update refused', async () => {
      const good = await store.update(addTask(task('a')));
      const conflicted = '{\n  "schemaVersion": 1,\n<<<<<<< HEAD\n  "tasks": []\n=======\n  "tasks": [1]\n>>>>>>> feature\n}\n';
      await fs.writeFile(store.boardFile, conflicted);
      const r = await store.load();
      assert.equal(r.readOnly, true);
      assert.deepEqual(r.board, good);
      assert.match(r.problems[0].message, /merge conflict markers.*git checkout --ours/);
      assert.equal(r.problems[0].movedTo, undefined);
      await assert.rejects(store.update(addTask(task('b'))), /merge conflict markers/);
      assert.equal(await fs.readFile(store.boardFile, 'utf8'), conflicted, 'left byte for byte');
      assert.deepEqual((await vibanFiles()).filter((f) => f.includes('.corrupt-')), []);
    });

    it("with brokenBoard 'throw' and no good board to put back, load() throws instead of starting an empty board", async () => {
      await fs.mkdir(store.dir);
      await fs.writeFile(store.boardFile, 'garbage');
      const strict = new BoardStore({ root, now: () => FIXED_NOW, brokenBoard: 'throw' });
      await assert.rejects(strict.load(), (e: unknown) => e instanceof BrokenBoardError && e.kind === 'corrupt' && e.movedTo === path.join(store.dir, corruptName));
      await assert.rejects(fs.stat(store.boardFile), { code: 'ENOENT' });
      strict.dispose();
    });

    it('keeps both copies when two files go corrupt within the same millisecond', async () => {
      await fs.mkdir(store.dir);
      await fs.writeFile(store.boardFile, 'first');
      await store.load();
      await fs.writeFile(store.boardFile, 'second');
      await store.load();
      assert.equal(await fs.readFile(path.join(store.dir, corruptName), 'utf8'), 'first');
      assert.equal(await fs.readFile(path.join(store.dir, corruptName + '-1'), 'utf8'), 'second');
    });
  });

  describe('several processes', () => {
    it('loses no update when 4 processes each make 25 read-modify-write updates at once', async () => {
      const workers = 4;
      const perWorker = 25;
      const runs = await Promise.all(
        Array.from({ length: workers }, (_, w) => runWorker(['increment', root, String(perWorker), `w${w}`])),
      );
      runs.forEach((r, w) => assert.equal(r.code, 0, `worker ${w} failed: ${r.stderr}`));

      const r = await store.load();
      assert.deepEqual(r.problems, []);
      const ids = new Set(r.board.tasks.map((t) => t.id));
      for (let w = 0; w < workers; w++) {
        for (let i = 0; i < perWorker; i++) assert.ok(ids.has(`w${w}-${i}`), `update w${w}-${i} is present`);
      }
      assert.equal(r.board.tasks.length, workers * perWorker);
      // Each update read the previous one's result: order keys form an unbroken 1..N run.
      const orders = r.board.tasks.map((t) => t.order).sort((a, b) => a - b);
      assert.deepEqual(orders, Array.from({ length: workers * perWorker }, (_, i) => i + 1));
      const leftovers = (await vibanFiles()).filter((f) => f !== 'board.json');
      assert.deepEqual(leftovers, [], 'no lock or temp file is left');
    });
  });
});
