// viban run-all on a 6-task diamond of custom executors that record when they start and end:
// nothing starts before its prerequisites ended, independent tasks overlap, and a failure holds
// exactly the failed task's descendants. Real processes, the real queue, the real `viban`.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { lastLine, readBoard, runCli, tempWorkspace, writeSettings } from '../cli/cliHarness';

interface Mark { title: string; event: 'start' | 'end'; at: number }

const AGENT = join(__dirname, 'fixtures', 'recordingAgent.js');

describe('viban run-all: a diamond graph of recording agents', function () {
  this.timeout(120000);
  let ws: string;
  let record: string;
  beforeEach(() => {
    ws = tempWorkspace();
    record = join(ws, 'record.jsonl');
    writeSettings(ws, {
      executors: { default: 'rec', custom: [{ id: 'rec', label: 'Recorder', command: process.execPath, args: [AGENT, '{prompt}', '{workspace}'], env: { RECORD_FILE: record } }] },
    });
  });
  afterEach(() => rmSync(ws, { recursive: true, force: true }));

  const add = async (title: string, description: string) => lastLine((await runCli(['add', title, '-d', description, '-w', ws])).stdout);
  const marks = (): Mark[] => (existsSync(record) ? readFileSync(record, 'utf8').trim().split('\n').map((l) => JSON.parse(l)) : []);
  const at = (m: Mark[], title: string, event: 'start' | 'end') => {
    const found = m.find((x) => x.title === title && x.event === event);
    assert.ok(found, `${title} ${event} recorded`);
    return found.at;
  };

  /** A → B, A → C, B → D, C → D, D → F; E stands alone. */
  async function diamond(failing?: string) {
    const ids: Record<string, string> = {};
    for (const [name, ms] of [['A', 400], ['B', 700], ['C', 700], ['D', 300], ['E', 900], ['F', 200]] as const) {
      ids[name] = await add(name, `sleep:${ms}${failing === name ? ' fail' : ''}`);
    }
    for (const [task, pre] of [['B', ['A']], ['C', ['A']], ['D', ['B', 'C']], ['F', ['D']]] as const) {
      const r = await runCli(['link', ids[task], '--blocked-by', ...pre.map((p) => ids[p]), '-w', ws]);
      assert.equal(r.code, 0, r.stderr);
    }
    return ids;
  }

  it('runs every task after its prerequisites ended, overlaps independent ones, streams a line per start and end', async () => {
    const ids = await diamond();
    const r = await runCli(['run-all', '--concurrency', '3', '-w', ws]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const m = marks();
    for (const t of ['A', 'B', 'C', 'D', 'E', 'F']) {
      assert.match(r.stdout, new RegExp(`^▶ ${t} \\(${ids[t]}\\) started · rec · tier B$`, 'm'));
      assert.match(r.stdout, new RegExp(`^✔ ${t} \\(${ids[t]}\\) succeeded in \\d+\\.\\d s$`, 'm'));
    }
    for (const [task, pre] of [['B', 'A'], ['C', 'A'], ['D', 'B'], ['D', 'C'], ['F', 'D']]) {
      assert.ok(at(m, task, 'start') >= at(m, pre, 'end'), `${task} started after ${pre} ended`);
    }
    const overlap = (x: string, y: string) => at(m, x, 'start') < at(m, y, 'end') && at(m, y, 'start') < at(m, x, 'end');
    assert.ok(overlap('B', 'C'), 'B and C ran at the same time');
    assert.ok(overlap('A', 'E'), 'E ran alongside A (critical path first, then the free slot)');
    assert.match(r.stdout, /^Graph finished: 6 succeeded\.$/m);
    // The critical path (A, 4 tasks deep) starts before the lone task E.
    assert.ok(r.stdout.indexOf(`▶ A (`) < r.stdout.indexOf(`▶ E (`), 'A first');
    const board = readBoard(ws);
    assert.ok(board.tasks.every((t) => t.agentStatus === 'done'), 'every card done');
    // Done tasks are not run again.
    const again = await runCli(['run-all', '-w', ws]);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /Nothing to run: all 6 task\(s\) are already done\./);
  });

  it('a failed task holds exactly its descendants; the rest runs; exit 1; the cards say why', async () => {
    const ids = await diamond('C');
    const r = await runCli(['run-all', '--concurrency', '3', '-w', ws]);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, new RegExp(`^✖ C \\(${ids.C}\\) failed: `, 'm'));
    const heldLines = r.stdout.split('\n').filter((l) => l.startsWith('⏸'));
    assert.deepEqual(heldLines.sort(), [`⏸ D (${ids.D}) held: C failed`, `⏸ F (${ids.F}) held: C failed`]);
    const started = new Set(marks().filter((x) => x.event === 'start').map((x) => x.title));
    assert.deepEqual([...started].sort(), ['A', 'B', 'C', 'E']);
    const board = readBoard(ws);
    const task = (k: string) => board.tasks.find((t) => t.id === ids[k])!;
    assert.equal(task('D').held, 'held: C failed');
    assert.equal(task('F').held, 'held: C failed');
    assert.equal(task('B').held, undefined);
    assert.equal(task('E').agentStatus, 'done');
    assert.match(r.stdout, /^Graph finished: 3 succeeded, 1 failed, 2 held\.$/m);
  });

  it('viban release lets a held task run without its failed prerequisite; the rest stays held; a task not held is refused', async () => {
    const ids = await diamond('C');
    assert.equal((await runCli(['run-all', '-w', ws])).code, 1);
    let r = await runCli(['release', ids.E, '-w', ws]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^viban: "E" is not held: only a task held by a failed prerequisite can be released\.$/m);
    r = await runCli(['release', ids.D, '-w', ws]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim(), 'Released "D" (held: C failed): it runs without waiting for its failed prerequisites.');
    const released = readBoard(ws).tasks.find((t) => t.id === ids.D)!;
    assert.equal(released.released, true);
    assert.equal(released.held, undefined);

    const before = marks().length;
    r = await runCli(['run-all', '-w', ws]);
    assert.equal(r.code, 1, 'C still fails');
    const again = marks().slice(before).filter((x) => x.event === 'start').map((x) => x.title);
    assert.deepEqual(again.sort(), ['C', 'D'], 'C is retried, D runs although C failed, done tasks are skipped');
    const board = readBoard(ws);
    assert.equal(board.tasks.find((t) => t.id === ids.D)!.agentStatus, 'done');
    assert.equal(board.tasks.find((t) => t.id === ids.F)!.held, 'held: C failed', 'F was not released');
  });

  it('--detach returns at once with the pid and the log; the background process runs the graph to its end', async () => {
    const ids = await diamond();
    const r = await runCli(['run-all', '--detach', '--concurrency', '3', '-w', ws]);
    assert.equal(r.code, 0, r.stderr);
    const pid = Number(/^Running the graph in the background \(pid (\d+)\)\.$/m.exec(r.stdout)?.[1]);
    const log = /^Log: (.+)$/m.exec(r.stdout)?.[1] ?? '';
    assert.ok(pid > 0 && log.startsWith(join(ws, '.viban')), r.stdout);
    // The detached process ends by itself once every task ended: wait for it, then read what it left.
    try {
      for (let alive = true; alive; ) {
        try {
          process.kill(pid, 0);
          await new Promise((res) => setTimeout(res, 200));
        } catch {
          alive = false;
        }
      }
    } finally {
      // A test that timed out must not leave the background run (a process group of its own) behind.
      try {
        process.kill(-pid, 'SIGTERM');
      } catch {
        /* already gone */
      }
    }
    const text = readFileSync(log, 'utf8');
    assert.match(text, /^Graph finished: 6 succeeded\.$/m, text);
    const board = readBoard(ws);
    for (const id of Object.values(ids)) assert.equal(board.tasks.find((t) => t.id === id)!.agentStatus, 'done');
  });

  it('refuses a graph with a cycle (from a hand edit) before running anything, naming it', async () => {
    const a = await add('Alpha', 'sleep:10');
    const b = await add('Beta', 'sleep:10');
    await runCli(['link', b, '--blocked-by', a, '-w', ws]);
    const file = join(ws, '.viban', 'board.json');
    const board = JSON.parse(readFileSync(file, 'utf8'));
    board.tasks.find((t: { id: string }) => t.id === a).blockedBy = [b];
    require('node:fs').writeFileSync(file, JSON.stringify(board, null, 2));
    const r = await runCli(['run-all', '-w', ws]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^viban: The graph has a cycle: (Alpha → Beta → Alpha|Beta → Alpha → Beta)\. Unlink one/m);
    assert.equal(marks().length, 0, 'nothing ran');
  });

  it('bad usage: --mode ask, a bad --concurrency, an unknown column', async () => {
    let r = await runCli(['run-all', '--mode', 'ask', '-w', ws]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--mode ask needs a person/);
    r = await runCli(['run-all', '--concurrency', '0', '-w', ws]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--concurrency must be a whole number from 1 to 64 \(got "0"\)/);
    r = await runCli(['run-all', '--column', 'nope', '-w', ws]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /There is no column "nope" on this board \(columns: backlog, todo, in-progress, in-review, done\)/);
  });
});
