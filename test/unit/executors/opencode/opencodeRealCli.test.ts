// The real `opencode` CLI (test/agents/node_modules/.bin, 1.18) against the scripted Chat Completions server,
// with an @ai-sdk/openai-compatible provider in the temp repo's opencode.json: it really writes
// files and runs commands; we check the normalized log, the disk and what the server was sent.
import { strict as assert } from 'node:assert';
import fs from 'node:fs';
import path from 'node:path';
import { opencodeAdapter } from '../../../../src/executors/cli/opencode';
import { CliExecutor } from '../../../../src/executors/cliExecutor';
import type { RunSink } from '../../../../src/executors/types';
import type { LogEntry } from '../../../../src/protocol/logEntries';
import { startScriptedOpenAIServer, type RecordedRequest, type ScriptedOpenAIServer, type TurnSource } from '../../../support/scriptedOpenAIServer';
import { opencodeEnv, pathWithout, removeTempDirs, tempDir, tempGitRepo, writeOpencodeProject } from '../../../support/agentSandboxes';
import { fixtureRecordPath, foldEntries, localBin, ofKind, spawnAdapter } from '../../../support/spawnAdapter';

type Json = Record<string, any>;
const messages = (req: RecordedRequest) => ((req.body as Json).messages ?? []) as Json[];

/** OpenCode asks for a session title in parallel with the first turn; answer it off-script. */
const isTitleRequest = (req: RecordedRequest) => JSON.stringify(messages(req)[0]?.content ?? '').includes('title generator');

