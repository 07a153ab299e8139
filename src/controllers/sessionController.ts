// The session half of a board webview: runs, approvals, follow-ups, the queue and the live log.
// Log entries are batched by EntryBatcher (one post per ~16 ms window), never one post per token.
import type { FromWebview, ToWebview } from '../protocol/messages';
import type { QueueSnapshot } from '../protocol/queue';
import type { LogEntry } from '../protocol/logEntries';
import type { FolderRuntime } from '../app/folderRuntime';
import { EntryBatcher } from '../sessions/entryBatcher';
import { stopAnywhere } from '../sessions/crossProcess/remoteStop';
import { followSessionLog } from '../sessions/crossProcess/logFollower';
import { isLive } from '../protocol/sessions';
import type { CardStatus } from '../sessions/taskStatus';
import { watchWorkerCards } from '../workers/workerCards';
import type { AgentStatus } from '../protocol/model';
import type { ExecutorList, HostSettings, Runtimes, SessionActions } from './ports';
import type { ReplyFields } from './router';

type Msg<T extends FromWebview['type']> = Extract<FromWebview, { type: T }>;

/** A card status after which a worker's run is over (board.json holds it from then on). */
const ENDED: ReadonlySet<AgentStatus> = new Set<AgentStatus>(['idle', 'done', 'error']);

export interface SessionControllerDeps {
  post(message: ToWebview): void;
  runtimes: Runtimes;
  catalog: ExecutorList;
  actions: SessionActions;
  settings: HostSettings;
}

export class SessionController {
  private watchedTask: string | null = null;
  /** Follows the watched task's conversation file: replies a background worker writes reach the view. */
  private stopConversationWatch: (() => void) | undefined;
  private readonly open = new Set<string>();
  private readonly batcher = new EntryBatcher((id, entries) => this.flushSession(id, entries));
  /** Highest seq already sent per open session: live entries at or below it came with the tail. */
  private readonly sentUpTo = new Map<string, number>();
  /**
   * Live entries of sessions whose tail is being read. Posted as an append before the tail's
   * reset, they would be wiped by it (and missing from a tail read before they were written), so
   * they wait for the tail and then go out filtered by its last seq.
   */
  private readonly heldWhileOpening = new Map<string, LogEntry[]>();
  private readonly unsubscribers: Array<() => void> = [];
  /** Sessions open in the view that another process (a background worker) runs: their log files followed. */
  private readonly followers = new Map<string, () => void>();
  /** The watched task's last session as the board last said, to notice a worker starting a new one. */
  private watchedLastSession: string | undefined;
  private readonly disposables: Array<{ dispose(): unknown }> = [];
  /** Live workers per folder, as the workers folder last said (for the "No worker" banner). */
  private readonly liveWorkers = new Map<FolderRuntime, number>();
  private lastWorkersPost = '';
  /**
   * What background workers' agents are doing now, per folder and task: pushed as it changes, and
   * again when the view (re)loads — a window opened mid-run heard the first word before its view
   * was there. Ended runs drop out: their last word is in board.json.
   */
  private readonly workerCards = new Map<FolderRuntime, Map<string, CardStatus>>();

  private readonly post: (m: ToWebview) => void;
  private readonly runtimes: Runtimes;

  constructor(private readonly deps: SessionControllerDeps) {
    this.post = deps.post;
    this.runtimes = deps.runtimes;
    const runtimes = deps.runtimes;
    runtimes.openRuntimes.forEach((r) => this.subscribe(r));
    this.disposables.push(runtimes.onDidOpenRuntime((r) => this.subscribe(r)));
  }

  private subscribe(runtime: FolderRuntime): void {
    this.unsubscribers.push(
      runtime.sessions.on({
        entries: (id, entries) => this.queue(id, entries),
        session: (meta) => {
          if (meta.taskId === this.watchedTask) this.post({ type: 'sessionUpdated', session: meta });
        },
        cardStatus: (taskId, status) => void this.postCardStatusIfActive(runtime, taskId, status),
      }),
      // Questions of runs here and of runs in background workers, answered through the store.
      runtime.onApprovals(() => this.postApprovals()),
      runtime.board.onDidChange((state) => void this.noticeNewSession(runtime, state.board.tasks)),
      // Runs in background workers: their live status, pushed like this window's own runs' status,
      // and how many workers are alive.
      watchWorkerCards(runtime.root, (taskId, status) => this.noteWorkerCard(runtime, taskId, status), {
        onLive: (live) => {
          this.liveWorkers.set(runtime, live);
          void this.postWorkersIfActive(runtime);
        },
      }),
    );
    const rq = runtime.runQueue;
    if (!rq) return;
    this.unsubscribers.push(
      rq.onChange((snapshot) => {
        void this.postQueueIfActive(runtime, snapshot);
        void this.postWorkersIfActive(runtime);
      }),
      rq.conversation.onRecord((message) => {
        if (message.taskId === this.watchedTask) this.post({ type: 'conversationMessage', message });
      }),
    );
  }

