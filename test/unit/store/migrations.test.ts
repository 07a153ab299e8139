import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { CURRENT_SCHEMA_VERSION, DEFAULT_COLUMNS } from '../../../src/protocol/model';
import { BoardStore, ReadOnlyStoreError } from '../../../src/store/boardStore';
import { BOARD_MIGRATIONS, checkMigrationChain, runMigrations, schemaVersionOf, type Migration } from '../../../src/store/migrations';
import { addTask, makeTempRoot, removeTempRoot, task } from './helpers';

const NOW = '2026-11-21T14:30:00.123Z';
const ctx = { now: NOW };

/** A version-0 board as early builds wrote it: no schemaVersion, tasks without order or timestamps. */
const V0_TEXT = JSON.stringify(
  {
    columns: [{ id: 'todo', title: 'Todo' }, { id: 'done', title: 'Done' }],
    tasks: [
      { id: 'a', columnId: 'todo', title: 'First' },
      { id: 'b', columnId: 'todo', title: 'Second', createdAt: '2025-01-01T00:00:00.000Z' },
      { id: 'c', columnId: 'done', title: 'Third', order: 5 },
      { id: 'd', columnId: 'done', title: 'Fourth' },
    ],
  },
  null,
  4,
);

/** Steps over a toy format, to exercise chains beyond today's single real step. */
const toySteps: Migration[] = [
  { id: 'toy-2-3', from: 2, to: 3, migrate: (r) => ({ ...r, schemaVersion: 3, log: [...(r.log ?? []), 'c'].filter((x, i, a) => a.indexOf(x) === i) }) },
  { id: 'toy-0-1', from: 0, to: 1, migrate: (r) => ({ ...r, schemaVersion: 1, log: [...(r.log ?? []), 'a'].filter((x, i, a) => a.indexOf(x) === i) }) },
  { id: 'toy-1-2', from: 1, to: 2, migrate: (r) => ({ ...r, schemaVersion: 2, log: [...(r.log ?? []), 'b'].filter((x, i, a) => a.indexOf(x) === i) }) },
];

