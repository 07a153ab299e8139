// `npm test`'s layer runner reads each layer's real mocha summary; its closing line stays
// `tests: N passed, N failed`, and a layer that crashed or ran nothing counts as a failure.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closingLine, failureLines, formatSeconds, layerOutcome, runLayer } from '../../../scripts/testLayers.mjs';
import { REPO_ROOT } from '../../support/agentClis';

const MOCHA = join(REPO_ROOT, 'node_modules', 'mocha', 'bin', 'mocha.js');

/** Runs real mocha (spec reporter, as the layers do) over a spec file with this body. */
function mocha(body: string) {
  const dir = mkdtempSync(join(tmpdir(), 'viban-layer-'));
  try {
    writeFileSync(join(dir, 'layer.spec.js'), body);
    const r = spawnSync(process.execPath, [MOCHA, '--reporter', 'spec', join(dir, 'layer.spec.js')], { encoding: 'utf8' });
    return { code: r.status ?? 1, tail: r.stdout };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("npm test's layer runner", function () {
  this.timeout(30_000);

  it("counts a layer's passing and failing tests from mocha's own summary", () => {
    const r = mocha("it('a', () => {}); it('b', () => {}); it('c', () => { throw new Error('no'); });");
    assert.equal(r.code, 1);
    assert.deepEqual(layerOutcome('unit', r.code, r.tail), { passed: 2, failed: 1, pending: 0, line: 'unit: 2 passed, 1 failed' });
  });

  it('names each failing test with its error, for the summary at the end of the log', () => {
    const r = mocha("describe('store', () => { it('keeps the board', () => {}); it('writes atomically', () => { throw new Error('rename failed'); }); }); it('top', () => { throw new TypeError('x is undefined'); });");
    assert.deepEqual(failureLines(r.tail), ['top: TypeError: x is undefined', 'store › writes atomically: Error: rename failed']);
    assert.deepEqual(failureLines(mocha("it('a', () => {});").tail), []);
  });

  it('a layer that ran no test, or crashed before its summary, is a failure', () => {
    const empty = mocha('');
    assert.deepEqual(layerOutcome('webview', empty.code, empty.tail), { passed: 0, failed: 1, pending: 0, line: 'webview: ran no test' });
    const crashed = mocha("throw new Error('cannot load');");
    assert.notEqual(crashed.code, 0);
    assert.equal(layerOutcome('e2e', crashed.code, crashed.tail).failed, 1);
    assert.match(layerOutcome('e2e', crashed.code, crashed.tail).line, /^e2e: ran no test \(exit \d+\)$/);
  });

  it('adds skipped tests to the line only when there are some', () => {
    const r = mocha("it('a', () => {}); it('s');");
    assert.deepEqual(layerOutcome('unit', r.code, r.tail), { passed: 1, failed: 0, pending: 1, line: 'unit: 1 passed, 0 failed, 1 skipped' });
  });

  it('closes with `tests: N passed, N failed`', () => {
    assert.equal(closingLine({ passed: 812, failed: 0, pending: 0 }), 'tests: 812 passed, 0 failed');
    assert.equal(closingLine({ passed: 3, failed: 2, pending: 1 }), 'tests: 3 passed, 2 failed, 1 skipped');
    assert.equal(formatSeconds(23_400), '23 s');
    assert.equal(formatSeconds(245_000), '4 min 05 s');
  });

  it('a layer that reports but does not exit (a leaked handle) is killed after its grace and fails saying why', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'viban-layer-'));
    try {
      // A passing test that leaves an interval running: mocha prints its summary, then waits forever.
      writeFileSync(join(dir, 'leak.spec.js'), "it('leaks a timer', () => { setInterval(() => {}, 1000); });");
      const sink = { write: () => true };
      const started = Date.now();
      const r = await runLayer([process.execPath, MOCHA, '--reporter', 'spec', join(dir, 'leak.spec.js')], { limitMin: 1, settleMs: 500, out: sink });
      assert.ok(Date.now() - started < 20_000, 'killed after its grace, not left to its cap');
      assert.equal(r.code, 124);
      assert.match(r.why ?? '', /did not exit within 0.5 s/);
      assert.equal(layerOutcome('unit', r.code, r.tail).line, 'unit: 1 passed, 1 failed', 'the hang counts as a failure');
      // The same layer without the leak exits by itself and passes.
      writeFileSync(join(dir, 'leak.spec.js'), "it('clean', () => {});");
      const clean = await runLayer([process.execPath, MOCHA, '--reporter', 'spec', join(dir, 'leak.spec.js')], { limitMin: 1, settleMs: 500, out: sink });
      assert.deepEqual([clean.code, clean.why], [0, undefined]);
      // An inner summary midway (the e2e layer prints the extension-host suite's) is not the end:
      // output after it keeps the layer alive, and `settles: false` turns the grace off.
      const slow = join(dir, 'slow.js');
      writeFileSync(slow, "console.log('  4 passing (2s)'); let n = 0; const t = setInterval(() => { console.log('still working ' + n); if (++n === 6) { clearInterval(t); console.log('  9 passing (3s)'); } }, 250);");
      const chatty = await runLayer([process.execPath, slow], { limitMin: 1, settleMs: 500, out: sink });
      assert.deepEqual([chatty.code, chatty.why], [0, undefined], 'output after an inner summary is not a hang');
      const off = await runLayer([process.execPath, '-e', "console.log('  1 passing (1ms)'); setTimeout(() => {}, 1500);"], { limitMin: 1, settleMs: 300, settles: false, out: sink });
      assert.deepEqual([off.code, off.why], [0, undefined], 'no grace for a layer that does not settle');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
