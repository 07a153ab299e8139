// Assist remembers what the user states ("Remembered: no social login for now — Undo"): the API
// advisor (real SDK, scripted server) calls the `remember` tool it is offered next to
// propose_plan; the item lands in .viban/memory.json with the conversation as its source, shows
// as a 'remembered' message, reaches the next conversation's context, and Undo forgets it (and it
// leaves the context). The ```remember block of a CLI advisor is read the same way.
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { undoRemembered } from '../../../src/assist/assistant';
import { findRememberItems, REMEMBERED_CONFIDENCE } from '../../../src/assist/memoryProposals';
import { REMEMBER_TOOL, AssistConversationSchema, type AssistConversation } from '../../../src/protocol/assist';
import type { LogEntry } from '../../../src/protocol/logEntries';
import { MemoryFileSchema } from '../../../src/protocol/memory';
import { Redactor } from '../../../src/secrets/redactor';
import { AssistConversationStore } from '../../../src/store/assist/assistConversationStore';
import { anthropicHarness, TEST_KEY, type ScriptedModel } from '../executors/api/apiHarness';
import { runCli, tempWorkspace, writeSettings } from '../cli/cliHarness';

const CLEAN_ENV = { ANTHROPIC_API_KEY: undefined, ANTHROPIC_BASE_URL: undefined, ANTHROPIC_AUTH_TOKEN: undefined, OPENAI_API_KEY: undefined, OPENAI_BASE_URL: undefined };
const TASK = { key: 'signup', title: 'Add e-mail sign-up', description: 'A sign-up form with e-mail and password.', acceptance: 'a user can sign up', tier: 'B', blockedBy: [] as string[], estimateMinutes: 6 };
const PLAN = { summary: 'Add e-mail sign-up', questions: [], tasks: [TASK], risks: [] };
const ANSWER = (summary: string) => ({ summary, questions: [], tasks: [], risks: [] });

const memoryItems = (ws: string) => (existsSync(join(ws, '.viban', 'memory.json')) ? MemoryFileSchema.parse(JSON.parse(readFileSync(join(ws, '.viban', 'memory.json'), 'utf8'))).items : []);
function conversation(ws: string, id: string): AssistConversation {
  return AssistConversationSchema.parse(JSON.parse(readFileSync(join(ws, '.viban', 'assist', `${id}.json`), 'utf8')));
}

