// The Assist view as a user meets it: the conversation with "Reading the code…" collapsed, the
// confirmation card (plain words, the cost when known, Start / Change / Not now, the tasks behind
// Details), clarifying questions as quick replies, the started cards with their state, and the
// composer; each act posts exactly the message the host's table handles.
import assert from 'node:assert/strict';
import { act } from 'preact/test-utils';
import type { AssistConversation, AssistMessage, AssistPlan } from '../../src/protocol/assist';
import type { AssistState } from '../../src/protocol/assistMessages';
import { $, $$, boardState, byName, click, isDisabled, key, mountApp, snapshot, task, typeInto } from './harness';

const at = '2026-12-05T20:00:00.000Z';
const plan: AssistPlan = {
  summary: 'Add a --json flag',
  questions: [],
  tasks: [
    { key: 'change', title: 'Change the code', description: 'Parse --json.', acceptance: 'It prints JSON.', tier: 'B', blockedBy: [], estimateMinutes: 4 },
    { key: 'tests', title: 'Add a test', description: 'A test.', acceptance: 'npm test passes.', tier: 'A', blockedBy: ['change'], estimateMinutes: 2 },
  ],
  risks: ['The output format is public.'],
};
const msg = (id: string, kind: AssistMessage['kind'], text: string, extra: Partial<AssistMessage> = {}): AssistMessage => ({ id, role: kind === 'request' ? 'user' : 'assistant', kind, text, at, ...extra });
const conversation = (messages: AssistMessage[]): AssistConversation => ({ schemaVersion: 1, id: 'a_1', title: 'add a --json flag', createdAt: at, updatedAt: at, messages, snapshots: [] });
const planned = () =>
  conversation([
    msg('m1', 'request', 'add a --json flag'),
    msg('m2', 'reading', 'Reading the code… 2 file(s)', { filesRead: ['README.md', 'src/top.js'] }),
    msg('m3', 'plan', "I'll add a --json flag: change the code, add a test. About 6 minutes.", { plan }),
  ]);
const state = (c: AssistConversation | null, extra: Partial<AssistState> = {}): AssistState => ({
  folder: '/work/a',
  conversations: c ? [{ id: c.id, title: c.title, updatedAt: at }] : [],
  conversation: c,
  busy: [],
  costs: {},
  advisor: 'Demo agent (offline replay)',
  ...extra,
});

/** Picks a conversation in the view's picker, as the toolkit dropdown reports it. */
const pick = (root: HTMLElement, id: string) =>
  act(() => {
    const picker = $(root, '.assist-picker') as HTMLSelectElement;
    picker.value = id;
    picker.dispatchEvent(new Event('change', { bubbles: true }));
  });

async function mountAssist() {
  const m = await mountApp(snapshot(), undefined, 'assist');
  return m;
}