  private async postQueueIfActive(runtime: FolderRuntime, snapshot: QueueSnapshot): Promise<void> {
    if ((await this.runtimes.activeRuntime().catch(() => undefined)) === runtime) this.post({ type: 'queue', snapshot });
  }

  /** The banner's inputs; posted when they change, and again with the executors on `ready`. */
  private async postWorkersIfActive(runtime: FolderRuntime, force = false): Promise<void> {
    const live = this.liveWorkers.get(runtime);
    // Window mode runs the queue here: no banner to drive, nothing to post.
    if (live === undefined || !this.deps.actions.workers?.background()) return;
    if ((await this.runtimes.activeRuntime().catch(() => undefined)) !== runtime) return;
    const message: ToWebview = { type: 'workers', background: true, live, queued: runtime.runQueue?.snapshot().counts.queued ?? 0 };
    const text = JSON.stringify(message);
    if (!force && text === this.lastWorkersPost) return;
    this.lastWorkersPost = text;
    this.post(message);
  }

  private noteWorkerCard(runtime: FolderRuntime, taskId: string, status: CardStatus): void {
    let cards = this.workerCards.get(runtime);
    if (!cards) this.workerCards.set(runtime, (cards = new Map()));
    if (ENDED.has(status.agentStatus)) cards.delete(taskId);
    else cards.set(taskId, status);
    void this.postCardStatusIfActive(runtime, taskId, status);
  }

  private async postCardStatusIfActive(runtime: FolderRuntime, taskId: string, status: CardStatus): Promise<void> {
    if ((await this.runtimes.activeRuntime().catch(() => undefined)) === runtime) this.post({ type: 'cardStatus', taskId, ...status });
  }

  private postApprovals(): void {
    this.post({ type: 'approvals', pending: this.runtimes.openRuntimes.flatMap((r) => r.pendingApprovals()) });
  }

  /** A worker started a session for the watched task: the view learns of it from the board. */
  private async noticeNewSession(runtime: FolderRuntime, tasks: ReadonlyArray<{ id: string; lastSessionId?: string }>): Promise<void> {
    const last = tasks.find((t) => t.id === this.watchedTask)?.lastSessionId;
    if (!this.watchedTask || !last || last === this.watchedLastSession) return;
    this.watchedLastSession = last;
    if ((await this.runtimes.activeRuntime().catch(() => undefined)) !== runtime) return;
    this.post({ type: 'sessions', taskId: this.watchedTask, sessions: await runtime.store.list({ taskId: this.watchedTask }) });
  }

  /** Follows the log of a session another process runs; entries go through the same batcher and seq filter. */
  private async follow(runtime: FolderRuntime, sessionId: string): Promise<void> {
    if (this.followers.has(sessionId) || runtime.sessions.running.some((m) => m.id === sessionId)) return;
    const meta = await runtime.store.get(sessionId);
    if (meta && !isLive(meta.status)) return;
    this.followers.set(sessionId, () => undefined);
    const stop = await followSessionLog(runtime.store, sessionId, {
      entries: (entries) => this.queue(sessionId, entries),
      meta: (m) => {
        if (m.taskId === this.watchedTask) this.post({ type: 'sessionUpdated', session: m });
      },
    });
    if (this.followers.has(sessionId)) this.followers.set(sessionId, stop);
    else stop();
  }

  private unfollow(sessionId: string): void {
    this.followers.get(sessionId)?.();
    this.followers.delete(sessionId);
  }

  private queue(sessionId: string, entries: LogEntry[]): void {
    const held = this.heldWhileOpening.get(sessionId);
    if (held) held.push(...entries);
    else if (this.open.has(sessionId)) this.batcher.push(sessionId, entries);
  }

  private flushSession(sessionId: string, all: LogEntry[]): void {
    const after = this.sentUpTo.get(sessionId) ?? -1;
    const entries = all.filter((e) => (e.seq ?? Infinity) > after);
    if (entries.length) this.post({ type: 'sessionLog', sessionId, entries, mode: 'append' });
  }

