// viban link / unlink and the graph fields of list --json, through the real `viban` process.
import { strict as assert } from 'node:assert';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { lastLine, readBoard, runCli, tempWorkspace } from './cliHarness';

describe('viban link / unlink', function () {
  this.timeout(60000);
  let ws: string;
  beforeEach(() => (ws = tempWorkspace()));
  afterEach(() => rmSync(ws, { recursive: true, force: true }));

  const add = async (title: string) => lastLine((await runCli(['add', title, '-w', ws])).stdout);

  it('links with repeated flags and a list after one flag; list --json carries blockedBy, tier and verification', async () => {
    const route = await add('Add API route');
    const migration = await add('Write migration');
    const ui = await add('Build UI');
    let r = await runCli(['link', ui, '--blocked-by', route, migration, '-w', ws]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim(), '"Build UI" waits for "Add API route", "Write migration".');
    r = await runCli(['link', migration, '--blocked-by', route, '-w', ws]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim(), '"Write migration" waits for "Add API route". It blocks "Build UI".');
    assert.deepEqual(readBoard(ws).tasks.find((t) => t.id === ui)!.blockedBy, [route, migration]);

    const json = JSON.parse((await runCli(['list', '--json', '-w', ws])).stdout);
    const tasks = Object.fromEntries(json.columns.flatMap((c: { tasks: unknown[] }) => c.tasks).map((t: { id: string }) => [t.id, t]));
    assert.deepEqual(tasks[ui].blockedBy, [route, migration]);
    assert.deepEqual(tasks[route].blockedBy, []);
    assert.equal(tasks[ui].tier, 'B');
    assert.equal(tasks[ui].verification, 'unverified');

    r = await runCli(['unlink', ui, '--blocked-by', migration, '--blocked-by', route, '-w', ws]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim(), '"Build UI" waits for nothing.');
    assert.equal('blockedBy' in readBoard(ws).tasks.find((t) => t.id === ui)!, false);
  });

  it('viban delete removes the task and its links and says which tasks were unblocked; --json lists them', async () => {
    const migration = await add('Write migration');
    const docs = await add('Write docs');
    const route = await add('Add API route');
    const ui = await add('Build UI');
    await runCli(['link', route, '--blocked-by', migration, '-w', ws]);
    await runCli(['link', ui, '--blocked-by', migration, docs, '-w', ws]);
    let r = await runCli(['delete', migration, '-w', ws]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim(), 'Deleted "Write migration". Unblocked: "Add API route", "Build UI". "Build UI" still waits for other tasks.');
    const tasks = readBoard(ws).tasks;
    assert.equal(tasks.some((t) => t.id === migration), false);
    assert.equal('blockedBy' in tasks.find((t) => t.id === route)!, false);
    assert.deepEqual(tasks.find((t) => t.id === ui)!.blockedBy, [docs]);

    r = await runCli(['delete', docs, '--json', '-w', ws]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { deleted: { id: docs, title: 'Write docs' }, unblocked: [{ id: ui, title: 'Build UI', blockedBy: [] }] });

    r = await runCli(['delete', route, '-w', ws]);
    assert.equal(r.stdout.trim(), 'Deleted "Add API route".');
    r = await runCli(['delete', route, '-w', ws]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^viban: there is no task "t_[a-z0-9]+" on the board/m);
    assert.deepEqual(readBoard(ws).tasks.map((t) => t.title), ['Build UI']);
  });

  it('refuses a cycle with the cycle named, exit 1, and board.json unchanged', async () => {
    const a = await add('Add API route');
    const b = await add('Write migration');
    const c = await add('Build UI');
    await runCli(['link', b, '--blocked-by', a, '-w', ws]);
    await runCli(['link', c, '--blocked-by', b, '-w', ws]);
    const before = readFileSync(join(ws, '.viban', 'board.json'), 'utf8');
    const r = await runCli(['link', a, '--blocked-by', c, '-w', ws]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^viban: That link would make a cycle: Add API route → Write migration → Build UI → Add API route\. /m);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    assert.equal(r.stdout, '');
    assert.equal(readFileSync(join(ws, '.viban', 'board.json'), 'utf8'), before);
  });

  it('bad usage: no --blocked-by, an unknown task, unlinking a link that is not there', async () => {
    const a = await add('A');
    const b = await add('B');
    let r = await runCli(['link', a, '-w', ws]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^viban: missing --blocked-by <otherId>$/m);
    assert.match(r.stderr, /Usage: viban link <taskId> --blocked-by <otherId>…/);
    r = await runCli(['link', a, b, '-w', ws]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /put the task ids after --blocked-by/);
    r = await runCli(['link', a, '--blocked-by', 't_nope', '-w', ws]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^viban: There is no task "t_nope" on this board/m);
    r = await runCli(['unlink', a, '--blocked-by', b, '-w', ws]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^viban: "A" is not blocked by "B"\.$/m);
    r = await runCli(['link', a, '--blocked-by', 'bad id!', '-w', ws]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /"bad id!" is not a task id/);
  });
});
