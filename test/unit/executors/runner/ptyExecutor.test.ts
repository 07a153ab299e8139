// "Open in Terminal": an agent's own interactive UI under a real pseudo-terminal (node-pty). What
// the person types reaches it; what it prints is shown, and recorded as the screen showed it.
import { strict as assert } from 'node:assert';
import { PtyExecutor, TypedLines, type PtyHandle } from '../../../../src/executors/ptyExecutor';
import { isAlive } from '../../../../src/process/liveness';
import type { LogEntry } from '../../../../src/protocol/logEntries';

const ASKER = `
process.stdout.write('\\x1b[1;32mWhat should I do?\\x1b[0m\\r\\n');
process.stdin.setEncoding('utf8');
process.stdin.once('data', (d) => { process.stdout.write('You said: ' + d.trim() + '\\r\\n'); process.exit(0); });
`;

function sink(entries: LogEntry[], pids: number[]) {
  return { entry: (e: LogEntry) => void entries.push(e), agentSessionId: () => undefined, pid: (p: number) => void pids.push(p), requestApproval: async () => ({ behavior: 'deny' as const }) };
}

describe('interactive terminal (node-pty)', function () {
  this.timeout(20_000);

  it('forwards typed input, shows the output, and records it without ANSI codes', async () => {
    let shown = '';
    let handle: PtyHandle | undefined;
    const exec = new PtyExecutor('claude-code', 'Claude Code', process.execPath, ['-e', ASKER], {
      output: (d) => {
        shown += d;
        if (/What should I do\?/.test(shown) && handle) {
          handle.write('add tests\r');
          handle = undefined;
        }
      },
      started: (h) => (handle = h),
    });
    const entries: LogEntry[] = [];
    const outcome = await exec.run({ prompt: 'interactive', cwd: process.cwd() }, sink(entries, []), new AbortController().signal);
    assert.equal(outcome.status, 'succeeded', outcome.error);
    assert.match(shown, /\x1b\[1;32m/, 'the terminal gets the colours');
    const recorded = entries.filter((e) => e.kind === 'raw').map((e) => (e as { line: string }).line);
    assert.ok(recorded.includes('What should I do?'), recorded.join(' | '));
    assert.ok(recorded.some((l) => l.includes('You said: add tests')), recorded.join(' | '));
    assert.ok(recorded.every((l) => !l.includes('\x1b')), 'no escape codes in the record');
    assert.equal(entries[0].kind, 'user');
    assert.deepEqual(entries.filter((e) => e.kind === 'user').map((e) => (e as { text: string }).text), ['interactive', 'add tests'], 'what was typed is a user turn');
  });

  it('takes typed lines as the person meant them: backspace edits; arrows, mouse reports and control keys are left out', () => {
    const lines: string[] = [];
    const typed = new TypedLines((l) => lines.push(l));
    typed.push('helo');
    typed.push('\x7f\x7fllo world\x1b[D\x1b[C\x1bOA\x03');
    typed.push('\x1b[<35;25;8M\x1b[<0;25;8m\x1b[M !!\r\r  \rsecond\nthird\r');
    assert.deepEqual(lines, ['hello world', 'second', 'third']);
  });

  it('stops on abort and leaves no process behind', async () => {
    const abort = new AbortController();
    const pids: number[] = [];
    const exec = new PtyExecutor('codex', 'Codex', process.execPath, ['-e', 'setInterval(() => {}, 1000); process.on("SIGTERM", () => {})'], {
      output: () => undefined,
      started: () => setTimeout(() => abort.abort(), 200),
    });
    const outcome = await exec.run({ prompt: 'x', cwd: process.cwd() }, sink([], pids), abort.signal);
    assert.equal(outcome.status, 'stopped');
    assert.equal(pids.length, 1);
    assert.equal(isAlive(pids[0]), false);
  });

  it('records a redrawing TUI as it looked: cursor moves as spaces, no spinner frames, every scrolled row in order', async () => {
    // Words separated by cursor-forward moves, a spinner redrawn in place and erased, then
    // 60 numbered rows through a 10-row terminal (so most scroll off the screen).
    const TUI = `
      const w = (s) => process.stdout.write(s);
      w('\\x1b[1mHello\\x1b[0m\\x1b[1Cworld\\r\\n');
      let i = 0;
      const spin = setInterval(() => w('\\r' + '|/-\\\\'[i++ % 4] + ' working'), 10);
      setTimeout(() => {
        clearInterval(spin);
        w('\\r\\x1b[2KDone.\\r\\n');
        for (let n = 1; n <= 60; n++) w('row ' + n + '\\r\\n');
        process.exit(0);
      }, 150);`;
    const exec = new PtyExecutor('codex', 'Codex', process.execPath, ['-e', TUI], { output: () => undefined, started: () => undefined }, { cols: 40, rows: 10 });
    const entries: LogEntry[] = [];
    const outcome = await exec.run({ prompt: 'x', cwd: process.cwd() }, sink(entries, []), new AbortController().signal);
    assert.equal(outcome.status, 'succeeded', outcome.error);
    const rows = entries.filter((e) => e.kind === 'raw').map((e) => (e as { line: string }).line);
    assert.deepEqual(rows, ['Hello world', 'Done.', ...Array.from({ length: 60 }, (_, n) => `row ${n + 1}`)]);
  });
});
