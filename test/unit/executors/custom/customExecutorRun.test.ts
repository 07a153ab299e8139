// Custom executors run as real child processes: argv placeholders must arrive byte for byte (no
// shell anywhere), plain text becomes one streamed assistant entry, and the JSON formats reuse
// the built-in normalizers on recorded transcripts.
import { strict as assert } from 'node:assert';
import fs from 'node:fs';
import path from 'node:path';
import {
  buildCustomCommand, createCustomAdapter, createCustomExecutor, parseCustomExecutors, substitutePlaceholders, type CustomExecutorConfig,
} from '../../../../src/executors/cli/custom';
import type { RunSink } from '../../../../src/executors/types';
import type { LogEntry } from '../../../../src/protocol/logEntries';
import { pathWithout, removeTempDirs, tempDir } from '../../../support/agentSandboxes';
import { foldEntries, ofKind, REPO_ROOT, spawnAdapter } from '../../../support/spawnAdapter';

function config(over: Partial<CustomExecutorConfig>): CustomExecutorConfig {
  const { executors, errors } = parseCustomExecutors([{ id: 'x', label: 'X', command: process.execPath, args: ['{prompt}'], ...over }]);
  assert.deepEqual(errors, []);
  return executors[0]!;
}

const NASTY_PROMPT = 'He said "hi" & \'bye\'; $(touch /tmp/pwned) `id` $HOME \\n\nsecond line\ttab {workspace} $& ünï';