  private async runtime(): Promise<FolderRuntime> {
    const runtime = await this.runtimes.activeRuntime();
    if (!runtime) throw new Error('Open a folder to run agents.');
    return runtime;
  }

  detectExecutors = async () => this.sendExecutors(await this.runtime(), true);

  startRun = async (msg: Msg<'startRun'>): Promise<ReplyFields | void> => {
    const runtime = await this.runtime();
    this.requireTrust();
    const { actions, settings } = this.deps;
    if (msg.isolation === 'github') {
      if (!actions.remote) throw new Error('Remote runs are not available in this window.');
      // Nobody can answer "ask" on a runner: the card says so, and the run edits without asking.
      const permissionMode = msg.permissionMode === 'ask' ? 'auto-edit' : msg.permissionMode;
      await actions.remote.dispatch(runtime, { taskId: msg.taskId, executorId: msg.executorId, permissionMode, model: msg.model, baseBranch: msg.baseBranch });
      return;
    }
    const { cwd, worktree } = await runtime.review.prepareRun(msg.taskId, msg.isolation ?? 'workspace', msg.baseBranch);
    // Through the queue: it starts now when a slot is free, else waits its turn ("Queued #2").
    const queued = await runtime.requireQueue().startRun({
      taskId: msg.taskId,
      executorId: msg.executorId,
      permissionMode: msg.permissionMode,
      model: msg.model,
      cwd,
      worktree,
      timeoutMs: settings.runTimeoutMs(),
      requestId: msg.requestId,
    });
    return { jobId: queued.job.id, sessionId: queued.sessionId, position: queued.position };
  };

  /** Also works for a session a `viban` command or another window runs. */
  stopSession = async (msg: Msg<'stopSession'>) => {
    await stopAnywhere(await this.runtime(), msg.sessionId, { timeoutMs: 30_000 });
  };

  answerApproval = async (msg: Msg<'answerApproval'>) => {
    await (await this.runtime()).answerApproval(
      msg.sessionId,
      msg.approvalId,
      msg.decision === 'deny' ? { behavior: 'deny', message: msg.message?.trim() || 'The user denied this.' } : { behavior: 'allow', always: msg.decision === 'allow_always' },
    );
  };

  sendMessage = async (msg: Msg<'sendMessage'>): Promise<ReplyFields> => {
    const runtime = await this.runtime();
    this.requireTrust();
    const sent = await runtime.requireQueue().sendMessage({ taskId: msg.taskId, text: msg.text, requestId: msg.requestId });
    return { jobId: sent.job?.id, sessionId: sent.sessionId, position: sent.position };
  };

  loadConversation = async (msg: Msg<'loadConversation'>) => {
    const rq = (await this.runtime()).requireQueue();
    const page = await rq.conversation.load(msg.taskId, { before: msg.before, limit: msg.limit ?? 30 });
    this.post({ type: 'conversationPage', page, older: msg.before !== undefined });
  };

  queueCancel = async (msg: Msg<'queueCancel'>): Promise<ReplyFields> => ({ jobId: (await (await this.runtime()).requireQueue().cancel(msg.jobId)).id });

  queueRetry = async (msg: Msg<'queueRetry'>): Promise<ReplyFields> => {
    const queue = (await this.runtime()).requireQueue();
    this.requireTrust();
    const fallback = msg.taskId && msg.messageId ? { taskId: msg.taskId, messageId: msg.messageId } : undefined;
    const job = await queue.retry(msg.jobId, fallback);
    return { jobId: job.id, position: queue.snapshot().jobs.find((j) => j.id === job.id)?.position };
  };

  watchTask = async (msg: Msg<'watchTask'>) => {
    const runtime = await this.runtime();
    if (this.watchedTask !== msg.taskId) {
      this.stopConversationWatch?.();
      this.stopConversationWatch = undefined;
      const conversation = runtime.runQueue?.conversation;
      const taskId = msg.taskId;
      if (taskId && conversation) {
        this.stopConversationWatch = conversation.watchTask(taskId, (message) => {
          if (this.watchedTask === taskId) this.post({ type: 'conversationMessage', message });
        });
      }
    }
    this.watchedTask = msg.taskId;
    this.watchedLastSession = runtime.board.current.board.tasks.find((t) => t.id === msg.taskId)?.lastSessionId;
    if (msg.taskId) this.post({ type: 'sessions', taskId: msg.taskId, sessions: await runtime.store.list({ taskId: msg.taskId }) });
    this.postApprovals();
    if (runtime.runQueue) this.post({ type: 'queue', snapshot: runtime.runQueue.snapshot() });
  };

