// The task-graph half of the webview controller on a real folder (real board.json): links from the
// card's picker, a cycle refused with the cycle named and nothing saved, the tier, and Run all /
// Stop all handed to the window's graph runs, whose state is pushed to the webview.
import { strict as assert } from 'node:assert';
import type { FolderRuntime } from '../../../src/app/folderRuntime';
import { GraphController, type GraphRuns } from '../../../src/controllers/graphController';
import { MessageRouter, type HandlerTable } from '../../../src/controllers/router';
import type { FromWebview, ToWebview } from '../../../src/protocol/messages';
import { GatedExecutor, openHarness, type Harness } from '../queue/runQueue/runQueueHarness';
import { OneFolder, RecordingLog } from './controllerHarness';

class RecordingGraphs implements GraphRuns {
  readonly calls: string[] = [];
  running = false;
  private readonly listeners = new Set<(root: string) => unknown>();
  async runAll(runtime: FolderRuntime, columnId?: string) {
    this.calls.push(`runAll ${runtime.root} ${columnId ?? '(all)'}`);
    this.running = true;
    this.listeners.forEach((l) => l(runtime.root));
  }
  async stopAll(runtime: FolderRuntime) {
    this.calls.push('stopAll');
    this.running = false;
    this.listeners.forEach((l) => l(runtime.root));
    return true;
  }
  state() {
    return this.running ? { running: true, text: 'Running all: 0 of 2 finished' } : { running: false };
  }
  onDidChange(listener: (root: string) => unknown) {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }
}

describe('graph controller (webview → board.json and Run all)', function () {
  this.timeout(30_000);
  let h: Harness;
  let posted: ToWebview[];
  let graphs: RecordingGraphs;
  let controller: GraphController;
  let send: (m: FromWebview) => Promise<void>;
  beforeEach(async () => {
    h = await openHarness([new GatedExecutor('scripted')]);
    posted = [];
    graphs = new RecordingGraphs();
    controller = new GraphController({ post: (m) => posted.push(m), runtimes: new OneFolder(h), graphs });
    // Only graphAction is routed here; the other handlers are the board's (tested elsewhere).
    const table = new Proxy({ graphAction: controller.graphAction } as Partial<HandlerTable>, { get: (t, k) => (t as Record<string, unknown>)[k as string] ?? (() => undefined) }) as HandlerTable;
    const router = new MessageRouter(table, { post: (m) => posted.push(m), log: new RecordingLog(), showError: () => undefined, name: 'test' });
    send = (m) => router.dispatch(m);
  });
  afterEach(async () => {
    controller.dispose();
    await h.close();
  });

  const reply = (id: string) => posted.find((m): m is Extract<ToWebview, { type: 'reply' }> => m.type === 'reply' && m.inReplyTo === id)!;
  const task = (id: string) => h.runtime.board.current.board.tasks.find((t) => t.id === id)!;

  it('links and unlinks; a cycle is refused with the cycle named, and nothing is saved', async () => {
    const a = await h.runtime.board.createTask({ title: 'Write migration' });
    const b = await h.runtime.board.createTask({ title: 'Add API route' });
    await send({ type: 'graphAction', requestId: 'r1', action: 'link', taskId: b, otherId: a });
    assert.equal(reply('r1').ok, true);
    assert.deepEqual(task(b).blockedBy, [a]);

    await send({ type: 'graphAction', requestId: 'r2', action: 'link', taskId: a, otherId: b });
    assert.equal(reply('r2').ok, false);
    assert.match(reply('r2').error ?? '', /That link would make a cycle: .*(Write migration|Add API route) → .* → .*/);
    assert.deepEqual(task(a).blockedBy ?? [], []);

    await send({ type: 'graphAction', requestId: 'r3', action: 'unlink', taskId: b, otherId: a });
    assert.equal(reply('r3').ok, true);
    assert.deepEqual(task(b).blockedBy ?? [], []);

    await send({ type: 'graphAction', requestId: 'r4', action: 'link', taskId: b });
    assert.equal(reply('r4').error, 'link needs the task it waits for.');
  });

  it('sets the tier', async () => {
    const a = await h.runtime.board.createTask({ title: 'Write migration' });
    await send({ type: 'graphAction', requestId: 'r1', action: 'setTier', taskId: a, tier: 'C' });
    assert.equal(reply('r1').ok, true);
    assert.equal(task(a).tier, 'C');
  });

  it('hands Run all and Stop all to the window graph runs and pushes their state', async () => {
    await send({ type: 'graphAction', requestId: 'r1', action: 'runAll', columnId: 'todo' });
    assert.equal(reply('r1').ok, true);
    await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(posted.filter((m) => m.type === 'graphRun').at(-1), { type: 'graphRun', running: true, text: 'Running all: 0 of 2 finished' });
    await send({ type: 'graphAction', requestId: 'r2', action: 'stopAll' });
    await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(graphs.calls, [`runAll ${h.root} todo`, 'stopAll']);
    assert.deepEqual(posted.filter((m) => m.type === 'graphRun').at(-1), { type: 'graphRun', running: false });
  });

  it('without the window graph runs, Run all is refused with a clear error', async () => {
    const bare = new GraphController({ post: (m) => posted.push(m), runtimes: new OneFolder(h) });
    await assert.rejects(() => Promise.resolve(bare.graphAction({ type: 'graphAction', requestId: 'x', action: 'runAll' })), /Run all is not available in this view/);
    bare.dispose();
  });
});