describe('custom executors', () => {
  let dir: string;
  let echoArgv: string;
  before(() => {
    dir = tempDir('custom');
    echoArgv = path.join(dir, 'echo-argv.js');
    fs.writeFileSync(echoArgv, 'process.stdout.write(JSON.stringify({ argv: process.argv.slice(2), cwd: process.cwd(), env: process.env.CUSTOM_FLAG }) + "\\n");');
  });
  after(removeTempDirs);

  it('substitutes placeholders once, literally', () => {
    assert.equal(substitutePlaceholders('a{prompt}b{workspace}c{prompt}', { prompt: '{workspace}$&', workspace: '/w' }), 'a{workspace}$&b/wc{workspace}$&');
    assert.equal(substitutePlaceholders('{other} {PROMPT}', { prompt: 'p', workspace: 'w' }), '{other} {PROMPT}');
  });

  it('passes the prompt byte for byte inside argv elements to a real process', async () => {
    const adapter = createCustomAdapter(config({ args: [echoArgv, '--task={prompt}', '{prompt}', 'ws:{workspace}', 'plain'], env: { CUSTOM_FLAG: 'on' } }));
    const run = await spawnAdapter(adapter, { prompt: NASTY_PROMPT, cwd: dir }, { executable: process.execPath });
    assert.equal(run.exitCode, 0, run.stderr);
    const echoed = JSON.parse(ofKind(run.entries, 'assistant').map((e) => e.text).join(''));
    assert.deepEqual(echoed.argv, [`--task=${NASTY_PROMPT}`, NASTY_PROMPT, `ws:${dir}`, 'plain']);
    assert.equal(fs.realpathSync(echoed.cwd), fs.realpathSync(dir));
    assert.equal(echoed.env, 'on');
    assert.equal(fs.existsSync('/tmp/pwned'), false);
  });

  it('turns plain text lines into one assistant entry and a result at the end', async () => {
    const script = path.join(dir, 'lines.js');
    fs.writeFileSync(script, 'console.log("first line"); console.log(""); console.log("third {x}");');
    const run = await spawnAdapter(createCustomAdapter(config({ args: [script, '{prompt}'] })), { prompt: 'go', cwd: dir }, { executable: process.execPath });
    assert.equal(run.exitCode, 0);
    const log = foldEntries(run.entries);
    assert.deepEqual(log.map((e) => e.kind), ['assistant', 'result']);
    assert.equal(ofKind(log, 'assistant')[0]!.text, 'first line\n\nthird {x}');
    assert.equal(run.normalizer.result?.text, 'first line\n\nthird {x}');
    assert.equal(run.normalizer.result?.isError, false);
  });

  // Each JSON format: a process that prints a recorded transcript must read like the real CLI.
  const formats = [
    ['codex-json', 'codex/shell-command.jsonl', 'tool_use'],
    ['gemini-stream-json', 'gemini/write-read-files.jsonl', 'tool_result'],
    ['opencode-json', 'opencode/write-and-bash.jsonl', 'thinking'],
    ['claude-stream-json', 'claude/tools-and-approvals.jsonl', 'tool_use'],
  ] as const;
  for (const [outputFormat, fixture, expectKind] of formats) {
    it(`reads ${outputFormat} with the built-in normalizer`, async () => {
      // `cat {prompt}` with the transcript's path as the prompt prints the transcript.
      const adapter = createCustomAdapter(config({ command: 'cat', args: ['{prompt}'], outputFormat }));
      const run = await spawnAdapter(adapter, { prompt: path.join(REPO_ROOT, 'test/fixtures', fixture), cwd: dir }, { executable: '/bin/cat' });
      assert.equal(run.exitCode, 0, run.stderr);
      assert.equal(ofKind(run.entries, 'raw').length, 0, JSON.stringify(ofKind(run.entries, 'raw')[0]));
      assert.ok(run.entries.some((e) => e.kind === expectKind), `${outputFormat}: no ${expectKind}`);
      assert.ok(run.normalizer.result, 'a summary was read');
    });
  }

  it('runs through the generic executor: a missing command gets a reason naming it', async () => {
    const exec = createCustomExecutor(config({ command: 'viban-no-such-agent' }), { env: { ...process.env, PATH: pathWithout('viban-no-such-agent') } });
    const detection = await exec.detect();
    assert.equal(detection.installed, false);
    assert.match(detection.reason ?? '', /^`viban-no-such-agent` \(custom executor "X"\) was not found on PATH — install `viban-no-such-agent` or put its full path/);
  });

  it('runs through the generic executor with a path command: success and failure by exit code', async () => {
    const fail = path.join(dir, 'fail.js');
    fs.writeFileSync(fail, 'console.log("partial"); console.error("boom"); process.exit(3);');
    const entries: LogEntry[] = [];
    const sink: RunSink = { entry: (e) => entries.push(e), agentSessionId: () => undefined, requestApproval: async () => ({ behavior: 'deny' }) };
    const good = await createCustomExecutor(config({ args: [echoArgv, '{prompt}'] })).run({ prompt: 'p', cwd: dir }, sink, new AbortController().signal);
    assert.equal(good.status, 'succeeded');
    const bad = await createCustomExecutor(config({ args: [fail, '{prompt}'] })).run({ prompt: 'p', cwd: dir }, sink, new AbortController().signal);
    assert.equal(bad.status, 'failed');
    assert.equal(bad.exitCode, 3);
    assert.match(bad.error ?? '', /exited with code 3.*boom/);
  });

  it('output that ends in the middle of a line: that line is kept raw, unread, and the run carries a warning', async () => {
    // A whole result line, only without its newline: read as whole it would pass for a clean end.
    const result = '{"type":"result","subtype":"success","is_error":false,"result":"done","session_id":"s1","usage":{"input_tokens":1,"output_tokens":1}}';
    const cut = path.join(dir, 'cut.js');
    fs.writeFileSync(cut, `process.stdout.write(${JSON.stringify(JSON.stringify({ type: 'system', subtype: 'init', session_id: 's1' }) + '\n' + result)});`);
    const entries: LogEntry[] = [];
    const sink: RunSink = { entry: (e) => entries.push(e), agentSessionId: () => undefined, requestApproval: async () => ({ behavior: 'deny' }) };
    const outcome = await createCustomExecutor(config({ args: [cut, '{prompt}'], outputFormat: 'claude-stream-json' })).run({ prompt: 'p', cwd: dir }, sink, new AbortController().signal);
    assert.deepEqual(ofKind(entries, 'raw').map((e) => e.line), [result]);
    assert.equal(ofKind(entries, 'result').length, 0, 'the cut line was not read as a result');
    const warning = ofKind(entries, 'system').find((e) => e.data?.subtype === 'warning');
    assert.match(warning?.text ?? '', /output ended in the middle of a line/);
    assert.equal(outcome.status, 'failed');
    assert.match(outcome.error ?? '', /ended in the middle of a line/);
  });

  it('builds env with the entry env over the inherited one and the request env on top', () => {
    const cmd = buildCustomCommand(config({ env: { A: 'entry', B: 'entry' } }), { prompt: 'p', cwd: '/w', env: { B: 'request' } }, '/bin/x');
    assert.deepEqual([cmd.env.A, cmd.env.B, cmd.env.PATH, cmd.stdin], ['entry', 'request', process.env.PATH, 'ignore']);
  });
});
