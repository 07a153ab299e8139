// One set of defaults for both entry points (issue #10): the extension's package.json settings and
// the `viban` command agree, and a run started from the terminal moves its card like one started
// from the board (the command used to leave it where it was).
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_COLUMN_FLOW, DEFAULT_QUEUE_LIMITS, resolveColumnFlow } from '../../../src/app/defaults';
import { lastLine, readBoard, REPO_ROOT, runCli, writeSettings } from '../cli/cliHarness';

const settings = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).contributes.configuration;
const properties: Record<string, { default?: unknown }> = Object.assign({}, ...[settings].flat().map((c: { properties: object }) => c.properties));

/** A custom text executor that prints a line and exits with `code`. */
const agent = (code: number) => ({ id: 'it', label: 'Agent it', command: process.execPath, args: ['-e', `console.log('worked'); process.exit(${code})`, '{prompt}'], outputFormat: 'text' });

describe('shared defaults (src/app/defaults.ts)', function () {
  this.timeout(60000);
  let ws: string;
  beforeEach(() => (ws = realpathSync(mkdtempSync(join(tmpdir(), 'viban-defaults-')))));
  afterEach(() => rmSync(ws, { recursive: true, force: true }));

  it("package.json's settings carry the same defaults as the command line", () => {
    assert.deepEqual(properties['viban.columnFlow']?.default, { ...DEFAULT_COLUMN_FLOW });
    assert.equal(properties['viban.queue.concurrency']?.default, DEFAULT_QUEUE_LIMITS.concurrency);
    assert.equal(properties['viban.queue.maxAttempts']?.default, DEFAULT_QUEUE_LIMITS.maxAttempts);
  });

  it('a partial flow keeps what was set (an empty string means "do not move") and fills the rest', () => {
    assert.deepEqual(resolveColumnFlow({ runStarted: '' }), { runStarted: '', runSucceeded: 'in-review', accepted: 'done' });
    assert.deepEqual(resolveColumnFlow(undefined), { ...DEFAULT_COLUMN_FLOW });
  });

  it('viban run moves the card as the board does: In Progress while it runs, In Review when it succeeds', async () => {
    writeSettings(ws, { executors: { custom: [agent(0)] } });
    const id = lastLine((await runCli(['add', 'Move me', '-w', ws])).stdout);
    assert.equal(readBoard(ws).tasks[0].columnId, 'backlog');
    const r = await runCli(['run', id, '--executor', 'it', '--mode', 'full-auto', '-w', ws]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(readBoard(ws).tasks.find((t) => t.id === id)?.columnId, 'in-review');
  });

  it('a failed run stays In Progress with its error; .viban/settings.json columnFlow changes where cards go', async () => {
    writeSettings(ws, { executors: { custom: [agent(3)] } });
    const failing = lastLine((await runCli(['add', 'Fail me', '-w', ws])).stdout);
    assert.equal((await runCli(['run', failing, '--executor', 'it', '--mode', 'full-auto', '-w', ws])).code, 1);
    assert.equal(readBoard(ws).tasks.find((t) => t.id === failing)?.columnId, 'in-progress');

    writeSettings(ws, { columnFlow: { runStarted: '', runSucceeded: 'done' }, executors: { custom: [agent(0)] } });
    const id = lastLine((await runCli(['add', 'Straight to done', '-w', ws])).stdout);
    assert.equal((await runCli(['run', id, '--executor', 'it', '--mode', 'full-auto', '-w', ws])).code, 0);
    assert.equal(readBoard(ws).tasks.find((t) => t.id === id)?.columnId, 'done');
  });

  it('a misspelt columnFlow key is refused with the key named', async () => {
    writeSettings(ws, { columnFlow: { runSucceded: 'done' } });
    const r = await runCli(['list', '-w', ws]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /settings\.json is invalid at columnFlow.*runSucceded/);
  });
});
