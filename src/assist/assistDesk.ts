// Assist in the editor, one per window and shared by both Assist views (the sidebar and the wide
// editor tab): it asks the code advisor in the background (the same `ask` as `viban assist`),
// knows what Assist is doing in each conversation ("Reading the code…" with the files so far),
// starts a confirmed plan — its cards created and linked in one board write, then run through the
// window's Run all — and writes the follow-up into the conversation when the graph ends, a task
// fails, or a run waits for the user's approval. Host-neutral: the editor hands in its ports.
import type { FolderRuntime } from '../app/folderRuntime';
import type { Executor } from '../executors/types';
import type { GraphRunSummary } from '../graph';
import { MemoryRepository } from '../memory/memoryRepository';
import type { AssistConversation } from '../protocol/assist';
import type { AssistBusy, PlanCost } from '../protocol/assistMessages';
import { AssistConversationStore } from '../store/assist/assistConversationStore';
import { watchAssistConversations } from '../store/assist/assistSignals';
import type { TextRedactor } from '../store/textMasking';
import { ask, followUp, markForgotten, pendingPlan, startPlan, undoRemembered, type AssistDeps } from './assistant';
import { costRate, planCost } from './planCost';

/** Runs exactly a plan's tasks through the window's Run all (src/vscode/graphRunsHost.ts). */
export interface AssistRuns {
  /** Resolves once the run is planned, with its end. */
  runTasks(runtime: FolderRuntime, taskIds: string[]): Promise<{ done: Promise<GraphRunSummary> }>;
  running(runtime: FolderRuntime): boolean;
}

export interface AssistDeskDeps {
  redactor: TextRedactor;
  /** The code advisor for this folder (viban.assist.executor / assist.executor …); throws a clear error when there is none. */
  advisor(runtime: FolderRuntime): Promise<{ executor: Executor; model?: string }>;
  runs?: AssistRuns;
  onProblem?(message: string): void;
}

type Busy = AssistBusy & { root: string };

export class AssistDesk {
  private readonly busy = new Map<string, Busy>();
  private readonly stores = new Map<string, AssistConversationStore>();
  private readonly listeners = new Set<(root: string) => unknown>();
  /** Folders whose conversations on disk are watched, for how many views (see follow). */
  private readonly followed = new Map<string, { views: number; stop: () => void }>();
  /** Background work (asks, followed runs), so tests and disposal can wait for it. */
  private readonly work = new Set<Promise<unknown>>();

  constructor(private readonly deps: AssistDeskDeps) {}

  conversations(root: string): AssistConversationStore {
    let store = this.stores.get(root);
    if (!store) {
      store = new AssistConversationStore(root, this.deps.redactor, { onProblem: (p) => this.deps.onProblem?.(p.message) });
      this.stores.set(root, store);
    }
    return store;
  }

  /** Fires with the folder root whose conversations or activity changed. */
  onDidChange(listener: (root: string) => unknown): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /**
   * While a view shows this folder: a conversation written elsewhere (`viban assist` in a
   * terminal, another window) fires onDidChange too, so the view shows it live.
   */
  follow(root: string): { dispose(): void } {
    let f = this.followed.get(root);
    if (!f) {
      f = { views: 0, stop: watchAssistConversations(root, () => this.fire(root)) };
      this.followed.set(root, f);
    }
    f.views++;
    let disposed = false;
    return {
      dispose: () => {
        if (disposed) return;
        disposed = true;
        const current = this.followed.get(root);
        if (current && --current.views === 0) {
          current.stop();
          this.followed.delete(root);
        }
      },
    };
  }

  busyIn(root: string): AssistBusy[] {
    return [...this.busy.values()].filter((b) => b.root === root).map(({ root: _root, ...b }) => b);
  }

