// The real `gemini` CLI (test/agents/node_modules/.bin, 0.61) against the scripted Gemini API server, in a
// temp git repo under a temp HOME: it really writes and reads files; we check the normalized log,
// the disk and what the server was sent.
import { strict as assert } from 'node:assert';
import fs from 'node:fs';
import path from 'node:path';
import { geminiAdapter, GEMINI_NOT_LOGGED_IN } from '../../../../src/executors/cli/gemini';
import { CliExecutor } from '../../../../src/executors/cliExecutor';
import type { RunOutcome, RunRequest, RunSink } from '../../../../src/executors/types';
import type { LogEntry } from '../../../../src/protocol/logEntries';
import { startScriptedGeminiServer, type ScriptedGeminiServer } from '../../../support/scriptedGeminiServer';
import { geminiEnv, pathWithout, removeTempDirs, tempDir, tempGitRepo } from '../../../support/agentSandboxes';
import { fixtureRecordPath, foldEntries, localBin, ofKind, spawnAdapter } from '../../../support/spawnAdapter';

type Json = Record<string, any>;
const MODEL = 'gemini-2.5-flash';

const contents = (req: { body: unknown }) => ((req.body as Json).contents ?? []) as Json[];
const toolNames = (req: { body: unknown }) =>
  (((req.body as Json).tools ?? []) as Json[]).flatMap((t) => ((t.functionDeclarations ?? []) as Json[]).map((f) => f.name as string));

async function runThroughExecutor(request: RunRequest): Promise<{ outcome: RunOutcome; entries: LogEntry[] }> {
  const entries: LogEntry[] = [];
  const sink: RunSink = { entry: (e) => entries.push(e), agentSessionId: () => undefined, requestApproval: async () => ({ behavior: 'deny' }) };
  const executor = new CliExecutor(geminiAdapter, { configuredPath: localBin('gemini') });
  return { outcome: await executor.run(request, sink, new AbortController().signal), entries };
}