describe('Assist remembers what the user states (API advisor, remember tool)', function () {
  this.timeout(60000);
  let ws: string;
  let model: ScriptedModel | undefined;
  beforeEach(() => {
    ws = tempWorkspace();
    writeSettings(ws, { assist: { executor: 'anthropic', model: 'advisor-model' } });
  });
  afterEach(async () => {
    await model?.close();
    model = undefined;
    rmSync(ws, { recursive: true, force: true });
  });

  it('saves the item with its conversation, says "Remembered", puts it in the next context, and Undo forgets it', async () => {
    model = await anthropicHarness.start([
      { toolCalls: [{ name: 'remember', input: { items: [{ category: 'decision', key: 'social-login', value: 'No social login for now' }, { category: 'bogus', value: 'dropped: not a category' }] } }] },
      { toolCalls: [{ name: 'propose_plan', input: PLAN }] },
      { toolCalls: [{ name: 'propose_plan', input: ANSWER('Sign-up is by e-mail only.') }] },
      { toolCalls: [{ name: 'propose_plan', input: ANSWER('Anything goes.') }] },
    ]);
    const env = { ...CLEAN_ENV, ANTHROPIC_API_KEY: TEST_KEY, ANTHROPIC_BASE_URL: model.baseURL };

    const first = await runCli(['assist', 'add sign-up, but no social login for now', '--json', '-w', ws], { env });
    assert.equal(first.code, 0, first.stdout + first.stderr);
    const out = JSON.parse(first.stdout);
    const [item] = memoryItems(ws);
    assert.equal(memoryItems(ws).length, 1);
    assert.deepEqual(
      { category: item.category, key: item.key, value: item.value, source: item.sourceConversation, confidence: item.confidence },
      { category: 'decision', key: 'social-login', value: 'No social login for now', source: out.conversationId, confidence: REMEMBERED_CONFIDENCE },
    );
    assert.deepEqual(out.remembered, [{ id: item.id, category: 'decision', value: 'No social login for now' }]);
    const c = conversation(ws, out.conversationId);
    assert.deepEqual(c.messages.map((m) => m.kind), ['request', 'remembered', 'plan']);
    assert.equal(c.messages[1].text, 'Remembered: No social login for now');
    assert.equal(c.messages[1].memoryId, item.id);
    const firstBody = model.bodies()[0];
    assert.ok(firstBody.tools.some((t: any) => t.name === 'remember' && JSON.stringify(t.input_schema) === JSON.stringify(REMEMBER_TOOL.input_schema)), 'remember is offered');
    assert.match(model.turns(firstBody)[0][1], /Remember by calling the `remember` tool/);
    assert.equal(model.toolResults(model.bodies()[1])[0].content, 'Remembered.');

    // A new conversation knows it.
    const second = await runCli(['assist', 'how do users sign up?', '-w', ws], { env });
    assert.equal(second.code, 0, second.stdout + second.stderr);
    assert.match(model.turns(model.bodies()[2])[0][1], /## Memory[^\n]*\n- Decision: No social login for now\n/);
    assert.doesNotMatch(second.stdout, /Remembered:/, 'nothing new was remembered');

    // Undo: forgotten, the message says so, and the next conversation no longer knows it.
    const conversations = new AssistConversationStore(ws, new Redactor());
    await undoRemembered({ root: ws, conversations }, out.conversationId, c.messages[1].id);
    assert.deepEqual(memoryItems(ws), []);
    assert.equal(conversation(ws, out.conversationId).messages[1].undone, true);
    await undoRemembered({ root: ws, conversations }, out.conversationId, c.messages[1].id); // twice is harmless
    const third = await runCli(['assist', 'what about social login?', '-w', ws], { env });
    assert.equal(third.code, 0, third.stdout + third.stderr);
    assert.doesNotMatch(model.turns(model.bodies()[3])[0][1], /No social login for now/);
    await assert.rejects(undoRemembered({ root: ws, conversations }, out.conversationId, c.messages[2].id), /not something Assist remembered/);
  });

  it('--yes --json reports what was remembered too (the same `remembered` as without --yes), next to the started cards', async () => {
    writeSettings(ws, { assist: { executor: 'anthropic', model: 'advisor-model' }, tiers: { B: { executor: 'anthropic', model: 'task-model' } } });
    model = await anthropicHarness.start([
      { toolCalls: [{ name: 'remember', input: { items: [{ category: 'decision', value: 'No social login for now' }] } }, { name: 'propose_plan', input: PLAN }] },
      { text: 'Sign-up form added.' },
    ]);
    const env = { ...CLEAN_ENV, ANTHROPIC_API_KEY: TEST_KEY, ANTHROPIC_BASE_URL: model.baseURL };
    const r = await runCli(['assist', 'add sign-up, but no social login for now', '--yes', '--json', '-w', ws], { env });
    const out = JSON.parse(r.stdout); // stdout is the JSON alone: the run's progress lines go to stderr
    assert.match(r.stderr, /^Running 1 task\(s\)\.$/m);
    const [item] = memoryItems(ws);
    assert.ok(item, 'the decision is in memory.json');
    assert.deepEqual(out.remembered, [{ id: item.id, category: 'decision', value: 'No social login for now' }], r.stdout + r.stderr);
    assert.equal(Object.keys(out.taskIds).length, 1, 'the plan was started');
    assert.equal(out.conversationId, item.sourceConversation);
  });

  it('a plan unusable twice still keeps what the user stated: saved, "Remembered" shown (with Undo) before the error', async () => {
    const unusable = { name: 'propose_plan', input: { summary: 'no tasks field' } };
    model = await anthropicHarness.start([
      { toolCalls: [{ name: 'remember', input: { items: [{ category: 'decision', value: 'No social login for now' }] } }, unusable] },
      { toolCalls: [unusable] },
      { toolCalls: [{ name: 'remember', input: { items: [{ category: 'preference', value: 'Use tabs for indentation' }] } }, unusable] },
      { toolCalls: [unusable] },
    ]);
    const env = { ...CLEAN_ENV, ANTHROPIC_API_KEY: TEST_KEY, ANTHROPIC_BASE_URL: model.baseURL };
    const r = await runCli(['assist', 'add sign-up, but no social login for now', '-w', ws], { env });
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stderr, /The code advisor's plan was not usable \(2 times\)/);
    const [item] = memoryItems(ws);
    assert.ok(item, 'the decision is in memory.json');
    assert.equal(item.value, 'No social login for now');
    assert.match(r.stdout, new RegExp(`^Remembered: No social login for now \\(undo: viban memory forget ${item.id}\\)$`, 'm'));
    const [file] = readdirSync(join(ws, '.viban', 'assist')).filter((n) => n.endsWith('.json'));
    const c = conversation(ws, file.slice(0, -5));
    assert.deepEqual(c.messages.map((m) => m.kind), ['request', 'remembered', 'error'], 'the Assist view shows it with Undo, then the error');
    assert.deepEqual([c.messages[1].memoryId, item.sourceConversation], [item.id, c.id]);

    // --json: stdout stays empty for the failed ask; the Remembered line comes with the error on stderr.
    const j = await runCli(['assist', 'we use tabs', '--json', '-w', ws], { env });
    assert.equal(j.code, 1, j.stdout + j.stderr);
    assert.equal(j.stdout, '');
    const tabs = memoryItems(ws).find((i) => i.value === 'Use tabs for indentation');
    assert.ok(tabs, JSON.stringify(memoryItems(ws)));
    assert.match(j.stderr, new RegExp(`^Remembered: Use tabs for indentation \\(undo: viban memory forget ${tabs.id}\\)$`, 'm'));
  });

  it('the same decision stated again is only confirmed: no second item, nothing new to undo', async () => {
    const remember = { name: 'remember', input: { items: [{ category: 'preference', value: 'Use tabs for indentation' }] } };
    model = await anthropicHarness.start([{ toolCalls: [remember, { name: 'propose_plan', input: ANSWER('Noted.') }] }, { toolCalls: [remember, { name: 'propose_plan', input: ANSWER('Noted again.') }] }]);
    const env = { ...CLEAN_ENV, ANTHROPIC_API_KEY: TEST_KEY, ANTHROPIC_BASE_URL: model.baseURL };
    const a = await runCli(['assist', 'we use tabs', '-w', ws], { env });
    assert.equal(a.code, 0, a.stderr);
    assert.match(a.stdout, /^Remembered: Use tabs for indentation \(undo: viban memory forget mem_\w+\)$/m);
    const b = await runCli(['assist', 'remember: tabs', '--json', '-w', ws], { env });
    assert.equal(b.code, 0, b.stderr);
    assert.deepEqual(JSON.parse(b.stdout).remembered, []);
    const items = memoryItems(ws);
    assert.equal(items.length, 1);
    assert.ok(items[0].confidence > REMEMBERED_CONFIDENCE, 'confirmed: surer than before');
    const files = readdirSync(join(ws, '.viban', 'assist')).filter((n) => n.endsWith('.json'));
    const kinds = files.map((f) => conversation(ws, f.slice(0, -5)).messages.map((m) => m.kind).join(',')).sort();
    assert.deepEqual(kinds, ['request,answer', 'request,remembered,answer']);
  });
});

describe('Assist: reading what a CLI advisor asks to remember', () => {
  const at = '2026-01-01T00:00:00.000Z';
  it('takes the ```remember blocks of the answer and the remember calls, each once, leaving malformed items out', () => {
    const entries: LogEntry[] = [
      { kind: 'tool_use', id: 'u1', ts: at, toolUseId: 'c1', name: 'remember', input: { items: [{ category: 'open', value: 'Revisit the retry policy', due: '2026-02-01' }] }, status: 'running' },
      { kind: 'tool_use', id: 'u1', ts: at, toolUseId: 'c1', name: 'remember', input: { items: [{ category: 'open', value: 'Revisit the retry policy', due: '2026-02-01' }] }, status: 'completed' },
      { kind: 'tool_use', id: 'u2', ts: at, toolUseId: 'c2', name: 'remember', input: { items: [{ category: 'decision', value: 'from a failed call' }] }, status: 'failed' },
      {
        kind: 'result',
        id: 'r',
        ts: at,
        isError: false,
        text: 'Noted.\n```remember\n[{"category":"decision","value":"No social login for now"},{"category":"decision","value":"no social login for now"},{"value":"no category"}]\n```\n```remember\nnot json\n```\n```json\n{}\n```',
      },
    ];
    assert.deepEqual(findRememberItems(entries), [
      { category: 'open', value: 'Revisit the retry policy', due: '2026-02-01' },
      { category: 'decision', value: 'No social login for now' },
    ]);
    assert.deepEqual(findRememberItems([{ kind: 'result', id: 'r', ts: at, isError: false, text: 'No memory here.' }]), []);
  });
});
