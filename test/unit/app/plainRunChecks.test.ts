// Verify-and-fix after a plain `viban run` (not only Run all): with `verify.commands` configured,
// a run that leaves a failing check gets a new run (a custom executor cannot resume) whose prompt
// carries the failure, and the card ends verified; without it, no check runs. Real processes.
import { strict as assert } from 'node:assert';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isPlainRun } from '../../../src/app/plainRunChecks';
import { lastLine, readBoard, runCli, tempWorkspace, writeSettings } from '../cli/cliHarness';

const AGENT = join(__dirname, '..', 'graph', 'fixtures', 'fixingAgent.js');
const TEST = "const add = require('./add.js');\nif (add(2, 3) !== 5) { console.error('add(2, 3) should be 5, got ' + add(2, 3)); process.exit(1); }\nconsole.log('ok');\n";

describe('checks after a plain run', function () {
  this.timeout(120000);
  let ws: string;
  afterEach(() => rmSync(ws, { recursive: true, force: true }));

  function setup(verify?: Record<string, unknown>) {
    ws = tempWorkspace();
    writeSettings(ws, { executors: { default: 'fixer', custom: [{ id: 'fixer', label: 'Fixer', command: process.execPath, args: [AGENT, '{prompt}'] }] }, ...(verify && { verify }) });
    writeFileSync(join(ws, 'package.json'), JSON.stringify({ name: 'sum', private: true, scripts: { test: 'node test.js' } }));
    writeFileSync(join(ws, 'test.js'), TEST);
  }

  it('viban run: a failing check gets a fix-up run told the failure; the card ends Verified', async () => {
    setup({ commands: ['node test.js'] });
    const id = lastLine((await runCli(['add', 'Write add()', '-w', ws])).stdout);
    const r = await runCli(['run', id, '--mode', 'auto-edit', '-w', ws]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^Verified ✓$/m);
    assert.equal(readFileSync(join(ws, 'add.js'), 'utf8'), 'module.exports = (a, b) => a + b;\n');
    const task = readBoard(ws).tasks.find((t) => t.id === id)!;
    assert.equal(task.verification?.state, 'verified');
    assert.equal(task.verification?.attempts, 2);
  });

  it('viban run: checks that never pass end the run with exit 1 and checks_failed', async () => {
    setup({ commands: ['node test.js', 'node -e "process.exit(4)"'], maxAttempts: 2 });
    const id = lastLine((await runCli(['add', 'Write add()', '-w', ws])).stdout);
    const r = await runCli(['run', id, '--mode', 'auto-edit', '-w', ws]);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /Checks failed after 2 attempts: `node -e "process.exit\(4\)"` failed \(exit 4\)/);
    assert.equal(readBoard(ws).tasks.find((t) => t.id === id)!.verification?.state, 'checks_failed');
  });

  it('no checks configured: a plain run is not checked (the package.json scripts are for Run all)', async () => {
    setup();
    const id = lastLine((await runCli(['add', 'Write add()', '-w', ws])).stdout);
    const r = await runCli(['run', id, '--mode', 'auto-edit', '-w', ws]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.doesNotMatch(r.stdout, /Verified|Checking/);
    assert.equal(readBoard(ws).tasks.find((t) => t.id === id)!.verification, undefined);
  });

  it('tells plain runs from graph tasks, stage steps and messages', () => {
    assert.equal(isPlainRun({ kind: 'run', payload: { prompt: 'x' } }), true);
    assert.equal(isPlainRun({ kind: 'run', payload: { graphRunId: 'g1' } }), false);
    assert.equal(isPlainRun({ kind: 'run', payload: { columnFlow: false } }), false);
    assert.equal(isPlainRun({ kind: 'message', payload: {} }), false);
  });
});
