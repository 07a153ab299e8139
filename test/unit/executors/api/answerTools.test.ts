// Answer tools (RunRequest.answerTools) through both API executors' real SDKs and scripted
// servers: offered next to the workspace tools, never asking permission, logged as a tool_use with
// the input and answered with the tool's reply; one that ends the run ends it after its turn.
import { strict as assert } from 'node:assert';
import { rmSync } from 'node:fs';
import type { AnswerTool } from '../../../../src/executors/types';
import { merged, of, PROVIDERS, record, run, tempRepo, type ScriptedModel } from './apiHarness';

const schema = { type: 'object' as const, properties: { summary: { type: 'string' } }, required: ['summary'] };
const FINAL: AnswerTool = { name: 'hand_over', description: 'Hand over the answer.', inputSchema: schema, reply: 'Answer received.', endsRun: true };
const NOTE: AnswerTool = { name: 'note_down', description: 'Note something down.', inputSchema: schema, reply: 'Noted.', endsRun: false };

for (const p of PROVIDERS) {
  describe(`${p.label} API executor: answer tools`, function () {
    this.timeout(30000);
    let model: ScriptedModel | undefined;
    let repo: string;
    beforeEach(() => (repo = tempRepo({ 'a.txt': 'A\n' })));
    afterEach(async () => {
      await model?.close();
      model = undefined;
      rmSync(repo, { recursive: true, force: true });
    });

    it('a call of an ending answer tool is logged with its input, answered, and ends the run without asking anyone', async () => {
      model = await p.start([{ toolCalls: [{ name: 'read_file', input: { path: 'a.txt' } }] }, { toolCalls: [{ name: 'hand_over', input: { summary: 'all read' } }] }]);
      const rec = record(() => ({ behavior: 'deny', message: 'nobody should be asked' }));
      const { outcome } = await run(p.create(model), { cwd: repo, permissionMode: 'ask', answerTools: [FINAL] }, rec);
      assert.equal(outcome.status, 'succeeded', outcome.error);
      assert.equal(model.bodies().length, 2, 'no model request after the answer');
      const names = (model.bodies()[0].tools as any[]).map((t) => t.name ?? t.function?.name);
      assert.deepEqual(names.slice(-1), ['hand_over']);
      assert.ok(names.includes('read_file') && names.includes('run_command'));
      assert.deepEqual(rec.approvals, []);
      const entries = merged(rec.entries);
      const use = of(entries, 'tool_use').find((e) => e.name === 'hand_over');
      assert.deepEqual(use?.input, { summary: 'all read' });
      assert.equal(use?.status, 'completed');
      const result = of(entries, 'tool_result').find((e) => e.toolUseId === use?.toolUseId);
      assert.equal(result?.output, 'Answer received.');
      assert.equal(result?.isError, false);
    });

    it('a call with unparsable arguments delivers nothing: the model is told and calls again', async () => {
      model = await p.start([{ toolCalls: [{ name: 'hand_over', input: '{"summary": ' }] }, { toolCalls: [{ name: 'hand_over', input: { summary: 'fixed' } }] }]);
      const rec = record();
      const { outcome } = await run(p.create(model), { cwd: repo, permissionMode: 'plan', answerTools: [FINAL] }, rec);
      assert.equal(outcome.status, 'succeeded', outcome.error);
      const bodies = model.bodies();
      assert.equal(bodies.length, 2);
      assert.match(model.toolResults(bodies[1])[0].content, /(not valid JSON|must be a JSON object)[\s\S]*Call hand_over again with valid JSON arguments/);
      const uses = of(merged(rec.entries), 'tool_use').filter((e) => e.name === 'hand_over');
      assert.deepEqual(uses.map((u) => u.status), ['failed', 'completed']);
    });

    it('a non-ending answer tool is answered and the run goes on', async () => {
      model = await p.start([{ toolCalls: [{ name: 'note_down', input: { summary: 'a fact' } }] }, { text: 'Done.' }]);
      const { outcome } = await run(p.create(model), { cwd: repo, answerTools: [NOTE] });
      assert.equal(outcome.status, 'succeeded', outcome.error);
      const bodies = model.bodies();
      assert.equal(bodies.length, 2);
      assert.equal(model.toolResults(bodies[1])[0].content, 'Noted.');
    });

    it('an answer tool named like a workspace tool is refused before any request', async () => {
      model = await p.start([{ text: 'never asked' }]);
      const { outcome } = await run(p.create(model), { cwd: repo, answerTools: [{ ...FINAL, name: 'read_file' }] });
      assert.equal(outcome.status, 'failed');
      assert.match(outcome.error ?? '', /The answer tool "read_file" has the name of a workspace tool/);
      assert.equal(model.bodies().length, 0);
    });
  });
}
