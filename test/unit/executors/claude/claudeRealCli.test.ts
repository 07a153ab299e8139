// The real `claude` CLI against the scripted Anthropic server: it really runs its tool loop and
// really edits files in a temp git repo.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { createClaudeCodeExecutor } from '../../../../src/executors/cli/claude';
import type { LogEntry } from '../../../../src/protocol/logEntries';
import { text, thinking, toolUse } from '../../../support/scriptedAnthropicServer';
import { CLAUDE_BIN, claudeWorld, mergeEntries, recordingSink, requestText, type ClaudeWorld } from '../../../support/claudeHarness';

const of = <K extends LogEntry['kind']>(entries: LogEntry[], kind: K) => entries.filter((e): e is Extract<LogEntry, { kind: K }> => e.kind === kind);

describe('Claude Code executor with the real CLI', function () {
  this.timeout(60000);
  let world: ClaudeWorld | undefined;
  afterEach(async () => {
    await world?.dispose();
    world = undefined;
  });
  const executor = () => createClaudeCodeExecutor({ configuredPath: CLAUDE_BIN, gracefulTimeoutMs: 1500, terminateTimeoutMs: 1000 });

  it('reads a file, edits it, runs a command, and reports every step', async () => {
    world = await claudeWorld();
    const file = join(world.repo, 'greeting.txt');
    writeFileSync(file, 'hello world\n');
    world.server.push(
      { blocks: [thinking('Let me look at the file first.'), text('Reading the file.'), toolUse('Read', { file_path: file })] },
      { blocks: [toolUse('Edit', { file_path: file, old_string: 'hello world', new_string: 'hello viban' })] },
      { blocks: [toolUse('Bash', { command: 'git add greeting.txt && cat greeting.txt && echo ran-ok', description: 'Stage and show the file' })] },
      { blocks: [text('All done: the greeting now says hello viban.')], usage: { input_tokens: 300, output_tokens: 40 } },
    );
    const sink = recordingSink();
    const outcome = await executor().run(
      { prompt: 'Change the greeting', cwd: world.repo, env: world.env, permissionMode: 'auto-edit' },
      sink,
      new AbortController().signal,
    );
    assert.equal(outcome.status, 'succeeded', outcome.error);
    assert.equal(outcome.exitCode, 0);
    assert.equal(readFileSync(file, 'utf8'), 'hello viban\n');
    assert.equal(execFileSync('git', ['diff', '--cached', '--name-only'], { cwd: world.repo, encoding: 'utf8' }), 'greeting.txt\n');

    // Bash still asks in auto-edit mode; our sink allowed it.
    assert.deepEqual(sink.approvals.map((a) => a.toolName), ['Bash']);
    const merged = mergeEntries(sink.entries);
    const uses = of(merged, 'tool_use');
    assert.deepEqual(uses.map((u) => [u.name, u.status]), [['Read', 'completed'], ['Edit', 'completed'], ['Bash', 'completed']]);
    const results = of(merged, 'tool_result');
    assert.deepEqual(results.map((r) => r.toolUseId), uses.map((u) => u.toolUseId));
    assert.match(results[0].output, /hello world/);
    assert.match(results[2].output, /hello viban[\s\S]*ran-ok/);
    assert.ok(results.every((r) => !r.isError));

    // Streamed deltas and the full message merge into one entry each, not duplicated.
    const said = of(merged, 'assistant').map((a) => a.text);
    assert.deepEqual(said, ['Reading the file.', 'All done: the greeting now says hello viban.']);
    assert.deepEqual(of(merged, 'thinking').map((t) => t.text), ['Let me look at the file first.']);
    assert.ok(sink.entries.some((e) => e.kind === 'assistant' && e.delta === true));

    const [result] = of(merged, 'result');
    assert.equal(result.isError, false);
    assert.ok((result.costUsd ?? 0) > 0);
    assert.ok((result.usage?.inputTokens ?? 0) >= 300);
    assert.equal(result.numTurns, 4);
    assert.equal(outcome.costUsd, result.costUsd);
    const [init] = of(merged, 'system').filter((s) => s.data?.subtype === 'init');
    assert.match(init.text, new RegExp(`^Claude Code \\S+ in ${world.repo}$`));
    assert.equal(sink.sessionIds.length, 1);
    assert.equal(outcome.agentSessionId, sink.sessionIds[0]);
    assert.equal(of(merged, 'user')[0].text, 'Change the greeting');
    assert.equal(world.server.mainRequests().length, 4);
    assert.equal(world.server.exhaustedRequests, 0);
    // The CLI really sent the tool output back to the model.
    assert.match(requestText(world.server.mainRequests()[3].body), /ran-ok/);
  });

  it('ask mode: an allowed Write happens, a denied one does not and the model hears why', async () => {
    world = await claudeWorld();
    const allowed = join(world.repo, 'allowed.txt');
    const denied = join(world.repo, 'denied.txt');
    world.server.push(
      { blocks: [toolUse('Write', { file_path: allowed, content: 'yes\n' })] },
      { blocks: [toolUse('Write', { file_path: denied, content: 'no\n' })] },
      { blocks: [text('Understood.')] },
    );
    const sink = recordingSink((req) =>
      (req.input as { file_path: string }).file_path === denied
        ? { behavior: 'deny', message: 'Do not create denied.txt, it is reserved' }
        : { behavior: 'allow' },
    );
    const outcome = await executor().run({ prompt: 'write two files', cwd: world.repo, env: world.env, permissionMode: 'ask' }, sink, new AbortController().signal);
    assert.equal(outcome.status, 'succeeded', outcome.error);
    assert.equal(readFileSync(allowed, 'utf8'), 'yes\n');
    assert.equal(existsSync(denied), false);
    const merged = mergeEntries(sink.entries);
    assert.deepEqual(of(merged, 'approval_request').map((a) => a.toolName), ['Write', 'Write']);
    assert.deepEqual(of(merged, 'approval_response').map((a) => [a.decision, a.message]), [
      ['allow', undefined],
      ['deny', 'Do not create denied.txt, it is reserved'],
    ]);
    assert.deepEqual(of(merged, 'tool_use').map((u) => u.status), ['completed', 'failed']);
    const third = world.server.mainRequests()[2].body;
    const last = third.messages[third.messages.length - 1];
    const denial = last.content.find((c: any) => c.type === 'tool_result');
    assert.equal(denial.is_error, true);
    assert.match(JSON.stringify(denial.content), /Do not create denied.txt, it is reserved/);
  });
});
