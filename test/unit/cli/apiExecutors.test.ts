// `viban run` / `send` with the API executors (anthropic, openai): the real CLI bundle as a child
// process, the real SDKs, scripted model servers on 127.0.0.1. Keys and base URLs reach the child
// through its environment or .viban/settings.json, the way they do outside VS Code.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { anthropicHarness, openaiHarness, TEST_KEY, type ScriptedModel } from '../executors/api/apiHarness';
import { lastLine, listSessions, readBoard, runCli, tempWorkspace, writeSettings, type CliResult } from './cliHarness';

/** Nothing from the test process's own environment may point the child at a real API. */
const CLEAN_ENV = { ANTHROPIC_API_KEY: undefined, ANTHROPIC_BASE_URL: undefined, ANTHROPIC_AUTH_TOKEN: undefined, OPENAI_API_KEY: undefined, OPENAI_BASE_URL: undefined };

/** Every file under .viban/, recursively. */
function vibanFiles(ws: string): string[] {
  const walk = (dir: string): string[] => readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : [join(dir, n)]));
  return walk(join(ws, '.viban'));
}

function assertKeyNowhere(ws: string, ...results: CliResult[]): void {
  for (const r of results) assert.ok(!(r.stdout + r.stderr).includes(TEST_KEY), 'the key is printed');
  const files = vibanFiles(ws);
  assert.ok(files.some((f) => f.endsWith('.jsonl')), 'a session log was written (so the scan means something)');
  for (const f of files) assert.ok(!readFileSync(f, 'utf8').includes(TEST_KEY), `the key is in ${f}`);
}