  /**
   * The user wrote `text`: recorded at once (a new conversation when `conversationId` is null),
   * then the advisor reads and plans in the background. Resolves with the conversation's id.
   */
  async ask(runtime: FolderRuntime, conversationId: string | null, text: string): Promise<string> {
    const request = text.trim();
    if (!request) throw new Error('Write what you want in plain words first.');
    if (conversationId && this.busy.has(conversationId)) throw new Error('Assist is still working on this conversation. Wait for its answer, or start a new conversation.');
    const { executor, model } = await this.deps.advisor(runtime);
    const store = this.conversations(runtime.root);
    const id = conversationId ?? (await store.create(request)).id;
    if (!(await store.get(id))) throw new Error(`There is no Assist conversation "${id}".`);
    const memory = this.memory(runtime.root);
    const deps: AssistDeps = {
      root: runtime.root,
      conversations: store,
      board: runtime.board,
      sessions: () => runtime.store.list(),
      memory: () => memory.list(),
      memoryRepository: memory,
      executor,
      ...(model && { model }),
    };
    const busy: Busy = { root: runtime.root, conversationId: id, stage: 'reading', files: [] };
    this.setBusy(busy);
    let recorded!: () => void;
    const inConversation = new Promise<void>((resolve) => (recorded = resolve));
    const asked = ask(deps, request, { conversationId: id, onRecorded: () => recorded(), onFileRead: (f) => this.setBusy({ ...busy, files: [...(this.busy.get(id)?.files ?? []), f] }) })
      // A failed ask is already in the conversation as its error message; the view shows it there.
      .catch((err) => this.deps.onProblem?.(`Assist: ${(err as Error).message}`))
      .finally(() => this.clearBusy(runtime.root, id));
    this.track(asked);
    // The view shows the question at once, and Assist's answer when it comes.
    await Promise.race([inConversation, asked]);
    return id;
  }

  /** Start: the plan message `messageId` (still waiting for an answer) becomes linked cards, run through Run all. */
  async start(runtime: FolderRuntime, conversationId: string, messageId: string): Promise<Record<string, string>> {
    const store = this.conversations(runtime.root);
    const plan = await this.waitingPlan(store, conversationId, messageId);
    const runs = this.deps.runs;
    if (!runs) throw new Error('Plans cannot run from here: Run all is not available in this window.');
    if (this.busy.has(conversationId)) throw new Error('Assist is still working on this conversation.');
    // Checked before anything is created: a plan is started entirely, or not at all.
    if (runs.running(runtime)) throw new Error("The board's Run all is already running. Wait for it to finish (or Stop all), then Start.");
    const busy: Busy = { root: runtime.root, conversationId, stage: 'starting', files: [] };
    this.setBusy(busy);
    const core = { conversations: store, board: runtime.board };
    let taskIds: Record<string, string>;
    try {
      taskIds = await startPlan(core, conversationId, plan);
    } catch (err) {
      this.clearBusy(runtime.root, conversationId);
      throw err;
    }
    let done: Promise<GraphRunSummary>;
    try {
      ({ done } = await runs.runTasks(runtime, Object.values(taskIds)));
    } catch (err) {
      await store.append(conversationId, [{ role: 'assistant', kind: 'error', text: `The cards are on the board, but they could not run: ${(err as Error).message}` }]);
      this.clearBusy(runtime.root, conversationId);
      throw err;
    }
    this.setBusy({ ...busy, stage: 'running' });
    const stopWatching = this.watchApprovals(runtime, conversationId, new Set(Object.values(taskIds)));
    this.track(
      done
        .then((summary) => followUp(core, conversationId, summary))
        .catch((err) => store.append(conversationId, [{ role: 'assistant', kind: 'error', text: `The plan's run ended with an error: ${(err as Error).message}` }]))
        .catch((err) => this.deps.onProblem?.(`Assist: ${(err as Error).message}`))
        .finally(() => {
          stopWatching();
          this.clearBusy(runtime.root, conversationId);
        }),
    );
    return taskIds;
  }

  /** Undo of "Remembered: …": the item leaves the memory, the message says it was forgotten. */
  async undoRemember(runtime: FolderRuntime, conversationId: string, messageId: string): Promise<void> {
    await undoRemembered({ root: runtime.root, conversations: this.conversations(runtime.root), memoryRepository: this.memory(runtime.root) }, conversationId, messageId);
    this.fire(runtime.root);
  }

