// How `npm test` reads each layer's outcome and writes the closing line. Apart from scripts/test.mjs
// so a unit test can hold it to its contract: the last line is `tests: N passed, N failed`, every
// counted layer reports its own figures, and a layer that crashed or ran nothing counts as failed.
import { spawn } from 'node:child_process';

/** The last "N <word>" line of a mocha summary ("12 passing", "1 failing", "2 pending"), or 0. */
export function mochaCount(text, word) {
  const m = [...text.matchAll(new RegExp(`^\\s*(\\d+) ${word}`, 'gm'))];
  return m.length ? Number(m[m.length - 1][1]) : 0;
}

/**
 * One counted layer's result from its exit code and the tail of its stdout:
 * { passed, failed, pending, line } where `line` is the layer's row of the summary.
 */
export function layerOutcome(name, code, tail) {
  const passed = mochaCount(tail, 'passing');
  let failed = mochaCount(tail, 'failing');
  const pending = mochaCount(tail, 'pending');
  if (passed + failed === 0) return { passed, failed: failed + 1, pending, line: `${name}: ran no test${code !== 0 ? ` (exit ${code})` : ''}` };
  if (code !== 0 && failed === 0) failed = 1; // crashed after (or without) mocha's summary
  return { passed, failed, pending, line: `${name}: ${passed} passed, ${failed} failed${pending ? `, ${pending} skipped` : ''}` };
}

/**
 * The failures of a layer from mocha's spec report, one line each ("suite › test: Error: message"),
 * so the closing summary names them: a CI log shown from its end still says which tests failed.
 */
export function failureLines(text) {
  const at = [...text.matchAll(/^\s*\d+ failing\s*$/gm)].pop();
  if (!at) return [];
  const blocks = text.slice(at.index + at[0].length).split(/^\s*\d+\) /m).slice(1);
  return blocks.map((block) => {
    const lines = block.split('\n').map((l) => l.trim());
    const titleEnd = lines.findIndex((l) => l.endsWith(':'));
    const title = lines.slice(0, titleEnd + 1).filter(Boolean).join(' › ').replace(/:$/, '');
    const error = lines.slice(titleEnd + 1).find((l) => l && !l.startsWith('at ')) ?? '';
    return `${title}: ${error}`.slice(0, 300);
  });
}

/** The closing line: what CI logs and people read first. */
export function closingLine({ passed, failed, pending }) {
  return `tests: ${passed} passed, ${failed} failed${pending ? `, ${pending} skipped` : ''}`;
}

/** "23 s" / "4 min 05 s": elapsed time after each layer. */
export function formatSeconds(ms) {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}

/**
 * Runs one layer in its own process group. Mocha waits for every open handle before it exits, so
 * a test that leaks one (a watcher, a timer, a child) would hold CI until its time runs out: once
 * the layer has printed its summary it gets `settleMs` (60 s) to exit, then its group is killed and the
 * layer fails saying why. `limitMin` caps a layer that hangs before its summary the same way.
 * `settles: false` for a layer whose output holds inner summaries (the e2e layer prints the
 * extension-host suite's own "4 passing" midway, and runs its mocha with --exit anyway).
 */
export function runLayer(cmd, { limitMin, settleMs = 60_000, settles = true, out = process.stdout }) {
  return new Promise((resolve) => {
    const child = spawn(cmd[0], cmd.slice(1), { stdio: ['ignore', 'pipe', 'inherit'], detached: true });
    let tail = '';
    let why;
    let settle;
    const kill = (reason) => {
      why ??= reason;
      for (const sig of ['SIGTERM', 'SIGKILL']) setTimeout(() => { try { process.kill(-child.pid, sig); } catch { /* gone */ } }, sig === 'SIGTERM' ? 0 : 5000).unref();
    };
    const cap = setTimeout(() => kill(`still running after its limit of ${limitMin} min: killed`), limitMin * 60_000);
    cap.unref();
    child.stdout.on('data', (d) => {
      out.write(d);
      tail = (tail + d.toString()).slice(-400_000);
      // Still printing is not hung: the grace counts from the last output after a summary.
      if (settles && (settle || /^\s*\d+ passing \(/m.test(tail.slice(-4000)))) {
        clearTimeout(settle);
        settle = setTimeout(() => kill(`printed its summary but did not exit within ${settleMs / 1000} s (a test left a handle open: a watcher, timer or child process): killed`), settleMs);
      }
    });
    const done = (code) => {
      clearTimeout(cap);
      clearTimeout(settle);
      resolve({ code: why ? 124 : code, tail, why });
    };
    child.on('error', () => done(127));
    child.on('close', (code) => done(code ?? 1));
  });
}
