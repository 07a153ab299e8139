// The plan the code advisor proposes: its shape, the graph rules, and reading it out of what an
// API advisor (a propose_plan call) or a CLI advisor (a ```json block) said.
import { strict as assert } from 'node:assert';
import type { LogEntry } from '../../../src/protocol/logEntries';
import type { AssistPlan, PlanTask } from '../../../src/protocol/assist';
import { checkPlan, criticalPathMinutes, planOrder } from '../../../src/assist/planCheck';
import { filesRead, findPlan } from '../../../src/assist/planParse';

const task = (key: string, blockedBy: string[] = [], estimateMinutes = 3): PlanTask => ({
  key, title: `Do ${key}`, description: `Describe ${key}`, acceptance: `${key} works`, tier: 'B', blockedBy, estimateMinutes,
});
const plan = (tasks: PlanTask[]): AssistPlan => ({ summary: 'Add a --json flag', questions: [], tasks, risks: ['none'] });
const ts = '2026-01-01T00:00:00.000Z';

describe('assist plan: schema and graph rules', () => {
  it('accepts a well-formed plan and orders it so every task follows what it waits for', () => {
    const r = checkPlan(plan([task('readme', ['flag', 'serializer']), task('flag'), task('serializer', ['flag'])]));
    assert.ok(r.ok);
    assert.deepEqual(planOrder(r.plan.tasks).map((t) => t.key), ['flag', 'serializer', 'readme']);
    assert.equal(criticalPathMinutes(r.plan.tasks), 9);
  });

  it('names an unknown blockedBy key, a duplicate key, a self-link and a cycle', () => {
    const unknown = checkPlan(plan([task('a', ['ghost'])]));
    assert.deepEqual(unknown.ok ? [] : unknown.problems, ['task "a" is blocked by "ghost", which is not a task of this plan (keys: a)']);
    const dup = checkPlan(plan([task('a'), task('a')]));
    assert.deepEqual(dup.ok ? [] : dup.problems, ['the key "a" is used by more than one task']);
    const self = checkPlan(plan([task('a', ['a'])]));
    assert.deepEqual(self.ok ? [] : self.problems, ['task "a" is blocked by itself']);
    const cycle = checkPlan(plan([task('a', ['c']), task('b', ['a']), task('c', ['b'])]));
    assert.deepEqual(cycle.ok ? [] : cycle.problems, ['the tasks wait for each other in a circle: a → c → b → a']);
  });

  it('refuses a wrong shape with the field named (tier outside A/B/C, missing fields, extra fields)', () => {
    const badTier = checkPlan({ ...plan([task('a')]), tasks: [{ ...task('a'), tier: 'D' }] });
    assert.ok(!badTier.ok);
    assert.match(badTier.problems[0], /tasks\.0\.tier/);
    const missing = checkPlan({ summary: 'x', tasks: [] });
    assert.ok(!missing.ok);
    assert.match(missing.problems[0], /questions/);
    const extra = checkPlan({ ...plan([]), cost: 3 });
    assert.ok(!extra.ok);
    assert.match(extra.problems[0], /cost/);
  });
});

describe('assist plan: reading it from the advisor', () => {
  it('takes the input of a propose_plan tool call (API advisor)', () => {
    const p = plan([task('a')]);
    const entries: LogEntry[] = [
      { id: '1', ts, kind: 'tool_use', toolUseId: 'x', name: 'read_file', input: { path: 'src/a.ts' } },
      { id: '2', ts, kind: 'tool_use', toolUseId: 'y', name: 'propose_plan', input: p },
    ];
    assert.deepEqual(findPlan(entries), { found: true, value: p, from: 'tool' });
  });

  it('takes the last ```json block of the final answer (CLI advisor), and says why when there is none', () => {
    const p = plan([task('a')]);
    const answer = 'I read the code.\n```json\n{"draft": true}\n```\nFinal:\n```json\n' + JSON.stringify(p, null, 2) + '\n```\n';
    const found = findPlan([{ id: 'r', ts, kind: 'result', isError: false, text: answer }]);
    assert.deepEqual(found, { found: true, value: p, from: 'json-block' });
    assert.deepEqual(findPlan([{ id: 'a', ts, kind: 'assistant', text: 'Sure, sounds good.' }]), { found: false, problem: 'the answer has no ```json block with the plan' });
    const broken = findPlan([{ id: 'a', ts, kind: 'assistant', text: '```json\n{"summary": \n```' }]);
    assert.ok(!broken.found && /not valid JSON/.test(broken.problem));
  });

  it('lists the files read, relative to the workspace, once each', () => {
    const entries: LogEntry[] = [
      { id: '1', ts, kind: 'tool_use', toolUseId: 'a', name: 'Read', input: { file_path: '/ws/src/export.ts' } },
      { id: '2', ts, kind: 'tool_use', toolUseId: 'b', name: 'Grep', input: { pattern: 'x' } },
      { id: '3', ts, kind: 'tool_use', toolUseId: 'c', name: 'read_file', input: { path: 'README.md' } },
      { id: '4', ts, kind: 'tool_use', toolUseId: 'd', name: 'Read', input: { file_path: '/ws/src/export.ts' } },
    ];
    assert.deepEqual(filesRead(entries, '/ws'), ['src/export.ts', 'README.md']);
  });
});
