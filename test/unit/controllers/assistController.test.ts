// The Assist view's controller on a real folder: the real Demo agent (a custom CLI executor,
// offline) is the code advisor and runs the tasks, conversations are real .viban/assist files, the
// board is the real board.json, and Start runs the plan through a real graph runner on the folder's
// durable queue — the same createGraphRunner the window's Run all wraps. Only the editor's links
// (show a card, open in the editor) are recorded stand-ins.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FolderRuntime } from '../../../src/app/folderRuntime';
import { createGraphRunner } from '../../../src/app/graphRuns';
import { AssistDesk, type AssistRuns } from '../../../src/assist/assistDesk';
import { AssistController } from '../../../src/controllers/assistController';
import { MessageRouter, type HandlerTable } from '../../../src/controllers/router';
import { createCustomExecutor } from '../../../src/executors/cli/custom';
import type { GraphRunSummary } from '../../../src/graph';
import { AssistConversationSchema } from '../../../src/protocol/assist';
import { MemoryFileSchema } from '../../../src/protocol/memory';
import type { AssistState } from '../../../src/protocol/assistMessages';
import type { FromWebview, ToWebview } from '../../../src/protocol/messages';
import { Redactor } from '../../../src/secrets/redactor';
import { AssistConversationStore } from '../../../src/store/assist/assistConversationStore';
import { eventually, runCli } from '../cli/cliHarness';
import { openHarness, type Harness } from '../queue/runQueue/runQueueHarness';
import { OneFolder, RecordingLog } from './controllerHarness';

/** Run all for exactly the plan's tasks, as src/vscode/graphRunsHost.ts does it, minus the editor. */
class GraphRuns implements AssistRuns {
  busy = false;
  readonly ran: string[][] = [];
  async runTasks(runtime: FolderRuntime, taskIds: string[]): Promise<{ done: Promise<GraphRunSummary> }> {
    this.ran.push(taskIds);
    const runner = createGraphRunner({ runtime, queue: runtime.requireQueue(), tiers: () => undefined, defaultExecutorId: () => 'demo-agent', permissionMode: 'auto-edit', acceptedColumn: 'done', concurrency: () => 2 });
    return { done: runner.run({ taskIds }) };
  }
  running(): boolean {
    return this.busy;
  }
}

/** The demo workspace's Demo agent (scripts/demo-workspace.mjs demoSettings), paced for tests. */
function demoAgent() {
  return createCustomExecutor({
    id: 'demo-agent',
    label: 'Demo agent (offline replay)',
    command: process.execPath,
    args: [join(__dirname, '../../../demo/demo-agent.mjs'), '{prompt}', '{workspace}'],
    env: { VIBAN_DEMO_PACE_MS: '1' },
    outputFormat: 'claude-stream-json',
  });
}

