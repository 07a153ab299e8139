// "Open in Terminal": an agent's own interactive UI under a real pseudo-terminal (node-pty). What
// the person types reaches it; what it prints is shown and recorded, with colour codes stripped.
import { strict as assert } from 'node:assert';
import { PtyExecutor, stripAnsi, type PtyHandle } from '../../../../src/executors/ptyExecutor';
import { isAlive } from '../../../../src/executors/processTree';
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

  it('strips colour, cursor and title sequences', () => {
    assert.equal(stripAnsi('\x1b[2K\x1b[1G\x1b[31mred\x1b[0m \x1b]0;title\x07done'), 'red done');
  });
});