describe('OpenCode adapter with the real opencode CLI', function () {
  // The first start in a fresh HOME creates OpenCode's database and config folder.
  this.timeout(90_000);
  let home: string;
  let server: ScriptedOpenAIServer | undefined;

  before(() => {
    home = tempDir('opencode-home');
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  after(removeTempDirs);

  async function project(turns: TurnSource[]) {
    server = await startScriptedOpenAIServer(turns, { sideCall: (req) => (isTitleRequest(req) ? { text: 'Scripted title' } : undefined) });
    const repo = tempGitRepo();
    const model = writeOpencodeProject(repo, server.baseUrl);
    return { repo, model, env: opencodeEnv(home) };
  }

  it('writes a file, runs a command and sums the steps into one result', async () => {
    const { repo, model, env } = await project([]);
    const file = path.join(repo, 'hello.txt');
    server!.enqueue(
      { reasoning: 'Plan: write a file.', text: 'Writing hello.txt.', toolCalls: [{ name: 'write', arguments: { filePath: file, content: 'opencode was here\n' } }] },
      { toolCalls: [{ name: 'bash', arguments: { command: 'cat hello.txt && ls nope', description: 'show file' } }] },
      { text: 'Done writing.' },
    );
    const run = await spawnAdapter(
      opencodeAdapter,
      { prompt: 'write hello', cwd: repo, model, permissionMode: 'full-auto', env },
      { recordTo: fixtureRecordPath('opencode', 'write-and-bash') },
    );
    assert.equal(run.exitCode, 0, run.stderr);
    assert.equal(fs.readFileSync(file, 'utf8'), 'opencode was here\n');

    const log = foldEntries(run.entries);
    assert.deepEqual(ofKind(log, 'raw'), []);
    assert.deepEqual(ofKind(log, 'thinking').map((e) => e.text), ['Plan: write a file.']);
    assert.deepEqual(ofKind(log, 'assistant').map((e) => e.text), ['Writing hello.txt.', 'Done writing.']);
    assert.deepEqual(ofKind(log, 'tool_use').map((u) => [u.name, u.status]), [['write', 'completed'], ['bash', 'completed']]);
    const [write, bash] = ofKind(log, 'tool_result');
    assert.equal(write?.output, 'Wrote file successfully.');
    assert.equal(bash?.exitCode, 2);
    assert.equal(bash?.isError, true);
    assert.match(bash!.output, /opencode was here\n.*nope/s);
    const [final] = ofKind(log, 'result');
    assert.deepEqual(
      { isError: final?.isError, text: final?.text, costUsd: final?.costUsd, numTurns: final?.numTurns, usage: final?.usage },
      { isError: false, text: 'Done writing.', costUsd: 0, numTurns: 3, usage: { inputTokens: 300, outputTokens: 60, cacheReadTokens: 0, cacheWriteTokens: 0 } },
    );
    assert.match(run.normalizer.agentSessionId ?? '', /^ses_/);

    // The command's output went back to the model as a tool message; the title call was extra.
    const [, second, third] = server!.modelRequests();
    assert.match(String(messages(second!).find((m) => m.role === 'tool')?.content), /Wrote file successfully/);
    assert.match(String(messages(third!).filter((m) => m.role === 'tool').at(-1)?.content), /opencode was here/);
    assert.equal(server!.requests.filter((r) => r.side).length, 1);
    assert.ok(((server!.modelRequests()[0]!.body as Json).tools as Json[]).some((t) => t.function.name === 'bash'));
  });

  it('continues the session: the server sees the earlier conversation', async () => {
    const { repo, model, env } = await project([{ text: 'First answer.' }, { text: 'Second answer.' }]);
    const first = await spawnAdapter(opencodeAdapter, { prompt: 'first question', cwd: repo, model, env });
    assert.equal(first.exitCode, 0, first.stderr);
    const sessionId = first.normalizer.agentSessionId!;
    const second = await spawnAdapter(
      opencodeAdapter,
      { prompt: 'second question', cwd: repo, model, env, resumeSessionId: sessionId },
      { recordTo: fixtureRecordPath('opencode', 'resume') },
    );
    assert.equal(second.exitCode, 0, second.stderr);
    assert.equal(second.normalizer.agentSessionId, sessionId);
    assert.equal(second.normalizer.result?.text, 'Second answer.');
    const convo = messages(server!.modelRequests().at(-1)!)
      .filter((m) => m.role !== 'system')
      .map((m) => [m.role, typeof m.content === 'string' ? m.content : (m.content as Json[]).map((c) => c.text).join('')]);
    // OpenCode wraps each message argument that contains a space in quotes (opencode 1.18 `run`).
    assert.deepEqual(convo, [['user', '"first question"'], ['assistant', 'First answer.'], ['user', '"second question"']]);
  });

  it('auto-edit rejects shell commands headless, and the log says so', async () => {
    const { repo, model, env } = await project([
      { toolCalls: [{ name: 'bash', arguments: { command: 'echo nope > blocked.txt', description: 'blocked' } }] },
    ]);
    const run = await spawnAdapter(
      opencodeAdapter,
      { prompt: 'try a command', cwd: repo, model, permissionMode: 'auto-edit', env },
      { recordTo: fixtureRecordPath('opencode', 'auto-edit-rejected-bash') },
    );
    assert.equal(run.exitCode, 0, run.stderr);
    assert.equal(fs.existsSync(path.join(repo, 'blocked.txt')), false);
    const log = foldEntries(run.entries);
    assert.equal(ofKind(log, 'tool_use')[0]?.status, 'failed');
    const [result] = ofKind(log, 'tool_result');
    assert.equal(result?.isError, true);
    assert.match(result!.output, /rejected permission/);
    assert.match(run.stderr, /auto-rejecting/);
  });

  it('explains a 401 from the provider with an actionable message', async () => {
    const unauthorized = { status: 401, errorBody: { error: { message: 'Incorrect API key provided', code: 'invalid_api_key' } } };
    const { repo, model, env } = await project([unauthorized, unauthorized]);
    const entries: LogEntry[] = [];
    const sink: RunSink = { entry: (e) => entries.push(e), agentSessionId: () => undefined, requestApproval: async () => ({ behavior: 'deny' }) };
    const executor = new CliExecutor(opencodeAdapter, { configuredPath: localBin('opencode') });
    const outcome = await executor.run({ prompt: 'hi', cwd: repo, model, env }, sink, new AbortController().signal);
    assert.equal(outcome.status, 'failed');
    assert.equal(outcome.exitCode, 1);
    assert.match(outcome.error ?? '', /rejected OpenCode's API key \(HTTP 401\).*Incorrect API key provided/);
    assert.ok(ofKind(entries, 'error').some((e) => /HTTP 401/.test(e.text)));
  });

  it('detects a missing opencode binary with an install hint', async () => {
    const detection = await new CliExecutor(opencodeAdapter, { env: { ...process.env, PATH: pathWithout('opencode') } }).detect();
    assert.equal(detection.installed, false);
    assert.equal(detection.reason, '`opencode` not found on PATH — install it with `npm install -g opencode-ai`, or set its path in the settings.');
  });
});
