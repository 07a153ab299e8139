// The everyday commands and every way to call them wrong, through the real `viban` process.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { lastLine, readBoard, runCli, tempWorkspace, writeSettings } from './cliHarness';

describe('viban: add, list and usage', function () {
  this.timeout(30000);
  let ws: string;
  beforeEach(() => (ws = tempWorkspace()));
  afterEach(() => rmSync(ws, { recursive: true, force: true }));

  it('add prints the new id on its last line and the board has the task in the first column', async () => {
    const r = await runCli(['add', 'Fix the flaky test', '--description', 'It fails on Mondays', '--workspace', ws]);
    assert.equal(r.code, 0, r.stderr);
    const id = lastLine(r.stdout);
    assert.match(id, /^t_[a-z0-9]+$/);
    assert.match(r.stdout, /Added "Fix the flaky test" to Backlog\./);
    const board = readBoard(ws);
    const task = board.tasks.find((t) => t.id === id);
    assert.ok(task, 'task in board.json');
    assert.equal(task.title, 'Fix the flaky test');
    assert.equal(task.description, 'It fails on Mondays');
    assert.equal(task.columnId, board.columns[0].id);
  });

  it('list shows tasks by column with status; --json is machine-readable', async () => {
    const a = lastLine((await runCli(['add', 'First task', '-w', ws])).stdout);
    // The workspace defaults to the current folder.
    const b = lastLine((await runCli(['add', 'Second task'], { cwd: ws })).stdout);
    const human = await runCli(['list', '-w', ws]);
    assert.equal(human.code, 0, human.stderr);
    const lines = human.stdout.split('\n');
    assert.equal(lines[0], 'Backlog (2)');
    assert.match(human.stdout, new RegExp(`${a}\\s+First task\\s+idle`));
    assert.match(human.stdout, new RegExp(`${b}\\s+Second task\\s+idle`));
    assert.ok(human.stdout.indexOf(a) < human.stdout.indexOf(b), 'board order');
    assert.match(human.stdout, /^Done \(0\)$/m);

    const json = await runCli(['list', '--json'], { cwd: ws });
    const parsed = JSON.parse(json.stdout);
    assert.deepEqual(parsed.columns.map((c: { id: string }) => c.id), ['backlog', 'todo', 'in-progress', 'in-review', 'done']);
    assert.deepEqual(parsed.columns[0].tasks.map((t: { id: string; agentStatus: string }) => [t.id, t.agentStatus]), [[a, 'idle'], [b, 'idle']]);
  });

  it('bad usage exits 2 with one clear line and the usage', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['frobnicate'], /^viban: unknown command "frobnicate"$/m],
      [[], /^viban: no command given$/m],
      [['add'], /^viban: missing <title>$/m],
      [['add', 'a', 'b'], /^viban: unexpected argument "b" \(quote the title if it has spaces\)$/m],
      [['list', '--colour'], /^viban: unknown option --colour$/m],
      [['run', 't_x', '--mode'], /^viban: option --mode needs a value$/m],
      [['run', 't_x', '--mode', 'yolo'], /^viban: --mode must be one of ask, auto-edit, plan, full-auto \(got "yolo"\)$/m],
      [['send', 't_x'], /^viban: missing <message>$/m],
      [['stop', 's_x', '--timeout', 'soon'], /^viban: --timeout must be a positive number of seconds/m],
      [['help', 'nope'], /^viban: unknown command "nope"$/m],
    ];
    for (const [args, message] of cases) {
      const r = await runCli(['-w', ws, ...args]);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message, args.join(' '));
      assert.match(r.stderr, /Usage: viban/, args.join(' '));
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
      assert.equal(r.stdout, '');
    }
    assert.equal(existsSync(join(ws, '.viban')), false, 'bad usage touches nothing');
  });

  it('--help for each command shows usage, options and examples; --version prints the version', async () => {
    const version = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8')).version;
    assert.equal((await runCli(['--version'])).stdout.trim(), version);
    const general = await runCli(['--help']);
    assert.equal(general.code, 0);
    for (const c of ['add', 'list', 'run', 'send', 'stop', 'log', 'sessions', 'executors']) {
      assert.match(general.stdout, new RegExp(`^  ${c}\\s+\\S`, 'm'));
      const r = await runCli([c, '--help']);
      assert.equal(r.code, 0, c);
      assert.match(r.stdout, new RegExp(`^Usage: viban ${c}`), c);
      assert.match(r.stdout, /^Examples:\n  viban /m, c);
      assert.match(r.stdout, /--workspace DIR/, c);
    }
    assert.match((await runCli(['help', 'run'])).stdout, /--mode MODE\s+Permission mode/);
  });

  it('a missing workspace folder and an unknown task are one-line errors, exit 1', async () => {
    const gone = await runCli(['list', '-w', join(ws, 'nope')]);
    assert.equal(gone.code, 1);
    assert.equal(gone.stderr, `viban: the workspace folder ${join(ws, 'nope')} does not exist (check --workspace)\n`);
    const run = await runCli(['run', 't_missing', '--mode', 'auto-edit', '-w', ws]);
    assert.equal(run.code, 1);
    assert.equal(run.stderr, `viban: there is no task "t_missing" on the board in ${ws} (see \`viban list\`)\n`);
  });

  it('invalid .viban/settings.json: the error names the file and the field', async () => {
    const file = join(ws, '.viban', 'settings.json');
    writeSettings(ws, { executors: { idleTimeoutMinutes: 'ten' } });
    let r = await runCli(['executors', '-w', ws]);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, `viban: ${file} is invalid at executors.idleTimeoutMinutes: Expected number, received string\n`);

    writeSettings(ws, { executors: { defualt: 'codex' } });
    r = await runCli(['run', 't_x', '--mode', 'plan', '-w', ws]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, new RegExp(`^viban: ${file} is invalid at executors: Unrecognized key\\(s\\) in object: 'defualt' \\(executors\\.defualt\\)\n$`));

    writeSettings(ws, '{ "executors": ');
    r = await runCli(['list', '-w', ws]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, new RegExp(`^viban: ${file} is not valid JSON: `));
  });

  it('settings that hold a secret are refused, and the secret is never printed', async () => {
    const key = 'sk-ant-api03-' + 'x'.repeat(40);
    writeSettings(ws, { executors: { custom: [{ id: 'mine', command: 'my-agent', env: { ANTHROPIC_API_KEY: key } }] } });
    const r = await runCli(['executors', '-w', ws]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /settings\.json holds what looks like a secret at executors\.custom\.0\.env\.ANTHROPIC_API_KEY; keep keys in the environment/);
    assert.doesNotMatch(r.stdout + r.stderr, /sk-ant-api03/);
  });

  it('an error quoting a secret from the environment is redacted', async () => {
    const secret = 'very-secret-value-1234567890';
    const r = await runCli(['run', secret, '--mode', 'plan', '-w', ws], { env: { OPENAI_API_KEY: secret } });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /there is no task "\[REDACTED\]"/);
    assert.doesNotMatch(r.stderr, /very-secret/);
  });
});
