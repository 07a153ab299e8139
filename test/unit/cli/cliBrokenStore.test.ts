// A broken .viban store through the real `viban` process: a corrupt board.json is never silently
// replaced by an empty board (the command says what happened, where the bytes went and how to get
// them back, and does nothing), and a lock left behind by a writer that died is no obstacle.
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatJson } from '../../../src/store/atomicWrite';
import { cliBundle, cliEnv, readBoard, runCli, tempWorkspace, type CliResult } from './cliHarness';

const now = '2026-01-01T00:00:00.000Z';
const task = { id: 't_keep', columnId: 'backlog', order: 1000, title: 'Keep me', description: '', createdAt: now, updatedAt: now, agentStatus: 'idle' };
const columns = [{ id: 'backlog', title: 'Backlog' }, { id: 'todo', title: 'Todo' }];
const GOOD = formatJson({ schemaVersion: 1, columns, tasks: [task] });
const CONFLICTED = [
  '{',
  '  "schemaVersion": 1,',
  '<<<<<<< HEAD',
  `  "columns": ${JSON.stringify(columns)},`,
  '=======',
  `  "columns": ${JSON.stringify([...columns, { id: 'done', title: 'Done' }])},`,
  '>>>>>>> feature/more-columns',
  `  "tasks": [${JSON.stringify(task)}]`,
  '}',
  '',
].join('\n');

interface Variant {
  name: string;
  /** Puts the broken board.json in place. */
  plant(file: string): void;
  /** Moved aside to board.json.corrupt-* (otherwise left where it is for the user to fix). */
  movedAside: boolean;
  /** What stderr must say besides naming the file. */
  hint: RegExp;
}

const RESTORE = /mv '[^']*board\.json\.corrupt-[^']*' '[^']*board\.json'/;
const write = (text: string | Buffer) => (file: string) => writeFileSync(file, text);

const VARIANTS: Variant[] = [
  { name: 'truncated', plant: write(GOOD.slice(0, Math.floor(GOOD.length / 2))), movedAside: true, hint: RESTORE },
  { name: 'empty', plant: write(''), movedAside: true, hint: RESTORE },
  { name: 'NUL-filled', plant: write(Buffer.alloc(4096)), movedAside: true, hint: RESTORE },
  { name: 'wrong schema', plant: write(formatJson({ schemaVersion: 1, columns, tasks: [{ id: 't1' }] })), movedAside: true, hint: RESTORE },
  { name: 'string schemaVersion', plant: write(formatJson({ schemaVersion: '1', columns, tasks: [task] })), movedAside: true, hint: RESTORE },
  {
    name: 'git merge conflict',
    plant: write(CONFLICTED),
    movedAside: false,
    hint: /merge conflict markers.*git checkout --ours.*--theirs.*board\.json/,
  },
  { name: 'a directory', plant: (file) => mkdirSync(join(file, 'inside'), { recursive: true }), movedAside: false, hint: /is a directory/ },
];

function corruptCopies(ws: string): string[] {
  return readdirSync(join(ws, '.viban')).filter((f) => f.startsWith('board.json.corrupt-'));
}

