// The real `codex` CLI (test/agents/node_modules/.bin, 0.169) against the scripted Responses API server, in a
// temp git repo: it really runs shell commands and applies patches; we check the normalized log,
// the disk and what the server was sent.
import { strict as assert } from 'node:assert';
import fs from 'node:fs';
import path from 'node:path';
import { codexAdapter, CODEX_NOT_LOGGED_IN } from '../../../../src/executors/cli/codex';
import { CliExecutor } from '../../../../src/executors/cliExecutor';
import type { RunSink } from '../../../../src/executors/types';
import type { LogEntry } from '../../../../src/protocol/logEntries';
import { startScriptedOpenAIServer, type ScriptedOpenAIServer } from '../../../support/scriptedOpenAIServer';
import { codexEnv, pathWithout, removeTempDirs, tempGitRepo } from '../../../support/agentSandboxes';
import { fixtureRecordPath, foldEntries, localBin, ofKind, spawnAdapter } from '../../../support/spawnAdapter';

type Json = Record<string, any>;

const inputItems = (req: { body: unknown }) => ((req.body as Json).input ?? []) as Json[];
const userTexts = (req: { body: unknown }) =>
  inputItems(req)
    .filter((i) => i.type === 'message' && i.role === 'user')
    .flatMap((i) => (i.content as Json[]).map((c) => c.text as string));

function collectingSink(): RunSink & { entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  return {
    entries,
    entry: (e) => entries.push(e),
    agentSessionId: () => undefined,
    requestApproval: async () => ({ behavior: 'deny' }),
  };
}

