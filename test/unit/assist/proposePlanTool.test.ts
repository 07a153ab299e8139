// `viban assist` with an API executor (Anthropic and OpenAI, real SDKs, scripted servers): the code
// advisor is offered a real `propose_plan` tool next to the workspace tools, its call IS the plan
// (one request after the reading, none after the call), an unusable plan is re-asked once with the
// problems, and a second unusable one is reported with nothing created.
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROPOSE_PLAN_TOOL } from '../../../src/protocol/assist';
import { PROVIDERS, TEST_KEY, type ScriptedModel } from '../executors/api/apiHarness';
import { runCli, tempWorkspace, writeSettings } from '../cli/cliHarness';

const CLEAN_ENV = { ANTHROPIC_API_KEY: undefined, ANTHROPIC_BASE_URL: undefined, ANTHROPIC_AUTH_TOKEN: undefined, OPENAI_API_KEY: undefined, OPENAI_BASE_URL: undefined };
const TASK = { key: 'flag', title: 'Change the export command', description: 'Parse --json', acceptance: 'export --json prints JSON', tier: 'B', blockedBy: [] as string[], estimateMinutes: 4 };
const PLAN = { summary: 'Add a --json flag', questions: [], tasks: [TASK], risks: [] };

/** The tool definition as the provider's request carried it: name, description, input schema. */
function offeredTool(body: any, name: string): { description: string; schema: any } | undefined {
  for (const t of body.tools ?? []) {
    if (t.name === name) return { description: t.description, schema: t.input_schema };
    if (t.function?.name === name) return { description: t.function.description, schema: t.function.parameters };
  }
  return undefined;
}
const toolNames = (body: any): string[] => (body.tools ?? []).map((t: any) => t.name ?? t.function?.name);

for (const provider of PROVIDERS) {
  describe(`viban assist: propose_plan as a tool of the ${provider.label} API advisor`, function () {
    this.timeout(60000);
    let ws: string;
    let model: ScriptedModel | undefined;
    const env = () => ({
      ...CLEAN_ENV,
      ...(provider.id === 'anthropic' ? { ANTHROPIC_API_KEY: TEST_KEY, ANTHROPIC_BASE_URL: model!.baseURL } : { OPENAI_API_KEY: TEST_KEY, OPENAI_BASE_URL: model!.baseURL }),
    });
    const boardTasks = () => (existsSync(join(ws, '.viban', 'board.json')) ? JSON.parse(readFileSync(join(ws, '.viban', 'board.json'), 'utf8')).tasks : []);
    const conversations = () => readdirSync(join(ws, '.viban', 'assist')).filter((n) => n.endsWith('.json')).map((n) => JSON.parse(readFileSync(join(ws, '.viban', 'assist', n), 'utf8')));

    beforeEach(() => {
      ws = tempWorkspace();
      mkdirSync(join(ws, 'src'));
      writeFileSync(join(ws, 'src', 'export.js'), 'export const rows = []; // EXPORT-MARKER\n');
      writeSettings(ws, { assist: { executor: provider.id, model: 'advisor-model' } });
    });
    afterEach(async () => {
      await model?.close();
      model = undefined;
      rmSync(ws, { recursive: true, force: true });
    });

    it('reads the code, calls propose_plan, and the plan is accepted in one attempt with the files it read', async () => {
      model = await provider.start([{ toolCalls: [{ name: 'read_file', input: { path: 'src/export.js' } }] }, { text: 'Here is the plan.', toolCalls: [{ name: 'propose_plan', input: PLAN }] }]);
      const r = await runCli(['assist', 'add a --json flag', '--json', '-w', ws], { env: env() });
      assert.equal(r.code, 0, r.stdout + r.stderr);
      const out = JSON.parse(r.stdout);
      assert.equal(out.kind, 'plan');
      assert.deepEqual(out.plan, PLAN);
      assert.deepEqual(out.filesRead, ['src/export.js']);

      const bodies = model.bodies();
      assert.equal(bodies.length, 2, 'the propose_plan call ends the run: no request after it');
      const offered = offeredTool(bodies[0], 'propose_plan');
      assert.ok(offered, `propose_plan is offered (got ${toolNames(bodies[0]).join(', ')})`);
      assert.deepEqual(offered.schema, PROPOSE_PLAN_TOOL.input_schema);
      assert.ok(toolNames(bodies[0]).includes('read_file'), 'next to the workspace tools');
      assert.match(model.turns(bodies[0])[0][1], /calling the `propose_plan` tool ONCE/);
      assert.match(model.toolResults(bodies[1])[0].content, /EXPORT-MARKER/);
      const [c] = conversations();
      assert.deepEqual(c.messages.map((m: any) => m.kind), ['request', 'reading', 'plan']);
      assert.deepEqual(c.messages[2].plan, PLAN);
    });

    it('an unusable propose_plan is re-asked once with its problems, then accepted', async () => {
      const bad = { ...PLAN, tasks: [{ ...TASK, blockedBy: ['parser'] }] };
      model = await provider.start([{ toolCalls: [{ name: 'propose_plan', input: bad }] }, { toolCalls: [{ name: 'propose_plan', input: PLAN }] }]);
      const r = await runCli(['assist', 'add a --json flag', '--json', '-w', ws], { env: env() });
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.deepEqual(JSON.parse(r.stdout).plan, PLAN);
      const bodies = model.bodies();
      assert.equal(bodies.length, 2);
      const second = model.turns(bodies[1]);
      assert.match(second[second.length - 1][1], /That plan could not be used:\n- task "flag" is blocked by "parser", which is not a task of this plan[\s\S]*Call `propose_plan` again/);
      assert.ok(second.some(([role, t]) => role === 'assistant' && t.includes('propose_plan') && t.includes('"parser"')), 'the unusable plan is in the history');
      assert.ok(offeredTool(bodies[1], 'propose_plan'), 'the re-ask offers the tool again');
    });

    it('twice unusable: a clear error, and nothing is created', async () => {
      const cycle = { ...PLAN, tasks: [{ ...TASK, blockedBy: ['docs'] }, { ...TASK, key: 'docs', title: 'Docs', blockedBy: ['flag'] }] };
      model = await provider.start([{ toolCalls: [{ name: 'propose_plan', input: { summary: 'no tasks field' } }] }, { toolCalls: [{ name: 'propose_plan', input: cycle }] }]);
      const r = await runCli(['assist', 'add a --json flag', '--yes', '-w', ws], { env: env() });
      assert.equal(r.code, 1, r.stdout + r.stderr);
      assert.match(r.stderr, /The code advisor's plan was not usable \(2 times\), so nothing was created: the tasks wait for each other in a circle: flag → docs → flag\./);
      const bodies = model.bodies();
      assert.equal(bodies.length, 2);
      assert.match(model.turns(bodies[1]).at(-1)![1], /the plan does not have the expected shape/);
      assert.deepEqual(boardTasks(), []);
      const [c] = conversations();
      assert.deepEqual(c.messages.map((m: any) => m.kind), ['request', 'error']);
    });
  });
}