describe('Assist view', () => {
  it('asks for its conversation, shows the plan in plain words with the cost, the files read collapsed, and the tasks behind Details', async () => {
    const { root, host, send } = await mountAssist();
    assert.deepEqual(host.last('assistWatch'), { type: 'assistWatch', conversationId: null });
    await send({ type: 'assist', state: state(null) });
    assert.match(root.textContent ?? '', /Ask in plain words/);
    assert.match(root.textContent ?? '', /Demo agent \(offline replay\)/);
    // Picking the earlier conversation from the list shows it.
    await send({ type: 'assist', state: state(null, { conversations: [{ id: 'a_1', title: 'add a --json flag', updatedAt: at }] }) });
    await pick(root, 'a_1');
    assert.deepEqual(host.last('assistWatch'), { type: 'assistWatch', conversationId: 'a_1' });
    await send({ type: 'assist', state: state(planned(), { costs: { m3: { usd: 0.4, runs: 5 } } }) });
    const card = $(root, '.assist-plan-card');
    assert.equal($(card, '.assist-plan-text').textContent, "I'll add a --json flag: change the code, add a test. About 6 minutes, about $0.40. Start?");
    assert.match(card.textContent ?? '', /estimated from what 5 runs here cost per minute/);
    const reading = $(root, '.assist-reading');
    assert.equal(reading.hasAttribute('open'), false, 'the files read are collapsed');
    assert.match(reading.textContent ?? '', /Reading the code… 2 files.*README\.md.*src\/top\.js/s);
    const details = $(card, '.assist-details');
    assert.equal(details.hasAttribute('open'), false, 'tasks, tiers and the graph are behind Details');
    assert.deepEqual($$(details, '.assist-task-title').map((e) => e.textContent), ['Change the code', 'Add a test']);
    assert.match(details.textContent ?? '', /tier A · about 2 min · after "Change the code"/);
    assert.match(details.textContent ?? '', /Risks:The output format is public\./);
    assert.ok(byName(card, 'vscode-button', 'Start') && byName(card, 'vscode-button', 'Change') && byName(card, 'vscode-button', 'Not now'));
  });

  it('Start posts the plan\'s answer and waits for the host; the started cards link to the board with their state', async () => {
    const { root, host, send } = await mountAssist();
    await send({ type: 'assist', state: state(null, { conversations: [{ id: 'a_1', title: 'add a --json flag', updatedAt: at }] }) });
    await pick(root, 'a_1');
    await send({ type: 'assist', state: state(planned()) });
    assert.doesNotMatch($(root, '.assist-plan-text').textContent ?? '', /\$/, 'no cost when none can be estimated');
    await click(byName(root, 'vscode-button', 'Start'));
    const start = host.last('assistPlan');
    assert.deepEqual({ ...start, requestId: '' }, { type: 'assistPlan', requestId: '', conversationId: 'a_1', messageId: 'm3', action: 'start' });
    assert.ok(isDisabled(byName(root, 'vscode-button', 'Start')), 'one Start at a time');
    const started = conversation([...planned().messages, msg('m4', 'started', 'Started: 2 tasks are on the board and running.', { taskIds: { change: 't_a', tests: 't_b' } })]);
    await send({ type: 'snapshot', snapshot: snapshot({ state: boardState([task({ id: 't_a', columnId: 'todo', title: 'Change the code', agentStatus: 'executing' }), task({ id: 't_b', columnId: 'todo', title: 'Add a test' })]) }) });
    await send({ type: 'assist', state: state(started, { busy: [{ conversationId: 'a_1', stage: 'running', files: [] }] }) });
    await send({ type: 'reply', inReplyTo: start.requestId, ok: true });
    assert.equal($$(root, '.assist-plan-actions').length, 0, 'an answered plan has no buttons');
    assert.deepEqual($$(root, '.assist-cards li').map((e) => e.textContent), ['Change the code — running', 'Add a test — waiting to run']);
    assert.match(root.textContent ?? '', /Running the plan on the board; I'll write here when it ends\./);
    await click(byName(root, 'a', 'Change the code'));
    assert.deepEqual(host.last('assistOpen'), { type: 'assistOpen', target: 'task', taskId: 't_a' });
    const done = conversation([...started.messages, msg('m5', 'followup', 'Done: "Change the code" and "Add a test".')]);
    await send({ type: 'assist', state: state(done) });
    assert.match($(root, '.assist-followup').textContent ?? '', /^Done: "Change the code" and "Add a test"\.$/);
  });

  it('"Remembered: … — Undo": Undo posts the forget for that message and waits; undone, it says Forgotten without a button', async () => {
    const { root, host, send } = await mountAssist();
    await send({ type: 'assist', state: state(null, { conversations: [{ id: 'a_1', title: 'add a --json flag', updatedAt: at }] }) });
    await pick(root, 'a_1');
    const remembered = (undone?: boolean) =>
      conversation([
        msg('m1', 'request', 'add sign-up, no social login for now'),
        msg('m2', 'remembered', 'Remembered: No social login for now', { memoryId: 'mem_abc', ...(undone && { undone }) }),
        msg('m3', 'plan', "I'll add e-mail sign-up. About 6 minutes.", { plan }),
      ]);
    await send({ type: 'assist', state: state(remembered()) });
    const line = $(root, '.assist-remembered');
    assert.equal(line.textContent, 'Remembered: No social login for now — Undo');
    assert.ok(byName(root, 'vscode-button', 'Start'), 'the plan after it is still waiting for Start');
    await click(byName(line, 'button', 'Undo'));
    const undo = host.last('assistUndoRemember');
    assert.deepEqual({ ...undo, requestId: '' }, { type: 'assistUndoRemember', requestId: '', conversationId: 'a_1', messageId: 'm2' });
    assert.ok(isDisabled(byName(line, 'button', 'Undo')), 'one Undo at a time');
    await send({ type: 'assist', state: state(remembered(true)) });
    await send({ type: 'reply', inReplyTo: undo.requestId, ok: true });
    assert.equal($(root, '.assist-remembered').textContent, 'Forgotten: No social login for now');
    assert.equal($$(root, '.assist-remembered button').length, 0);
  });

  it('Change puts the request back in the composer; Enter asks in the same conversation; a refusal is shown', async () => {
    const { root, host, send } = await mountAssist();
    await send({ type: 'assist', state: state(null, { conversations: [{ id: 'a_1', title: 'add a --json flag', updatedAt: at }] }) });
    await pick(root, 'a_1');
    await send({ type: 'assist', state: state(planned()) });
    await click(byName(root, 'vscode-button', 'Change'));
    const box = $(root, '.assist-composer vscode-text-area') as HTMLTextAreaElement;
    assert.equal(box.value, 'add a --json flag');
    await typeInto(box, 'add a --json flag, and keep the text output as it is');
    await key(box, 'Enter');
    const asked = host.last('assistAsk');
    assert.equal(asked.conversationId, 'a_1');
    assert.equal(asked.text, 'add a --json flag, and keep the text output as it is');
    await send({ type: 'reply', inReplyTo: asked.requestId, ok: false, error: 'Assist runs agents only in a trusted workspace.' });
    assert.match($(root, '.assist-msg.assist-error').textContent ?? '', /trusted workspace/);
    assert.equal(box.value, 'add a --json flag, and keep the text output as it is', 'nothing typed is lost');
  });

  it('a first question starts a conversation the view then follows; questions come as quick replies; reading shows live', async () => {
    const { root, host, send } = await mountAssist();
    await send({ type: 'assist', state: state(null) });
    const box = $(root, '.assist-composer vscode-text-area');
    await typeInto(box, 'add export');
    await click(byName(root, 'vscode-button', 'Send'));
    const asked = host.last('assistAsk');
    assert.equal(asked.conversationId, null);
    const c = conversation([msg('m1', 'request', 'add export')]);
    await send({ type: 'assist', state: state(c, { busy: [{ conversationId: 'a_1', stage: 'reading', files: ['README.md'] }] }) });
    await send({ type: 'reply', inReplyTo: asked.requestId, ok: true });
    assert.match($(root, '.assist-busy').textContent ?? '', /Reading the code… 1 file/);
    const q = conversation([...c.messages, msg('m2', 'questions', 'Before I plan this…', { plan: { ...plan, tasks: [], questions: ['CSV or JSON?'] } })]);
    await send({ type: 'assist', state: state(q) });
    await click(byName(root, 'button', 'CSV or JSON?'));
    assert.match((box as HTMLTextAreaElement).value, /^CSV or JSON\? → $/);
    await click(byName(root, 'button', 'You decide: plan it'));
    const reply = host.last('assistAsk');
    assert.deepEqual({ ...reply, requestId: '' }, { type: 'assistAsk', requestId: '', conversationId: 'a_1', text: 'Make reasonable assumptions and plan it.' });
  });

  it('opens on the latest conversation (history is kept); New conversation starts an empty one', async () => {
    const { root, host, send } = await mountAssist();
    await send({ type: 'assist', state: state(null, { conversations: [{ id: 'a_1', title: 'add a --json flag', updatedAt: at }] }) });
    assert.deepEqual(host.last('assistWatch'), { type: 'assistWatch', conversationId: 'a_1' });
    await send({ type: 'assist', state: state(planned()) });
    assert.ok($(root, '.assist-plan-card'));
    await click(byName(root, 'button', 'New conversation'));
    assert.deepEqual(host.last('assistWatch'), { type: 'assistWatch', conversationId: null });
    await send({ type: 'assist', state: state(null, { conversations: [{ id: 'a_1', title: 'add a --json flag', updatedAt: at }] }) });
    assert.deepEqual(host.last('assistWatch'), { type: 'assistWatch', conversationId: null }, 'the user\'s New conversation stays');
    assert.match(root.textContent ?? '', /Ask in plain words/);
  });
});