  openSession = async (msg: Msg<'openSession'>) => {
    const runtime = await this.runtime();
    this.open.add(msg.sessionId);
    await this.follow(runtime, msg.sessionId);
    const held: LogEntry[] = [];
    this.heldWhileOpening.set(msg.sessionId, held);
    try {
      await this.sendTail(runtime, msg.sessionId, Number.MAX_SAFE_INTEGER, msg.tail, 'reset');
    } finally {
      if (this.heldWhileOpening.get(msg.sessionId) === held) this.heldWhileOpening.delete(msg.sessionId);
      if (held.length && this.open.has(msg.sessionId)) this.batcher.push(msg.sessionId, held);
    }
  };

  loadOlder = async (msg: Msg<'loadOlder'>) => {
    await this.sendTail(await this.runtime(), msg.sessionId, msg.beforeSeq, msg.count, 'older');
  };

  closeSession = async (msg: Msg<'closeSession'>) => {
    await this.runtime();
    this.open.delete(msg.sessionId);
    this.sentUpTo.delete(msg.sessionId);
    this.heldWhileOpening.delete(msg.sessionId);
    this.unfollow(msg.sessionId);
  };

  openInTerminal = async (msg: Msg<'openInTerminal'>) => {
    const runtime = await this.runtime();
    this.requireTrust();
    await this.deps.actions.openInTerminal(runtime, msg.taskId, msg.executorId);
  };

  setSkipConfirmation = async (msg: Msg<'setSkipConfirmation'>) => {
    const runtime = await this.runtime();
    await this.deps.settings.setSkipConfirmation(msg.executorId, msg.skip);
    await this.sendExecutors(runtime, false);
  };

  cancelRemote = async (msg: Msg<'cancelRemote'>) => {
    await this.deps.actions.remote?.cancel(await this.runtime(), msg.taskId);
  };

  initRemote = async () => {
    const runtime = await this.runtime();
    this.requireTrust();
    await this.deps.actions.remote?.initWorkflow(runtime);
    await this.sendExecutors(runtime, false);
  };

  startWorker = async () => {
    const runtime = await this.runtime();
    this.requireTrust();
    if (!this.deps.actions.workers) throw new Error('Workers cannot be started from this view.');
    await this.deps.actions.workers.start(runtime);
  };

  async sendExecutors(runtime: FolderRuntime | undefined, refresh: boolean): Promise<void> {
    const executors = await this.deps.catalog.list(refresh);
    const git = await runtime?.review.gitContext().catch(() => undefined);
    const remote = await this.deps.actions.remote?.info(runtime).catch(() => undefined);
    this.post({ type: 'executors', executors, runConfig: { ...this.deps.settings.runConfig(runtime?.root, git), ...(remote && { remote }) } });
    // A (re)loaded view learns who runs the queue here too (the router sends executors on `ready`),
    // and what the workers' agents are doing now.
    if (runtime) {
      void this.postWorkersIfActive(runtime, true);
      for (const [taskId, status] of this.workerCards.get(runtime) ?? []) this.post({ type: 'cardStatus', taskId, ...status });
    }
  }

  /**
   * The last `count` entries before `beforeSeq`, read from the end of the file. Entries that
   * arrive live meanwhile are buffered by queue() and filtered by seq, so none is shown twice.
   */
  private async sendTail(runtime: FolderRuntime, sessionId: string, beforeSeq: number, count: number, mode: 'reset' | 'older'): Promise<void> {
    const { entries, hasOlder } = await runtime.replayTail(sessionId, count, beforeSeq);
    if (mode === 'reset') this.sentUpTo.set(sessionId, entries.length ? entries[entries.length - 1].seq ?? -1 : -1);
    this.post({ type: 'sessionLog', sessionId, entries, mode, hasOlder });
  }

  private requireTrust(): void {
    if (!this.runtimes.trusted) {
      throw new Error('This workspace is in Restricted Mode: Viban does not run agents until you trust it (Manage Workspace Trust).');
    }
  }

  dispose(): void {
    this.stopConversationWatch?.();
    for (const id of [...this.followers.keys()]) this.unfollow(id);
    this.batcher.dispose();
    this.unsubscribers.forEach((u) => u());
    this.disposables.forEach((d) => d.dispose());
  }
}