describe('viban run / send with the API executors', function () {
  this.timeout(30000);
  let ws: string;
  let model: ScriptedModel | undefined;
  beforeEach(() => {
    ws = tempWorkspace();
  });
  afterEach(async () => {
    await model?.close();
    model = undefined;
    rmSync(ws, { recursive: true, force: true });
  });

  async function addTask(title: string, description?: string): Promise<string> {
    const r = await runCli(['add', title, ...(description ? ['-d', description] : []), '-w', ws]);
    assert.equal(r.code, 0, r.stderr);
    return lastLine(r.stdout);
  }

  it('openai: run in auto-edit mode writes the file, streams the text and stores the session with tokens and cost', async () => {
    model = await openaiHarness.start([
      { text: 'I will write notes.txt now.', toolCalls: [{ name: 'write_file', input: { path: 'notes.txt', content: 'hello from the model\n' } }] },
      { text: 'Done: notes.txt says hello.', usage: { input: 1200, output: 80 } },
    ]);
    const taskId = await addTask('Write notes', 'Put a greeting in notes.txt');
    const env = { ...CLEAN_ENV, OPENAI_API_KEY: TEST_KEY, OPENAI_BASE_URL: model.baseURL };
    const r = await runCli(['run', taskId, '--executor', 'openai', '--mode', 'auto-edit', '-w', ws], { env });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(readFileSync(join(ws, 'notes.txt'), 'utf8'), 'hello from the model\n');

    assert.match(r.stdout, /^▶ OpenAI API · task t_\w+ · session s_\w+ · mode auto-edit$/m);
    assert.match(r.stdout, /^I will write notes\.txt now\.$/m);
    assert.match(r.stdout, /^→ write_file: notes\.txt$/m);
    assert.match(r.stdout, /^Done: notes\.txt says hello\.$/m);
    assert.equal(r.stdout.split('Done: notes.txt says hello.').length, 2, 'streamed text printed once');
    assert.match(lastLine(r.stdout), /^✓ Succeeded · \$\d+\.\d+ · 1,300 in \/ 100 out tokens · (\d+\.\d s|\d+ ms) · session s_\w+$/);

    // The SDK really spoke to the scripted server, with the key from the environment.
    assert.equal(model.bodies().length, 2);
    assert.equal(model.bodies()[0].model, 'gpt-5');
    assert.ok(model.headers().some((h) => h.authorization === `Bearer ${TEST_KEY}`));
    assert.deepEqual(model.turns(model.bodies()[0]), [['user', 'Write notes\n\nPut a greeting in notes.txt']]);

    const [meta] = listSessions(ws);
    assert.equal(meta.executorId, 'openai');
    assert.equal(meta.status, 'succeeded');
    assert.equal(meta.permissionMode, 'auto-edit');
    assert.match(meta.agentSessionId ?? '', /^openai-/);
    assert.deepEqual(meta.usage, { inputTokens: 1300, outputTokens: 100 });
    // gpt-5: $1.25 / $10 per million tokens.
    assert.equal(meta.costUsd, (1300 * 1.25 + 100 * 10) / 1e6);
    assert.equal(readBoard(ws).tasks.find((t) => t.id === taskId)?.agentStatus, 'done');
    assertKeyNowhere(ws, r);
  });

  it('openai: send continues the conversation — the next request carries the earlier turns', async () => {
    model = await openaiHarness.start([{ text: 'The code word is PAPAYA.' }, { text: 'Earlier you asked me for the code word: PAPAYA.' }]);
    const taskId = await addTask('Tell me the code word');
    const env = { ...CLEAN_ENV, OPENAI_API_KEY: TEST_KEY, OPENAI_BASE_URL: model.baseURL };
    const first = await runCli(['run', taskId, '--executor', 'openai', '--mode', 'auto-edit', '-w', ws], { env });
    assert.equal(first.code, 0, first.stdout + first.stderr);
    // send resumes the task's last session: same executor, same mode, no --executor needed.
    const second = await runCli(['send', taskId, 'What did I ask before?', '-w', ws], { env });
    assert.equal(second.code, 0, second.stdout + second.stderr);
    assert.match(second.stdout, /^▶ OpenAI API · /m);
    assert.match(second.stdout, /^› What did I ask before\?$/m);
    assert.match(second.stdout, /^Earlier you asked me for the code word: PAPAYA\.$/m);

    assert.deepEqual(model.turns(model.bodies()[1]), [
      ['user', 'Tell me the code word'],
      ['assistant', 'The code word is PAPAYA.'],
      ['user', 'What did I ask before?'],
    ]);
    const [a, b] = listSessions(ws);
    assert.equal(b.executorId, 'openai');
    assert.equal(b.resumedFrom, a.id);
    assert.equal(b.agentSessionId, a.agentSessionId);
    assert.equal(b.status, 'succeeded');
    assertKeyNowhere(ws, first, second);
  });

  it('anthropic: run and send against ANTHROPIC_BASE_URL with the key from ANTHROPIC_API_KEY', async () => {
    model = await anthropicHarness.start([
      { text: 'Creating plan.md.', toolCalls: [{ name: 'write_file', input: { path: 'docs/plan.md', content: '# Plan\n' } }], usage: { input: 500, output: 40 } },
      { text: 'plan.md is in docs/.', usage: { input: 600, output: 20 } },
      { text: 'You asked for a plan in docs/plan.md.' },
    ]);
    const taskId = await addTask('Write a plan');
    const env = { ...CLEAN_ENV, ANTHROPIC_API_KEY: TEST_KEY, ANTHROPIC_BASE_URL: model.baseURL };
    const r = await runCli(['run', taskId, '--executor', 'anthropic', '--mode', 'auto-edit', '-w', ws], { env });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(readFileSync(join(ws, 'docs/plan.md'), 'utf8'), '# Plan\n');
    assert.match(r.stdout, /^▶ Anthropic API · task /m);
    assert.match(r.stdout, /^Creating plan\.md\.$/m);
    assert.match(r.stdout, /^plan\.md is in docs\/\.$/m);
    assert.match(lastLine(r.stdout), /^✓ Succeeded · \$\d+\.\d+ · 1,100 in \/ 60 out tokens · /);
    // SDK 1.x sends the key as a bearer token; older ones as x-api-key.
    assert.ok(model.headers().every((h) => h['x-api-key'] === TEST_KEY || h.authorization === `Bearer ${TEST_KEY}`));
    assert.match(model.bodies()[0].model, /^claude-/);

    const follow = await runCli(['send', taskId, 'Where is the plan?', '-w', ws], { env });
    assert.equal(follow.code, 0, follow.stdout + follow.stderr);
    assert.match(follow.stdout, /^You asked for a plan in docs\/plan\.md\.$/m);
    const turns = model.turns(model.bodies()[2]);
    assert.deepEqual(turns[0], ['user', 'Write a plan']);
    assert.deepEqual(turns.at(-1), ['user', 'Where is the plan?']);
    assert.ok(turns.some(([role, text]) => role === 'assistant' && text.includes('plan.md is in docs/.')), JSON.stringify(turns));

    const [a, b] = listSessions(ws);
    assert.equal(a.executorId, 'anthropic');
    assert.ok((a.costUsd ?? 0) > 0);
    assert.equal(b.resumedFrom, a.id);
    assertKeyNowhere(ws, r, follow);
  });

  it('.viban/settings.json: its base URL wins over the environment, and model, limits, prices and timeout apply', async () => {
    model = await openaiHarness.start([{ text: 'Configured.', usage: { input: 1000, output: 500 } }]);
    writeSettings(ws, {
      executors: {
        api: {
          openai: { baseURL: model.baseURL, model: 'local-coder', temperature: 0.2, maxTokens: 2048, contextBudgetTokens: 50000 },
          prices: { 'local-coder': { input: 2, output: 4 } },
          timeoutMinutes: 5,
        },
      },
    });
    const taskId = await addTask('Use the configured endpoint');
    // OPENAI_BASE_URL points at a closed port: reaching the scripted server proves the file won.
    const env = { ...CLEAN_ENV, OPENAI_API_KEY: TEST_KEY, OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' };
    const r = await runCli(['run', taskId, '--executor', 'openai', '--mode', 'plan', '-w', ws], { env });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^Configured\.$/m);
    const [body] = model.bodies();
    assert.equal(body.model, 'local-coder');
    assert.equal(body.temperature, 0.2);
    assert.equal(body.max_completion_tokens, 2048);
    const [meta] = listSessions(ws);
    assert.equal(meta.costUsd, (1000 * 2 + 500 * 4) / 1e6);
    assertKeyNowhere(ws, r);
  });

  it('timeoutMinutes from the settings file ends a run that takes too long', async () => {
    model = await openaiHarness.start([{ text: 'too late', slowMs: 3000 }]);
    // 0.02 minutes = 1.2 s; the server streams its three pieces 3 s apart.
    writeSettings(ws, { executors: { api: { openai: { baseURL: model.baseURL }, timeoutMinutes: 0.02 } } });
    const taskId = await addTask('Slow task');
    const started = Date.now();
    const r = await runCli(['run', taskId, '--executor', 'openai', '--mode', 'plan', '-w', ws], { env: { ...CLEAN_ENV, OPENAI_API_KEY: TEST_KEY } });
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout + r.stderr, /OpenAI API timed out after/);
    assert.ok(Date.now() - started < 8000, 'stopped by the timeout, not by the script running out');
    assert.equal(listSessions(ws)[0].status, 'failed');
  });

  it('a settings file holding a key is refused, naming the file and the field, without printing the key', async () => {
    const file = join(ws, '.viban', 'settings.json');
    const env = { ...CLEAN_ENV, OPENAI_API_KEY: TEST_KEY };
    writeSettings(ws, { executors: { api: { openai: { baseURL: 'http://127.0.0.1:9/v1', apiKey: 'not-key-shaped-but-a-key' } } } });
    let r = await runCli(['run', 't_x', '--executor', 'openai', '--mode', 'plan', '-w', ws], { env });
    assert.equal(r.code, 1);
    assert.equal(r.stderr, `viban: ${file} holds what looks like a secret at executors.api.openai.apiKey; keep keys in the environment (OPENAI_API_KEY), never in this file\n`);
    assert.doesNotMatch(r.stdout + r.stderr, /not-key-shaped/);

    writeSettings(ws, { executors: { api: { anthropic: { api_key: 'whatever-it-is' } } } });
    r = await runCli(['executors', '-w', ws], { env });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /holds what looks like a secret at executors\.api\.anthropic\.api_key; keep keys in the environment \(ANTHROPIC_API_KEY\)/);

    // A key-shaped value hidden in a URL, and a password in a proxy URL, are refused too.
    writeSettings(ws, { executors: { api: { openai: { baseURL: 'https://proxy.example/v1?key=sk-proj-abcdefghijklmnopqrstuvwx' } } } });
    r = await runCli(['executors', '-w', ws], { env });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /holds what looks like a secret at executors\.api\.openai\.baseURL; keep keys in the environment \(OPENAI_API_KEY\)/);
    assert.doesNotMatch(r.stderr, /abcdefghijkl/);
    writeSettings(ws, { executors: { api: { anthropic: { baseURL: 'https://me:hunter2hunter2@proxy.example' } } } });
    r = await runCli(['executors', '-w', ws], { env });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /secret at executors\.api\.anthropic\.baseURL/);
    assert.doesNotMatch(r.stderr, /hunter2/);

    // Ordinary mistakes stay ordinary validation errors.
    writeSettings(ws, { executors: { api: { openai: { temprature: 0.5 } } } });
    r = await runCli(['executors', '-w', ws], { env });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /is invalid at executors\.api\.openai: Unrecognized key\(s\) in object: 'temprature'/);
    writeSettings(ws, { executors: { api: { openai: { baseURL: 'ftp://example.com' } } } });
    r = await runCli(['executors', '-w', ws], { env });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /is invalid at executors\.api\.openai\.baseURL: must be an http:\/\/ or https:\/\/ URL/);
  });

  it('no key in the environment: the run fails with the clear reason and never calls the server; executors shows it', async () => {
    model = await openaiHarness.start([{ text: 'should not be reached' }]);
    const taskId = await addTask('Needs a key');
    const env = { ...CLEAN_ENV, OPENAI_BASE_URL: model.baseURL };
    const r = await runCli(['run', taskId, '--executor', 'openai', '--mode', 'plan', '-w', ws], { env });
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout + r.stderr, /No OpenAI API key — set OPENAI_API_KEY in the environment/);
    assert.doesNotMatch(r.stdout + r.stderr, /Viban: Set API Key/, 'no VS Code command is suggested at a terminal');
    assert.equal(model.bodies().length, 0);
    assert.equal(listSessions(ws)[0].status, 'failed');

    const listed = await runCli(['executors', '--json', '-w', ws], { env: { ...env, ANTHROPIC_API_KEY: TEST_KEY } });
    assert.equal(listed.code, 0, listed.stderr);
    const byId = Object.fromEntries(JSON.parse(listed.stdout).map((e: { id: string }) => [e.id, e]));
    assert.equal(byId.openai.loggedIn, false);
    assert.match(byId.openai.reason, /No OpenAI API key — .*OPENAI_API_KEY/);
    assert.equal(byId.anthropic.loggedIn, true);
    assert.ok(!listed.stdout.includes(TEST_KEY));
  });
});
