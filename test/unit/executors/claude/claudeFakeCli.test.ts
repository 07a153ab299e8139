// The executor's handling of output the real CLI will not produce on demand: a process that dies
// mid-line, garbage between JSON lines, a missing result line.
import { strict as assert } from 'node:assert';
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClaudeCodeExecutor } from '../../../../src/executors/cli/claude';
import { writeFakeClaude, type FakeEnding } from '../../../support/fakeClaudeCli';
import { recordingSink } from '../../../support/claudeHarness';

const TRANSCRIPT = join(__dirname, '../../../fixtures/claude/tools-and-approvals.jsonl');

describe('Claude Code executor with a misbehaving CLI', () => {
  let dir: string;
  beforeEach(() => (dir = realpathSync(mkdtempSync(join(tmpdir(), 'viban-fake-claude-')))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function run(ending: FakeEnding) {
    const exe = writeFakeClaude(dir, TRANSCRIPT, ending);
    // The recorded approvals are answered on stdin; the fake ignores the answers.
    const sink = recordingSink();
    const outcome = await createClaudeCodeExecutor({ configuredPath: exe }).run({ prompt: 'p', cwd: dir }, sink, new AbortController().signal);
    return { sink, outcome };
  }

  it('replays a clean transcript to success', async () => {
    const { outcome, sink } = await run('clean');
    assert.equal(outcome.status, 'succeeded', outcome.error);
    assert.equal(sink.approvals.length, 3);
    assert.ok(outcome.costUsd! > 0);
  });

  it('dies mid-line: the cut line is kept as raw, the run fails with a clear message', async () => {
    const { outcome, sink } = await run('truncate');
    assert.equal(outcome.status, 'failed');
    assert.match(outcome.error!, /killed by SIGKILL before printing its final result/);
    assert.match(outcome.error!, /ended in the middle of a line/);
    const raws = sink.entries.filter((e) => e.kind === 'raw');
    assert.equal(raws.length, 1);
    assert.ok(sink.entries.some((e) => e.kind === 'error' && e.text === outcome.error));
  });

  it('garbage between lines becomes raw entries; everything else still parses', async () => {
    const { outcome, sink } = await run('garbage');
    assert.equal(outcome.status, 'succeeded', outcome.error);
    const raws = sink.entries.filter((e) => e.kind === 'raw');
    assert.ok(raws.length >= 10);
    assert.ok(raws.every((r) => r.kind === 'raw' && r.line.startsWith('Segmentation fault?')));
    assert.equal(sink.entries.filter((e) => e.kind === 'tool_result').length, 4);
  });

  it('exits 0 without a result line: failed, and says so', async () => {
    const { outcome } = await run('no-result');
    assert.equal(outcome.status, 'failed');
    assert.match(outcome.error!, /exited with code 0 before printing its final result/);
  });

  it('a missing executable fails with an install hint, without throwing', async () => {
    const outcome = await createClaudeCodeExecutor({ configuredPath: join(dir, 'nope') }).run({ prompt: 'p', cwd: dir }, recordingSink(), new AbortController().signal);
    assert.equal(outcome.status, 'failed');
    assert.match(outcome.error!, /not an executable file/);
  });
});