describe('Gemini CLI adapter with the real gemini CLI', function () {
  this.timeout(60_000);
  let server: ScriptedGeminiServer | undefined;

  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  after(removeTempDirs);

  // Gemini CLI writes an error report into the temp folder on API errors: keep it in ours.
  const env = (origin: string, opts?: { apiKey?: string | null }) => ({ ...geminiEnv(origin, opts), TMPDIR: tempDir('gemini-tmp') });

  it('writes and reads files in full-auto, streaming text deltas into one entry per message', async () => {
    const repo = tempGitRepo();
    const notes = path.join(repo, 'notes.txt');
    server = await startScriptedGeminiServer([
      { text: 'Writing the file.', toolCalls: [{ name: 'write_file', arguments: { file_path: notes, content: 'gemini was here\n' } }] },
      { toolCalls: [{ name: 'read_file', arguments: { file_path: notes } }, { name: 'read_file', arguments: { file_path: path.join(repo, 'missing.txt') } }] },
      { text: 'All done.' },
    ]);
    const run = await spawnAdapter(
      geminiAdapter,
      { prompt: 'write notes', cwd: repo, model: MODEL, permissionMode: 'full-auto', env: env(server.origin) },
      { recordTo: fixtureRecordPath('gemini', 'write-read-files') },
    );
    assert.equal(run.exitCode, 0, run.stderr);
    assert.equal(fs.readFileSync(notes, 'utf8'), 'gemini was here\n');

    assert.ok(ofKind(run.entries, 'assistant').length >= 4, 'several deltas arrived');
    const log = foldEntries(run.entries);
    assert.deepEqual(ofKind(log, 'raw'), []);
    assert.deepEqual(ofKind(log, 'assistant').map((e) => e.text), ['Writing the file.', 'All done.']);
    assert.deepEqual(ofKind(log, 'tool_use').map((u) => [u.name, u.status]), [
      ['write_file', 'completed'],
      ['read_file', 'completed'],
      ['read_file', 'failed'],
    ]);
    const results = ofKind(log, 'tool_result');
    assert.deepEqual(results.map((r) => r.isError ?? false), [false, false, true]);
    assert.match(results[2]!.output, /File not found/);
    const [final] = ofKind(log, 'result');
    assert.equal(final?.isError, false);
    assert.equal(final?.text, 'All done.');
    assert.deepEqual(final?.usage, { inputTokens: 300, outputTokens: 60, cacheReadTokens: 0 });
    assert.match(run.normalizer.agentSessionId ?? '', /^[0-9a-f-]{36}$/);

    // The write's result went back to the model; the read returned the file's content.
    const [first, second, third] = server.modelRequests();
    assert.ok(toolNames(first!).includes('write_file'), 'yolo offers write tools');
    const writeResponse = contents(second!).at(-1)!.parts[0].functionResponse;
    assert.equal(writeResponse.name, 'write_file');
    assert.match(JSON.stringify(writeResponse.response), /Successfully created/);
    assert.equal(contents(third!).at(-1)!.parts[0].functionResponse.response.output, 'gemini was here\n');
  });

  it('resumes the session: the server sees the earlier conversation', async () => {
    server = await startScriptedGeminiServer([{ text: 'First answer.' }, { text: 'Second answer.' }]);
    const repo = tempGitRepo();
    const e = env(server.origin);
    const first = await spawnAdapter(geminiAdapter, { prompt: 'first question', cwd: repo, model: MODEL, env: e });
    assert.equal(first.exitCode, 0, first.stderr);
    const sessionId = first.normalizer.agentSessionId!;
    const second = await spawnAdapter(
      geminiAdapter,
      { prompt: 'second question', cwd: repo, model: MODEL, env: e, resumeSessionId: sessionId },
      { recordTo: fixtureRecordPath('gemini', 'resume') },
    );
    assert.equal(second.exitCode, 0, second.stderr);
    assert.equal(second.normalizer.agentSessionId, sessionId);
    const texts = contents(server.modelRequests().at(-1)!).map((c) => [c.role, c.parts.map((p: Json) => p.text).join('')]);
    assert.deepEqual(texts.slice(-2), [['model', 'First answer.'], ['user', 'second question']]);
    assert.match(String(texts.at(-3)?.[1]), /first question/);
  });

  it('ask offers only read-only tools; plan refuses a write into the project', async () => {
    const repo = tempGitRepo();
    const target = path.join(repo, 'plan-write.txt');
    server = await startScriptedGeminiServer([
      { text: 'ok' },
      { toolCalls: [{ name: 'write_file', arguments: { file_path: target, content: 'should not exist\n' } }] },
      { text: 'Could not write.' },
    ]);
    const ask = await spawnAdapter(geminiAdapter, { prompt: 'look', cwd: repo, model: MODEL, permissionMode: 'ask', env: env(server.origin) });
    assert.equal(ask.exitCode, 0, ask.stderr);
    const askTools = toolNames(server.modelRequests()[0]!);
    assert.ok(askTools.includes('read_file'));
    assert.ok(!askTools.includes('write_file') && !askTools.includes('run_shell_command'), askTools.join(','));

    const plan = await spawnAdapter(
      geminiAdapter,
      { prompt: 'plan it', cwd: repo, model: MODEL, permissionMode: 'plan', env: env(server.origin) },
      { recordTo: fixtureRecordPath('gemini', 'plan-mode-refused-write') },
    );
    assert.equal(plan.exitCode, 0, plan.stderr);
    assert.equal(fs.existsSync(target), false);
    const [result] = ofKind(foldEntries(plan.entries), 'tool_result');
    assert.equal(result?.isError, true, JSON.stringify(result));
  });

  it('explains exit 41 when no API key is set', async () => {
    server = await startScriptedGeminiServer([]);
    const { outcome } = await runThroughExecutor({ prompt: 'hi', cwd: tempGitRepo(), model: MODEL, env: env(server.origin, { apiKey: null }) });
    assert.equal(outcome.status, 'failed');
    assert.equal(outcome.exitCode, 41);
    assert.equal(outcome.error, `${GEMINI_NOT_LOGGED_IN} — GEMINI_API_KEY is missing.`);
    assert.equal(server.requests.length, 0);
  });

  it('explains a key the API rejects, from the error result', async () => {
    const invalid = {
      status: 400,
      errorBody: { error: { code: 400, message: 'API key not valid. Please pass a valid API key.', status: 'INVALID_ARGUMENT', details: [{ reason: 'API_KEY_INVALID' }] } },
    };
    server = await startScriptedGeminiServer([invalid, invalid, invalid]);
    const { outcome, entries } = await runThroughExecutor({ prompt: 'hi', cwd: tempGitRepo(), model: MODEL, env: env(server.origin) });
    assert.equal(outcome.status, 'failed');
    assert.equal(outcome.exitCode, 144, 'Gemini CLI exits with the HTTP status truncated to a byte (400 & 255)');
    assert.match(outcome.error ?? '', /rejected the key — check GEMINI_API_KEY/);
    assert.ok(ofKind(entries, 'result').some((r) => r.isError));
  });

  it('detects a missing gemini binary with an install hint', async () => {
    const detection = await new CliExecutor(geminiAdapter, { env: { ...process.env, PATH: pathWithout('gemini') } }).detect();
    assert.equal(detection.installed, false);
    assert.equal(detection.reason, '`gemini` not found on PATH — install it with `npm install -g @google/gemini-cli`, or set its path in the settings.');
  });
});