describe('store/migrations', () => {
  describe('the step list', () => {
    it('reads a missing schemaVersion as 0 and rejects a malformed one', () => {
      assert.equal(schemaVersionOf({ columns: [] }), 0);
      assert.equal(schemaVersionOf({ schemaVersion: 3 }), 3);
      assert.equal(schemaVersionOf({ schemaVersion: '1' }), undefined);
      assert.equal(schemaVersionOf({ schemaVersion: -1 }), undefined);
      assert.equal(schemaVersionOf({ schemaVersion: 1.5 }), undefined);
    });

    it('the built-in list reaches the current version with unique ids', () => {
      checkMigrationChain(BOARD_MIGRATIONS);
      assert.equal(BOARD_MIGRATIONS.at(-1)!.to, CURRENT_SCHEMA_VERSION);
    });

    it('0 -> 1 fills schemaVersion, order keys in array order per column, and timestamps', () => {
      const out = runMigrations(JSON.parse(V0_TEXT), 0, BOARD_MIGRATIONS, ctx).value as any;
      assert.equal(out.schemaVersion, 1);
      assert.deepEqual(out.tasks.map((t: any) => [t.id, t.order]), [['a', 1000], ['b', 2000], ['c', 5], ['d', 1005]]);
      assert.equal(out.tasks[0].createdAt, NOW);
      assert.equal(out.tasks[0].updatedAt, NOW);
      assert.equal(out.tasks[1].createdAt, '2025-01-01T00:00:00.000Z');
      assert.equal(out.tasks[1].updatedAt, '2025-01-01T00:00:00.000Z');
    });

    it('0 -> 1 gives a board without columns the default columns', () => {
      const out = runMigrations({ tasks: [] }, 0, BOARD_MIGRATIONS, ctx).value as any;
      assert.deepEqual(out.columns, [...DEFAULT_COLUMNS]);
    });

    it('every built-in step is idempotent', () => {
      for (const step of BOARD_MIGRATIONS) {
        const once = step.migrate(structuredClone(JSON.parse(V0_TEXT)), ctx);
        const twice = step.migrate(structuredClone(once), { now: '2099-01-01T00:00:00.000Z' });
        assert.deepEqual(twice, once, step.id);
      }
    });

    it('runs a multi-step chain in version order, from wherever the file is, without touching the input', () => {
      const input = { schemaVersion: 0 };
      const full = runMigrations(input, 0, toySteps, ctx, 3);
      assert.deepEqual(full.applied, ['toy-0-1', 'toy-1-2', 'toy-2-3']);
      assert.deepEqual(full.value, { schemaVersion: 3, log: ['a', 'b', 'c'] });
      assert.deepEqual(input, { schemaVersion: 0 });

      const partial = runMigrations({ schemaVersion: 2, log: ['a', 'b'] }, 2, toySteps, ctx, 3);
      assert.deepEqual(partial.applied, ['toy-2-3']);
      assert.deepEqual(partial.value, full.value);

      const current = runMigrations(full.value, 3, toySteps, ctx, 3);
      assert.deepEqual(current.applied, []);
      assert.deepEqual(current.value, full.value);
    });

    it('re-running an injected chain over its own output changes nothing', () => {
      const once = runMigrations({}, 0, toySteps, ctx, 3).value;
      let again: unknown = once;
      for (const step of [...toySteps].sort((a, b) => a.from - b.from)) again = step.migrate(again, ctx);
      assert.deepEqual(again, { schemaVersion: 3, log: ['a', 'b', 'c'] });
    });

    it('rejects broken chains: a gap, a duplicate id, two steps from one version, a jump', () => {
      checkMigrationChain(toySteps, 3);
      assert.throws(() => checkMigrationChain(toySteps.filter((s) => s.id !== 'toy-1-2'), 3), /No store migration from version 1/);
      assert.throws(() => checkMigrationChain([...toySteps, { ...toySteps[0], from: 7, to: 8 }], 3), /Duplicate store migration id "toy-2-3"/);
      assert.throws(() => checkMigrationChain([...toySteps, { ...toySteps[0], id: 'other' }], 3), /Two store migrations start at version 2/);
      assert.throws(() => checkMigrationChain([{ ...toySteps[1], to: 2 }], 2), /must go from 0 to 1, not 2/);
      assert.throws(() => new BoardStore({ root: '/nowhere', migrations: [] }), /No store migration from version 0/);
    });
  });

  describe('in the store', () => {
    let root: string;
    let store: BoardStore;
    beforeEach(async () => {
      root = await makeTempRoot();
      store = new BoardStore({ root, now: () => new Date(NOW) });
      await fs.mkdir(store.dir);
    });
    afterEach(async () => {
      store.dispose();
      await removeTempRoot(root);
    });
    const backup = () => path.join(store.dir, 'board.json.v0.bak');

    it('upgrades a version-0 file on load, writes it back, and keeps the original as board.json.v0.bak', async () => {
      await fs.writeFile(store.boardFile, V0_TEXT);
      const r = await store.load();
      assert.deepEqual(r.problems, []);
      assert.equal(r.board.schemaVersion, 1);
      assert.deepEqual(r.board.tasks.map((t) => t.order), [1000, 2000, 5, 1005]);
      assert.equal(await fs.readFile(backup(), 'utf8'), V0_TEXT);
      const onDisk = await fs.readFile(store.boardFile, 'utf8');
      assert.equal(onDisk, JSON.stringify(r.board, null, 2) + '\n');
    });

    it('loading an upgraded file again changes nothing and makes no new backup', async () => {
      await fs.writeFile(store.boardFile, V0_TEXT);
      const first = await store.load();
      const bytes = await fs.readFile(store.boardFile, 'utf8');
      const files = (await fs.readdir(store.dir)).sort();
      const second = await new BoardStore({ root, now: () => new Date('2030-01-01T00:00:00Z') }).load();
      assert.deepEqual(second.board, first.board);
      assert.equal(await fs.readFile(store.boardFile, 'utf8'), bytes);
      assert.deepEqual((await fs.readdir(store.dir)).sort(), files);
    });

    it('upgrades under update() too, applying the change to the upgraded board', async () => {
      await fs.writeFile(store.boardFile, V0_TEXT);
      const after = await store.update(addTask(task('new', { columnId: 'done' })));
      assert.deepEqual(after.tasks.map((t) => t.id), ['a', 'b', 'c', 'd', 'new']);
      assert.equal(await fs.readFile(backup(), 'utf8'), V0_TEXT);
    });

    it('never replaces an earlier backup of the same version', async () => {
      await fs.writeFile(backup(), 'an older original');
      await fs.writeFile(store.boardFile, V0_TEXT);
      await store.load();
      assert.equal(await fs.readFile(backup(), 'utf8'), 'an older original');
      const extra = (await fs.readdir(store.dir)).filter((f) => /^board\.json\.v0\..+\.bak$/.test(f));
      assert.equal(extra.length, 1);
      assert.equal(await fs.readFile(path.join(store.dir, extra[0]), 'utf8'), V0_TEXT);
    });

    it('uses an injected migration list', async () => {
      const legacy: Migration = {
        id: 'test-0-1-cards-to-tasks',
        from: 0,
        to: 1,
        migrate: (r) => ({ schemaVersion: 1, columns: r.columns, tasks: r.tasks ?? (r.cards ?? []).map((c: any, i: number) => ({ ...c, order: i, createdAt: NOW, updatedAt: NOW })) }),
      };
      const custom = new BoardStore({ root, migrations: [legacy] });
      await fs.writeFile(store.boardFile, JSON.stringify({ columns: [{ id: 'k', title: 'K' }], cards: [{ id: 'x', columnId: 'k', title: 'Card' }] }));
      const r = await custom.load();
      assert.deepEqual(r.problems, []);
      assert.deepEqual(r.board.tasks.map((t) => [t.id, t.order]), [['x', 0]]);
    });

    it('treats an old file that does not validate after upgrading as corrupt, keeping its bytes', async () => {
      const text = JSON.stringify({ columns: [{ id: 'todo', title: 'Todo' }], tasks: [{ id: 'a', columnId: 'missing', title: 'A' }] });
      await fs.writeFile(store.boardFile, text);
      const r = await store.load();
      assert.equal(r.problems[0].kind, 'corrupt');
      assert.match(r.problems[0].message, /after upgrading it from schema 0/);
      assert.equal(await fs.readFile(r.problems[0].movedTo!, 'utf8'), text);
    });

    describe('a board from a newer Viban', () => {
      const newer = {
        schemaVersion: CURRENT_SCHEMA_VERSION + 1,
        columns: [{ id: 'todo', title: 'Todo', wipLimit: 3 }],
        tasks: [{ ...task('n1'), futureField: { deep: true } }],
        futureTopLevel: 'x',
      };
      const newerText = JSON.stringify(newer, null, 2) + '\n';

      it('is shown read-only with a clear message, and update() refuses without writing anything', async () => {
        await fs.writeFile(store.boardFile, newerText);
        const before = (await fs.readdir(store.dir)).sort();

        const r = await store.load();
        assert.equal(r.readOnly, true);
        assert.equal(r.problems.length, 1);
        assert.equal(r.problems[0].kind, 'newer-schema');
        assert.equal(
          r.problems[0].message,
          `The board file ${store.boardFile} was written by a newer version of Viban (schema ${CURRENT_SCHEMA_VERSION + 1}); ` +
            `this version understands up to ${CURRENT_SCHEMA_VERSION}. Update Viban; the board is read-only until then.`,
        );
        assert.deepEqual(r.board.tasks.map((t) => t.id), ['n1'], 'the data is still shown');

        let mutatorRan = false;
        await assert.rejects(
          store.update((b) => { mutatorRan = true; return b; }),
          (e: unknown) => e instanceof ReadOnlyStoreError && /newer version of Viban/.test(e.message),
        );
        assert.equal(mutatorRan, false);
        assert.equal(await fs.readFile(store.boardFile, 'utf8'), newerText);
        assert.deepEqual((await fs.readdir(store.dir)).sort(), before, 'no backup, .gitignore, lock or temp file');
      });

      it('falls back to the default board when the newer data cannot be shown, still read-only', async () => {
        const text = JSON.stringify({ schemaVersion: 99, lanes: {} });
        await fs.writeFile(store.boardFile, text);
        const r = await store.load();
        assert.equal(r.readOnly, true);
        assert.equal(r.problems[0].kind, 'newer-schema');
        assert.match(r.problems[0].message, /schema 99/);
        assert.deepEqual(r.board.tasks, []);
        assert.equal(await fs.readFile(store.boardFile, 'utf8'), text, 'never moved aside as corrupt');
      });
    });
  });
});
