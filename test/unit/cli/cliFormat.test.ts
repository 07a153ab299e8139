// In-process checks of the pieces the process tests cannot pin down cheaply: how streamed entries
// render, how the command word is found, and the summary numbers.
import { strict as assert } from 'node:assert';
import { splitCommand } from '../../../src/cli/args';
import { HumanLogRenderer, nonBlankLines } from '../../../src/cli/format/humanLog';
import { formatCost, formatDuration, summaryLine } from '../../../src/cli/format/summary';
import { Output } from '../../../src/cli/output';
import type { LogEntry } from '../../../src/protocol/logEntries';
import type { SessionMeta } from '../../../src/protocol/sessions';
import { Redactor } from '../../../src/secrets/redactor';

function capture(env: NodeJS.ProcessEnv = { NO_COLOR: '1' }) {
  let stdout = '';
  let stderr = '';
  const out = new Output({ write: (t: string) => (stdout += t) }, { write: (t: string) => (stderr += t) }, new Redactor({ OPENAI_API_KEY: 'the-secret-value-123' }), { env });
  return { out, stdout: () => stdout, stderr: () => stderr };
}

const ts = '2025-01-01T00:00:00.000Z';

describe('viban output formatting', () => {
  describe('gathered stdout (the real command)', () => {
    function gathering() {
      const writes: string[] = [];
      let stderr = '';
      const out = new Output({ write: (t: string, done?: () => void) => (writes.push(t), done?.()) }, { write: (t: string) => (stderr += `[${writes.length}]${t}`) }, new Redactor({ OPENAI_API_KEY: 'the-secret-value-123' }), { env: { NO_COLOR: '1' }, gather: true });
      return { out, writes, stderr: () => stderr };
    }

    it('writes the pieces of one turn of the event loop at once, redacted, in order', async () => {
      const g = gathering();
      for (let i = 0; i < 1000; i++) g.out.write(`${i} `);
      g.out.line('key the-secret-value-123');
      g.out.redactedLine('{"kind":"raw"}');
      assert.equal(g.writes.length, 0, 'nothing written yet');
      await new Promise((r) => setImmediate(r));
      assert.equal(g.writes.length, 1);
      assert.ok(g.writes[0].startsWith('0 1 2 '));
      assert.ok(g.writes[0].endsWith('999 key [REDACTED]\n{"kind":"raw"}\n'));
    });

    it('writes what was gathered before anything on stderr, and on flush before exiting', () => {
      const g = gathering();
      g.out.write('streamed text');
      g.out.info('a note');
      assert.deepEqual(g.writes, ['streamed text']);
      assert.equal(g.stderr(), '[1]a note\n', 'the note came after the text reached stdout');
      g.out.line('the summary');
      let exited = false;
      g.out.flush(() => (exited = true));
      assert.deepEqual(g.writes, ['streamed text', 'the summary\n']);
      assert.ok(exited);
    });

    it('redacts what it gathered as one text: a key the stream split over two pieces is masked whole', async () => {
      const g = gathering();
      g.out.write('token sk-ant-api03-');
      g.out.write('AbCdEfGhIjKlMnOpQrStUvWxYz0123456789 done');
      g.out.flush();
      assert.equal(g.writes.join(''), 'token [REDACTED] done');
    });

    it('does not hold more than 64 KiB', () => {
      const g = gathering();
      const piece = 'x'.repeat(1000);
      for (let i = 0; i < 70; i++) g.out.write(piece);
      assert.equal(g.writes.length, 1);
      assert.ok(g.writes[0].length >= 64 * 1024);
    });
  });

  it('streams assistant deltas on one line, prints a full block only for what streaming missed', () => {
    const c = capture();
    const r = new HumanLogRenderer(c.out, { cwd: '/w' });
    const entries: LogEntry[] = [
      { kind: 'assistant', id: 'm:0', ts, text: 'Hel', delta: true },
      { kind: 'assistant', id: 'm:0', ts, text: 'lo', delta: true },
      { kind: 'assistant', id: 'm:0', ts, text: 'Hello there', delta: false },
      { kind: 'tool_use', id: 'tool:1', ts, toolUseId: '1', name: 'Bash', input: { command: 'npm test' }, status: 'running' },
      { kind: 'approval_request', id: 'a1', ts, requestId: 'a1', toolName: 'Bash', input: { command: 'npm test' } },
      { kind: 'approval_response', id: 'a1r', ts, requestId: 'a1', decision: 'allow' },
      { kind: 'approval_response', id: 'a1r2', ts, requestId: 'a1', decision: 'allow' },
      { kind: 'tool_result', id: 'result:1', ts, toolUseId: '1', output: 'ok 1\nok 2\nok 3' },
      { kind: 'tool_use', id: 'tool:1', ts, toolUseId: '1', name: 'Bash', input: { command: 'npm test' }, status: 'completed' },
      { kind: 'assistant', id: 'm2:0', ts, text: 'Not streamed.', delta: false },
      { kind: 'system', id: 's1', ts, text: 'requesting', data: { subtype: 'status' } },
      { kind: 'error', id: 'e1', ts, text: 'It broke' },
      { kind: 'error', id: 'e2', ts, text: 'It broke' },
      { kind: 'tool_result', id: 'result:2', ts, toolUseId: '2', output: 'no such file', isError: true },
      { kind: 'result', id: 'r', ts, isError: false, costUsd: 1 },
    ];
    entries.forEach((e) => r.render(e));
    r.finish();
    assert.equal(
      c.stdout(),
      ['Hello there', '→ Bash: npm test', '? Asked to allow Bash: npm test', '  ✓ allowed', '  ← ok 1 (+2 lines)', 'Not streamed.', '✗ It broke', '  ✗ no such file', ''].join('\n'),
    );
  });

  it('colours only when asked, and redacts everything it writes', () => {
    const plain = capture({});
    assert.equal(plain.out.style('red', 'x'), 'x', 'not a TTY');
    const forced = capture({ FORCE_COLOR: '1' });
    assert.equal(forced.out.style('red', 'x'), '\u001b[31mx\u001b[39m');
    forced.out.line('key: the-secret-value-123');
    forced.out.error('failed with sk-proj-abcdefghijklmnopqrstuvwxyz');
    assert.equal(forced.stdout(), 'key: [REDACTED]\n');
    assert.equal(forced.stderr(), 'viban: failed with [REDACTED]\n');
  });

  it('finds the command word past global options and their values', () => {
    assert.deepEqual(splitCommand(['-w', 'run', 'list']), { command: 'list', rest: ['-w', 'run'] });
    assert.deepEqual(splitCommand(['--workspace=x', 'add', 'T']), { command: 'add', rest: ['--workspace=x', 'T'] });
    assert.deepEqual(splitCommand(['--help']), { command: undefined, rest: ['--help'] });
    assert.deepEqual(splitCommand(['--', 'add']), { command: undefined, rest: ['--', 'add'] });
  });

  it('finds a result’s first non-blank line and counts them as splitting the text would', () => {
    const split = (t: string) => {
      const lines = t.split('\n').filter((l) => l.trim());
      return { first: lines[0], count: lines.length };
    };
    const cases = ['', '\n\n', 'one', '  \n\t\n  first  \n\nsecond\n', 'a\nb\nc', '\u00a0\n x\r\ny\r\n', 'end without newline\n\n last', `${'1\tcode\n'.repeat(300)}`];
    for (const t of cases) assert.deepEqual(nonBlankLines(t), split(t), JSON.stringify(t));
  });

  it('summarises cost, tokens and duration in the units a person reads', () => {
    assert.equal(formatCost(0.0042), '$0.0042');
    assert.equal(formatCost(1.5), '$1.50');
    assert.equal(formatDuration(6100), '6.1 s');
    assert.equal(formatDuration(125_000), '2 min 05 s');
    const meta = {
      schemaVersion: 1, id: 's_1', taskId: 't_1', executorId: 'claude-code', executorLabel: 'Claude Code', status: 'failed', prompt: 'p', cwd: '/w',
      createdAt: ts, entryCount: 0, costUsd: 0.25, usage: { inputTokens: 1200, outputTokens: 80, cacheReadTokens: 300 }, durationMs: 4000, error: 'Not logged in\nmore',
    } as SessionMeta;
    assert.equal(summaryLine(meta, capture().out), '✗ Failed: Not logged in · $0.25 · 1,200 in (+300 cached) / 80 out tokens · 4.0 s · session s_1');
  });
});
