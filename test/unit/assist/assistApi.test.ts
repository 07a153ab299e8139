// `viban assist` with an API executor (OpenAI-compatible, real SDK, scripted server) as the code
// advisor: in plan mode it reads files with read_file; an unusable plan is re-asked once with the
// earlier turns as history (API executors keep no session), and the key never reaches the store.
import { strict as assert } from 'node:assert';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openaiHarness, TEST_KEY, type ScriptedModel } from '../executors/api/apiHarness';
import { runCli, tempWorkspace, writeSettings } from '../cli/cliHarness';

const CLEAN_ENV = { ANTHROPIC_API_KEY: undefined, ANTHROPIC_BASE_URL: undefined, ANTHROPIC_AUTH_TOKEN: undefined, OPENAI_API_KEY: undefined, OPENAI_BASE_URL: undefined };
const walk = (dir: string): string[] => readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : [join(dir, n)]));

describe('viban assist with an API executor as the code advisor', function () {
  this.timeout(60000);
  let ws: string;
  let model: ScriptedModel | undefined;
  beforeEach(() => (ws = tempWorkspace()));
  afterEach(async () => {
    await model?.close();
    model = undefined;
    rmSync(ws, { recursive: true, force: true });
  });

  it('reads with read_file, is re-asked once with its earlier turns, and prints the plan', async () => {
    mkdirSync(join(ws, 'src'));
    writeFileSync(join(ws, 'src', 'export.js'), 'export const rows = []; // API-EXPORT-MARKER\n');
    writeSettings(ws, { assist: { executor: 'openai', model: 'gpt-assist' } });
    const task = { key: 'flag', title: 'Change the export command', description: 'Parse --json', acceptance: 'accepted', tier: 'B', blockedBy: [] as string[], estimateMinutes: 4 };
    const fenced = (p: unknown) => 'Plan:\n```json\n' + JSON.stringify(p) + '\n```';
    model = await openaiHarness.start([
      { toolCalls: [{ name: 'read_file', input: { path: 'src/export.js' } }] },
      { text: fenced({ summary: 'Add a --json flag', questions: [], tasks: [{ ...task, blockedBy: ['parser'] }], risks: [] }) },
      { text: fenced({ summary: 'Add a --json flag', questions: [], tasks: [task], risks: [] }) },
    ]);
    const r = await runCli(['assist', 'add a --json flag', '-w', ws], { env: { ...CLEAN_ENV, OPENAI_API_KEY: TEST_KEY, OPENAI_BASE_URL: model.baseURL } });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^I'll add a --json flag: change the export command\. About 4 minutes\.$/m);
    assert.match(r.stderr, /Reading the code… src\/export\.js/);
    const bodies = model.bodies();
    assert.equal(bodies.length, 3);
    assert.equal(bodies[0].model, 'gpt-assist');
    assert.match(model.toolResults(bodies[1])[0].content, /API-EXPORT-MARKER/);
    const third = model.turns(bodies[2]);
    assert.match(third[0][1], /add a --json flag/, 'the first request is replayed as history');
    assert.ok(third.some(([role, t]) => role === 'assistant' && t.includes('"parser"')), 'the unusable answer is in the history');
    assert.match(third[third.length - 1][1], /That plan could not be used:\n- task "flag" is blocked by "parser", which is not a task of this plan/);
    for (const f of walk(join(ws, '.viban'))) assert.ok(!readFileSync(f, 'utf8').includes(TEST_KEY), `the key is in ${f}`);
  });
});