  /**
   * The conversation as a view shows it: a remembered item no longer in memory.json (forgotten
   * with `viban memory forget` or in the Memory view) shows as forgotten, with no Undo to offer.
   * If the memory cannot be read cleanly, nothing is claimed forgotten.
   */
  async asShown(root: string, conversation: AssistConversation): Promise<AssistConversation> {
    if (!conversation.messages.some((m) => m.kind === 'remembered' && m.memoryId && !m.undone)) return conversation;
    const memory = this.memory(root);
    const items = await memory.list().catch(() => undefined);
    if (!items || memory.problems.length) return conversation;
    return markForgotten(conversation, new Set(items.map((i) => i.id)));
  }

  private memory(root: string): MemoryRepository {
    return new MemoryRepository(root, { redactor: this.deps.redactor });
  }

  /** Not now: the plan is set aside; nothing is created. */
  async notNow(runtime: FolderRuntime, conversationId: string, messageId: string): Promise<void> {
    const store = this.conversations(runtime.root);
    await this.waitingPlan(store, conversationId, messageId);
    await store.append(conversationId, [{ role: 'assistant', kind: 'answer', text: 'Not now: nothing was created. Ask again when you want it, or change the request.' }]);
    this.fire(runtime.root);
  }

  /** The cost estimate of each plan in the conversation, where one can honestly be made. */
  async costs(runtime: FolderRuntime, conversation: AssistConversation): Promise<Record<string, PlanCost>> {
    const plans = conversation.messages.filter((m) => m.kind === 'plan' && m.plan?.tasks.length);
    if (!plans.length) return {};
    const rate = costRate(await runtime.store.list());
    const out: Record<string, PlanCost> = {};
    for (const m of plans) {
      const cost = planCost(m.plan!, rate);
      if (cost) out[m.id] = cost;
    }
    return out;
  }

  /** Who plays the code advisor here, as the view names it — or why nobody can. */
  async advisorName(runtime: FolderRuntime): Promise<string> {
    try {
      const { executor, model } = await this.deps.advisor(runtime);
      return `${executor.label}${model ? ` (${model})` : ''}`;
    } catch (err) {
      return (err as Error).message;
    }
  }

  /** Resolves when every ask and followed run has ended (tests; shutdown). */
  async settled(): Promise<void> {
    while (this.work.size) await Promise.allSettled([...this.work]);
  }

  private async waitingPlan(store: AssistConversationStore, conversationId: string, messageId: string) {
    const c = await store.get(conversationId);
    if (!c) throw new Error(`There is no Assist conversation "${conversationId}".`);
    const pending = pendingPlan(c);
    if (!pending?.plan || pending.id !== messageId) throw new Error('This plan was already answered (started or set aside). Ask again for a new plan.');
    return pending.plan;
  }

  /** "Needs the user": a plan task's run waits for approval — said once per task in the conversation. */
  private watchApprovals(runtime: FolderRuntime, conversationId: string, taskIds: Set<string>): () => void {
    const told = new Set<string>();
    return runtime.onApprovals((pending) => {
      for (const p of pending) {
        if (!taskIds.has(p.taskId) || told.has(p.taskId)) continue;
        told.add(p.taskId);
        const title = runtime.board.current.board.tasks.find((t) => t.id === p.taskId)?.title ?? p.taskId;
        this.track(
          this.conversations(runtime.root)
            .append(conversationId, [{ role: 'assistant', kind: 'followup', text: `"${title}" is waiting for your approval (${p.toolName}). Open its card to answer.`, taskIds: { [p.taskId]: p.taskId } }])
            .then(() => this.fire(runtime.root))
            .catch((err) => this.deps.onProblem?.(`Assist: ${(err as Error).message}`)),
        );
      }
    });
  }

  private track(p: Promise<unknown>): void {
    this.work.add(p);
    void p.finally(() => this.work.delete(p));
  }

  private setBusy(b: Busy): void {
    this.busy.set(b.conversationId, b);
    this.fire(b.root);
  }

  private clearBusy(root: string, conversationId: string): void {
    this.busy.delete(conversationId);
    this.fire(root);
  }

  private fire(root: string): void {
    this.listeners.forEach((l) => l(root));
  }
}