describe('viban: a broken store', function () {
  this.timeout(60000);
  let ws: string;
  let file: string;
  beforeEach(() => {
    ws = tempWorkspace();
    mkdirSync(join(ws, '.viban'));
    file = join(ws, '.viban', 'board.json');
  });
  afterEach(() => rmSync(ws, { recursive: true, force: true }));

  describe('a board.json that cannot be used is reported, kept, and nothing is done', () => {
    for (const v of VARIANTS) {
      it(`${v.name}: add fails, names where the board is and how to get it back, and writes no new board`, async () => {
        v.plant(file);
        const before = statSync(file).isFile() ? readFileSync(file) : undefined;
        const r = await runCli(['add', 'Must not be added', '-w', ws]);
        assert.notEqual(r.code, 0, `exit code; stdout:\n${r.stdout}`);
        assert.doesNotMatch(r.stdout, /Added/);
        assert.ok(r.stderr.includes(file), `stderr names ${file}:\n${r.stderr}`);
        assert.match(r.stderr.replace(/\n/g, ' '), v.hint);
        if (v.movedAside) {
          const copies = corruptCopies(ws);
          assert.equal(copies.length, 1, `one preserved copy: ${copies.join(', ')}`);
          const movedTo = join(ws, '.viban', copies[0]);
          assert.ok(r.stderr.includes(movedTo), `stderr names the preserved copy ${movedTo}:\n${r.stderr}`);
          assert.deepEqual(readFileSync(movedTo), before, 'the preserved copy holds the original bytes');
          assert.equal(existsSync(file), false, 'no new board was started in its place');
        } else {
          assert.deepEqual(corruptCopies(ws), [], 'left in place for the user to resolve');
          if (before) assert.deepEqual(readFileSync(file), before, 'left byte for byte');
          else assert.ok(statSync(file).isDirectory());
        }
      });

      it(`${v.name}: list --json fails and prints no board`, async () => {
        v.plant(file);
        const r = await runCli(['list', '--json', '-w', ws]);
        assert.notEqual(r.code, 0, `exit code; stdout:\n${r.stdout}`);
        assert.equal(r.stdout, '', 'nothing on stdout for a script to mistake for the board');
        assert.ok(r.stderr.includes(file), r.stderr);
      });
    }

    it('after restoring the preserved copy as told, the board is back with its tasks', async () => {
      writeFileSync(file, GOOD.slice(0, 40));
      const r = await runCli(['add', 'Must not be added', '-w', ws]);
      assert.notEqual(r.code, 0);
      const [copy] = corruptCopies(ws);
      // The user fixes the copy (here: the good bytes) and moves it back as the hint says.
      writeFileSync(join(ws, '.viban', copy), GOOD);
      const mv = r.stderr.match(RESTORE);
      assert.ok(mv, r.stderr);
      const [from, to] = [...mv[0].matchAll(/'([^']*)'/g)].map((m) => m[1]);
      assert.equal(to, file);
      writeFileSync(to, readFileSync(from));
      rmSync(from);
      const listed = await runCli(['list', '--json', '-w', ws]);
      assert.equal(listed.code, 0, listed.stderr);
      assert.deepEqual(JSON.parse(listed.stdout).columns[0].tasks.map((t: { id: string }) => t.id), ['t_keep']);
    });
  });

  describe('board.lock', () => {
    it('an empty board.lock left by a dead writer does not block writers', async () => {
      writeFileSync(join(ws, '.viban', 'board.lock'), '');
      const r = await runCli(['add', 'After the crash', '-w', ws]);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(readBoard(ws).tasks.map((t) => t.title), ['After the crash']);
      assert.equal(existsSync(join(ws, '.viban', 'board.lock')), false, 'the lock is released');
    });

    it('a writer that fails while taking the lock (file size limit 0) leaves no lock that blocks the next one', async () => {
      // `ulimit -f 0` lets a process create files but not write a byte to them (EFBIG), like a
      // full disk or a kill right after creating the lock: exactly the step that must be atomic.
      const failed = await runLimited(['add', 'Fails to lock', '-w', ws]);
      assert.notEqual(failed.code, 0, `the size-limited writer must fail: ${failed.stdout}${failed.stderr}`);
      assert.match(failed.stderr, /EFBIG|file too large/i);
      const lock = join(ws, '.viban', 'board.lock');
      if (existsSync(lock)) assert.notEqual(readFileSync(lock, 'utf8'), '', 'a lock that exists names its owner');
      const r = await runCli(['add', 'Next writer', '-w', ws]);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(readBoard(ws).tasks.map((t) => t.title), ['Next writer']);
      assert.deepEqual(readdirSync(join(ws, '.viban')).filter((f) => f.endsWith('.tmp')), [], 'the dead writer\'s temp files are cleaned');
    });
  });
});

/** Runs the CLI bundle with a file size limit of 0 bytes. */
function runLimited(args: string[]): Promise<CliResult> {
  const child = spawn('/bin/sh', ['-c', 'ulimit -f 0 && exec "$0" "$@"', process.execPath, cliBundle(), ...args], {
    env: cliEnv() as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
}