describe('Codex adapter with the real codex CLI', function () {
  this.timeout(60_000);
  let server: ScriptedOpenAIServer | undefined;

  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  after(removeTempDirs);

  it('runs a shell command and reports text, thinking, the command and its result', async () => {
    server = await startScriptedOpenAIServer([
      {
        reasoning: 'I should create the file.',
        text: 'Creating the file now.',
        toolCalls: [{ name: 'exec_command', arguments: { cmd: 'printf "hello codex\\n" > out.txt && cat out.txt' } }],
      },
      { text: 'Created out.txt.' },
    ]);
    const repo = tempGitRepo();
    // Starts with "-" and carries shell syntax: must reach the model verbatim, not as a flag.
    const prompt = '-Create out.txt "quoted" $(whoami) `id`';
    const run = await spawnAdapter(
      codexAdapter,
      { prompt, cwd: repo, permissionMode: 'auto-edit', env: codexEnv(server.baseUrl) },
      { recordTo: fixtureRecordPath('codex', 'shell-command') },
    );
    assert.equal(run.exitCode, 0, run.stderr);
    assert.equal(fs.readFileSync(path.join(repo, 'out.txt'), 'utf8'), 'hello codex\n');

    const log = foldEntries(run.entries);
    assert.deepEqual(ofKind(log, 'raw'), [], 'every line understood');
    assert.deepEqual(ofKind(log, 'error'), [], 'the unknown-model-metadata warning is not an error');
    assert.ok(ofKind(log, 'system').some((e) => /model metadata/i.test(e.text)));
    assert.equal(ofKind(log, 'thinking')[0]?.text, 'I should create the file.');
    assert.deepEqual(ofKind(log, 'assistant').map((e) => e.text), ['Creating the file now.', 'Created out.txt.']);
    const [use] = ofKind(log, 'tool_use');
    assert.equal(use?.name, 'Bash');
    assert.equal(use?.status, 'completed', 'item.started was replaced by item.completed');
    assert.match(String((use?.input as Json).command), /out\.txt/);
    const [result] = ofKind(log, 'tool_result');
    assert.equal(result?.toolUseId, use?.toolUseId);
    assert.equal(result?.exitCode, 0);
    assert.equal(result?.isError, undefined);
    assert.match(result!.output, /hello codex/);
    const [final] = ofKind(log, 'result');
    assert.equal(final?.isError, false);
    assert.equal(final?.text, 'Created out.txt.');
    assert.deepEqual(final?.usage, { inputTokens: 200, outputTokens: 40, cacheReadTokens: 0, cacheWriteTokens: 0 });
    assert.match(run.normalizer.agentSessionId ?? '', /^[0-9a-f-]{36}$/);

    // What Codex sent: our prompt verbatim, then the command's output as function_call_output.
    const [first, second] = server.modelRequests();
    assert.ok(userTexts(first!).includes(prompt));
    assert.ok(((first!.body as Json).tools as Json[]).some((t) => t.name === 'exec_command'));
    const output = inputItems(second!).find((i) => i.type === 'function_call_output');
    assert.match(String(output?.output), /hello codex/);
  });

  it('resumes the thread: the server sees the earlier conversation, the log keeps the thread id', async () => {
    server = await startScriptedOpenAIServer([{ text: 'First answer.' }, { text: 'Second answer.' }]);
    const repo = tempGitRepo();
    const env = codexEnv(server.baseUrl);
    const first = await spawnAdapter(codexAdapter, { prompt: 'first question', cwd: repo, env });
    assert.equal(first.exitCode, 0, first.stderr);
    const threadId = first.normalizer.agentSessionId!;
    const second = await spawnAdapter(
      codexAdapter,
      { prompt: 'second question', cwd: repo, env, resumeSessionId: threadId },
      { recordTo: fixtureRecordPath('codex', 'resume') },
    );
    assert.equal(second.exitCode, 0, second.stderr);
    assert.equal(second.normalizer.agentSessionId, threadId);
    assert.equal(second.normalizer.result?.text, 'Second answer.');
    const last = server.modelRequests().at(-1)!;
    assert.deepEqual(userTexts(last).slice(-2), ['first question', 'second question']);
    const assistantTexts = inputItems(last).filter((i) => i.role === 'assistant').flatMap((i) => (i.content as Json[]).map((c) => c.text));
    assert.deepEqual(assistantTexts, ['First answer.']);
  });

  it('reports a patch as a file change and a failing command as an error result', async () => {
    const patch = "apply_patch <<'EOF'\n*** Begin Patch\n*** Add File: hello.txt\n+hi there\n*** End Patch\nEOF\n";
    server = await startScriptedOpenAIServer([
      { toolCalls: [{ name: 'exec_command', arguments: { cmd: patch } }] },
      { toolCalls: [{ name: 'exec_command', arguments: { cmd: 'ls no-such-file' } }] },
      { text: 'Done.' },
    ]);
    const repo = tempGitRepo();
    const run = await spawnAdapter(
      codexAdapter,
      { prompt: 'patch it', cwd: repo, env: codexEnv(server.baseUrl) },
      { recordTo: fixtureRecordPath('codex', 'patch-and-failing-command') },
    );
    assert.equal(run.exitCode, 0, run.stderr);
    assert.equal(fs.readFileSync(path.join(repo, 'hello.txt'), 'utf8'), 'hi there\n');
    const log = foldEntries(run.entries);
    const uses = ofKind(log, 'tool_use');
    assert.deepEqual(uses.map((u) => [u.name, u.status]), [['apply_patch', 'completed'], ['Bash', 'failed']]);
    const [patchResult, lsResult] = ofKind(log, 'tool_result');
    assert.match(patchResult!.output, /^add .*hello\.txt$/);
    assert.equal(lsResult?.isError, true);
    assert.equal(lsResult?.exitCode, 2);
    assert.match(lsResult!.output, /no-such-file/);
  });

  it('explains a 401 from the model server after Codex gives up retrying', async () => {
    const unauthorized = { status: 401, errorBody: { error: { message: 'Incorrect API key provided', code: 'invalid_api_key' } } };
    server = await startScriptedOpenAIServer(Array(6).fill(unauthorized));
    const sink = collectingSink();
    const executor = new CliExecutor(codexAdapter, { configuredPath: localBin('codex') });
    const outcome = await executor.run(
      { prompt: 'hi', cwd: tempGitRepo(), env: codexEnv(server.baseUrl) },
      sink,
      new AbortController().signal,
    );
    assert.equal(outcome.status, 'failed');
    assert.equal(outcome.exitCode, 1);
    assert.match(outcome.error ?? '', /could not authenticate.*401.*OPENAI_API_KEY/);
    // Five "Reconnecting…" retries are progress, not errors; the final failure is one error.
    assert.equal(ofKind(sink.entries, 'system').filter((e) => /^Reconnecting/.test(e.text)).length, 5);
    assert.equal(server.modelRequests().length, 6);
  });

  it('says how to log in when the provider key is missing', async () => {
    server = await startScriptedOpenAIServer([]);
    const sink = collectingSink();
    const executor = new CliExecutor(codexAdapter, { configuredPath: localBin('codex') });
    const outcome = await executor.run(
      { prompt: 'hi', cwd: tempGitRepo(), env: codexEnv(server.baseUrl, { apiKey: null }) },
      sink,
      new AbortController().signal,
    );
    assert.equal(outcome.status, 'failed');
    assert.ok(outcome.error?.startsWith(CODEX_NOT_LOGGED_IN), outcome.error);
    assert.equal(server.requests.length, 0, 'Codex stops before calling the server');
  });

  it('detects a missing codex binary with an install hint', async () => {
    const executor = new CliExecutor(codexAdapter, { env: { ...process.env, PATH: pathWithout('codex') } });
    const detection = await executor.detect();
    assert.equal(detection.installed, false);
    assert.equal(detection.reason, '`codex` not found on PATH — install it with `npm install -g @openai/codex`, or set its path in the settings.');
  });
});