describe('Assist controller (the Assist view → the conversation store, the board and Run all)', function () {
  this.timeout(60_000);
  let h: Harness;
  let folder: OneFolder;
  let posted: ToWebview[];
  let runs: GraphRuns;
  let desk: AssistDesk;
  let controller: AssistController;
  let opened: string[];
  let send: (m: FromWebview) => Promise<void>;

  beforeEach(async () => {
    h = await openHarness([demoAgent()]);
    writeFileSync(join(h.root, 'README.md'), '# wc-top\nCounts words. ASSIST-README-MARKER\n');
    folder = new OneFolder(h);
    posted = [];
    runs = new GraphRuns();
    opened = [];
    desk = new AssistDesk({ redactor: new Redactor({}), advisor: async (r) => ({ executor: r.executors.get('demo-agent')! }), runs });
    controller = new AssistController({
      post: (m) => posted.push(m),
      runtimes: folder,
      assist: { desk, showTask: async (id) => void opened.push(`task ${id}`), openInEditor: async () => void opened.push('editor') },
    });
    const table = new Proxy({ assistWatch: controller.assistWatch, assistAsk: controller.assistAsk, assistPlan: controller.assistPlan, assistUndoRemember: controller.assistUndoRemember, assistOpen: controller.assistOpen } as Partial<HandlerTable>, {
      get: (t, k) => (t as Record<string, unknown>)[k as string] ?? (() => undefined),
    }) as HandlerTable;
    const router = new MessageRouter(table, { post: (m) => posted.push(m), log: new RecordingLog(), showError: () => undefined, name: 'assist' });
    send = (m) => router.dispatch(m);
  });
  afterEach(async () => {
    await desk.settled();
    controller.dispose();
    await h.close();
  });

  const states = () => posted.filter((m): m is Extract<ToWebview, { type: 'assist' }> => m.type === 'assist').map((m) => m.state);
  const lastState = (): AssistState => states()[states().length - 1];
  const reply = (id: string) => posted.find((m): m is Extract<ToWebview, { type: 'reply' }> => m.type === 'reply' && m.inReplyTo === id)!;
  const conversationFiles = () => readdirSync(join(h.root, '.viban', 'assist')).filter((n) => n.endsWith('.json'));

  async function askForPlan(text = 'add a --json flag to the top command') {
    await send({ type: 'assistWatch', conversationId: null });
    await send({ type: 'assistAsk', requestId: 'r1', conversationId: null, text });
    assert.equal(reply('r1').ok, true, reply('r1').error);
    const whileReading = lastState();
    assert.equal(whileReading.busy[0]?.stage, 'reading', 'the view says Assist is reading right after the question');
    assert.deepEqual(whileReading.conversation?.messages.map((m) => m.kind), ['request']);
    await desk.settled();
    await controller.pushState();
    return lastState();
  }

  it('a question: "Reading the code…" with the files read, then the plan, stored in .viban/assist with the snapshot', async () => {
    const state = await askForPlan();
    assert.equal(state.advisor, 'Demo agent (offline replay)');
    assert.deepEqual(state.busy, []);
    const c = state.conversation!;
    assert.deepEqual(c.messages.map((m) => m.kind), ['request', 'reading', 'plan']);
    assert.equal(c.messages[1].filesRead?.[0], 'README.md');
    assert.match(c.messages[2].text, /^I'll add a --json flag to the top command: change the code, add a test, update the README\. About 6 minutes\.$/);
    assert.deepEqual(state.conversations.map((x) => x.id), [c.id]);
    assert.deepEqual(state.costs, {}, 'no priced runs here yet: no cost is guessed');
    const [file] = conversationFiles();
    const stored = AssistConversationSchema.parse(JSON.parse(readFileSync(join(h.root, '.viban', 'assist', file), 'utf8')));
    assert.match(stored.snapshots[0].text, /ASSIST-README-MARKER/, 'what Assist knew is kept with the conversation');
    assert.equal(h.runtime.board.current.board.tasks.length, 0, 'nothing is created before Start');
  });

  it('a stated decision: "Remembered: …" before the plan, saved with the conversation; Undo from the view forgets it', async () => {
    const memory = () => MemoryFileSchema.parse(JSON.parse(readFileSync(join(h.root, '.viban', 'memory.json'), 'utf8'))).items;
    const state = await askForPlan('add sign-up, but no social login for now');
    const c = state.conversation!;
    assert.deepEqual(c.messages.map((m) => m.kind), ['request', 'reading', 'remembered', 'plan']);
    const remembered = c.messages[2];
    assert.equal(remembered.text, 'Remembered: No social login for now');
    const [item] = memory();
    assert.deepEqual([item.id, item.category, item.sourceConversation], [remembered.memoryId, 'decision', c.id]);
    await send({ type: 'assistUndoRemember', requestId: 'u1', conversationId: c.id, messageId: remembered.id });
    assert.equal(reply('u1').ok, true, reply('u1').error);
    assert.deepEqual(memory(), []);
    assert.equal(lastState().conversation!.messages[2].undone, true, 'the view is told at once');
    assert.equal(lastState().conversation!.messages.at(-1)!.kind, 'plan', 'the plan still waits for Start');
    await send({ type: 'assistUndoRemember', requestId: 'u2', conversationId: c.id, messageId: c.messages[3].id });
    assert.match(reply('u2').error ?? '', /not something Assist remembered/);
  });

  it('a remembered item forgotten elsewhere (`viban memory forget`) shows as forgotten in the open view: no Undo offered for what is gone', async () => {
    const state = await askForPlan('add sign-up, but no social login for now');
    const c = state.conversation!;
    const remembered = c.messages[2];
    assert.equal(remembered.kind, 'remembered');
    assert.equal(remembered.undone, undefined, 'still in memory: Undo is offered');
    const forget = await runCli(['memory', 'forget', remembered.memoryId!, '-w', h.root]);
    assert.equal(forget.code, 0, forget.stdout + forget.stderr);
    // Nothing is sent by the view: the change on disk reaches it.
    const seen = await eventually(() => (lastState().conversation?.messages[2].undone ? lastState() : undefined), 'the remembered line shown as forgotten');
    assert.equal(seen.conversation!.messages.at(-1)!.kind, 'plan', 'the rest of the conversation is as it was');
    // A later Undo (a view that had not caught up) is harmless and the line stays forgotten.
    await send({ type: 'assistUndoRemember', requestId: 'u1', conversationId: c.id, messageId: remembered.id });
    assert.equal(reply('u1').ok, true, reply('u1').error);
    assert.equal(lastState().conversation!.messages[2].undone, true);
  });

  it('a memory.json that cannot be read does not make remembered items look forgotten', async () => {
    const c = (await askForPlan('add sign-up, but no social login for now')).conversation!;
    assert.equal(c.messages[2].kind, 'remembered');
    writeFileSync(join(h.root, '.viban', 'memory.json'), '{ not json');
    await controller.pushState();
    assert.equal(lastState().conversation!.messages[2].undone, undefined, 'Undo is still offered: nothing says the item was forgotten');
  });

  it('a conversation written elsewhere (`viban assist` in a terminal, another window) reaches the open view without asking', async () => {
    await send({ type: 'assistWatch', conversationId: null });
    assert.deepEqual(lastState().conversations, []);
    const pushed = posted.length;
    // The same store code the command line uses, as another process would: nothing tells the desk.
    const elsewhere = new AssistConversationStore(h.root, new Redactor({}));
    const c = await elsewhere.create('asked from the terminal');
    const seen = await eventually(() => (lastState().conversations.some((x) => x.id === c.id) ? lastState() : undefined), 'the new conversation in the view');
    assert.ok(posted.length > pushed);
    assert.deepEqual(seen.conversations.map((x) => x.title), ['asked from the terminal']);
    await send({ type: 'assistWatch', conversationId: c.id });
    await elsewhere.append(c.id, [{ role: 'user', kind: 'request', text: 'a follow-up from the terminal' }]);
    await eventually(() => (lastState().conversation?.messages.at(-1)?.text === 'a follow-up from the terminal' ? true : undefined), 'the new message in the shown conversation');
  });

  it('Start: the plan becomes 3 linked cards tagged with the conversation, runs through Run all, and the follow-up arrives', async () => {
    const c = (await askForPlan()).conversation!;
    const plan = c.messages[2];
    // The Demo agent asks before it writes its notes: the person allows each (after Assist said so).
    const asked: string[] = [];
    const stop = h.runtime.onApprovals((pending) => {
      for (const p of pending) {
        if (asked.includes(p.requestId)) continue;
        asked.push(p.requestId);
        setTimeout(() => void h.runtime.answerApproval(p.sessionId, p.requestId, { behavior: 'allow' }), 100);
      }
    });
    await send({ type: 'assistPlan', requestId: 'r2', conversationId: c.id, messageId: plan.id, action: 'start' });
    assert.equal(reply('r2').ok, true, reply('r2').error);
    const tasks = h.runtime.board.current.board.tasks;
    assert.deepEqual(tasks.map((t) => t.title), ['Change the code', 'Add a test', 'Update the README']);
    assert.ok(tasks.every((t) => t.fromAssist?.conversationId === c.id));
    assert.deepEqual(tasks[1].blockedBy, [tasks[0].id]);
    assert.deepEqual(runs.ran, [tasks.map((t) => t.id)], 'exactly the plan\'s tasks run');
    assert.equal(lastState().busy[0]?.stage, 'running');
    await desk.settled();
    stop();
    await controller.pushState();
    const after = lastState().conversation!;
    assert.equal(asked.length, 3);
    // Assist said when each run needed the user, then what became of the plan.
    assert.deepEqual(after.messages.map((m) => m.kind), ['request', 'reading', 'plan', 'started', 'followup', 'followup', 'followup', 'followup']);
    assert.deepEqual(after.messages.slice(4, 7).map((m) => m.text.replace(/^"(.*)" is waiting.*$/, '$1')).sort(), ['Add a test', 'Change the code', 'Update the README']);
    assert.match(after.messages[4].text, /is waiting for your approval \(Write\)\. Open its card to answer\.$/);
    // The two tasks after "Change the code" run in parallel: either may finish first.
    assert.match(after.messages[7].text, /^Done: "Change the code", ("Add a test" and "Update the README"|"Update the README" and "Add a test")\.$/);
    assert.ok(h.runtime.board.current.board.tasks.every((t) => t.agentStatus === 'done'), 'every card of the plan ran');
    // A second Start of the same plan is refused: it was answered.
    await send({ type: 'assistPlan', requestId: 'r3', conversationId: c.id, messageId: plan.id, action: 'start' });
    assert.match(reply('r3').error ?? '', /already answered/);
    assert.equal(h.runtime.board.current.board.tasks.length, 3);
    await send({ type: 'assistOpen', target: 'task', taskId: tasks[0].id });
    assert.deepEqual(opened, [`task ${tasks[0].id}`]);
  });

  it('Not now sets the plan aside with nothing created; Start while Run all runs is refused before anything is created', async () => {
    const c = (await askForPlan()).conversation!;
    runs.busy = true;
    await send({ type: 'assistPlan', requestId: 'r2', conversationId: c.id, messageId: c.messages[2].id, action: 'start' });
    assert.match(reply('r2').error ?? '', /Run all is already running/);
    assert.equal(h.runtime.board.current.board.tasks.length, 0);
    await send({ type: 'assistPlan', requestId: 'r3', conversationId: c.id, messageId: c.messages[2].id, action: 'notNow' });
    assert.equal(reply('r3').ok, true);
    assert.deepEqual(lastState().conversation!.messages.map((m) => m.kind), ['request', 'reading', 'plan', 'answer']);
    assert.match(lastState().conversation!.messages[3].text, /^Not now: nothing was created/);
    assert.equal(h.runtime.board.current.board.tasks.length, 0);
    assert.deepEqual(runs.ran, []);
  });

  it('refuses clearly: an empty request, a restricted workspace, an unknown conversation', async () => {
    await send({ type: 'assistAsk', requestId: 'e1', conversationId: null, text: '   ' });
    assert.match(reply('e1').error ?? '', /Write what you want/);
    await send({ type: 'assistAsk', requestId: 'e2', conversationId: 'a_nope', text: 'hello' });
    assert.match(reply('e2').error ?? '', /no Assist conversation "a_nope"/);
    folder.trusted = false;
    await send({ type: 'assistAsk', requestId: 'e3', conversationId: null, text: 'hello' });
    assert.match(reply('e3').error ?? '', /trusted workspace/);
    assert.throws(() => readdirSync(join(h.root, '.viban', 'assist')), /ENOENT/, 'no conversation was written');
  });

  it('a second view of the same window sees the same conversation and its progress', async () => {
    const c = (await askForPlan()).conversation!;
    const other: ToWebview[] = [];
    const second = new AssistController({ post: (m) => other.push(m), runtimes: folder, assist: { desk, showTask: async () => {}, openInEditor: async () => {} } });
    await second.assistWatch({ type: 'assistWatch', conversationId: c.id });
    const seen = other.filter((m) => m.type === 'assist').pop() as Extract<ToWebview, { type: 'assist' }>;
    assert.deepEqual(seen.state.conversation?.messages.map((m) => m.id), c.messages.map((m) => m.id));
    second.dispose();
  });
});
