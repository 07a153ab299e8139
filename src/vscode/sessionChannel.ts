// The session half of a board webview: runs, approvals, follow-ups and the live log. Log entries
// are batched by EntryBatcher (one post per ~16 ms window), never one post per token.
import * as vscode from 'vscode';
import type { FromWebview, ToWebview } from '../protocol/messages';
import type { QueueSnapshot } from '../protocol/queue';
import type { LogEntry } from '../protocol/logEntries';
import type { FolderRuntime } from '../app/folderRuntime';
import { EntryBatcher } from '../sessions/entryBatcher';
import { stopAnywhere } from '../sessions/crossProcess/remoteStop';
import { followSessionLog } from '../sessions/crossProcess/logFollower';
import { isLive } from '../protocol/sessions';
import { runConfig, runTimeoutMs, setSkipConfirmation, type ExecutorCatalog } from './runSettings';
import type { CardStatus } from '../sessions/taskStatus';
import type { WorkspaceRuntimes } from './workspaceRuntimes';
import type { RemoteInfo } from '../protocol/remote';
import { watchWorkerCards } from '../workers/workerCards';
import { workerMode } from './backgroundWorker';

type SessionMessage = Extract<
  FromWebview,
  {
    type:
      | 'detectExecutors'
      | 'startRun'
      | 'stopSession'
      | 'answerApproval'
      | 'sendMessage'
      | 'watchTask'
      | 'openSession'
      | 'loadOlder'
      | 'closeSession'
      | 'openInTerminal'
      | 'setSkipConfirmation'
      | 'loadConversation'
      | 'queueCancel'
      | 'queueRetry'
      | 'cancelRemote'
      | 'initRemote'
      | 'startWorker';
  }
>;

const SESSION_TYPES = new Set<string>([
  'detectExecutors',
  'startRun',
  'stopSession',
  'answerApproval',
  'sendMessage',
  'watchTask',
  'openSession',
  'loadOlder',
  'closeSession',
  'openInTerminal',
  'setSkipConfirmation',
  'loadConversation',
  'queueCancel',
  'queueRetry',
  'cancelRemote',
  'initRemote',
  'startWorker',
]);

/** What a request's reply carries besides ok: the session that started, or the job and its place in line. */
export interface ChannelResult {
  sessionId?: string;
  jobId?: string;
  position?: number;
}

export const isSessionMessage = (m: FromWebview): m is SessionMessage => SESSION_TYPES.has(m.type);

export interface SessionActions {
  openInTerminal(runtime: FolderRuntime, taskId: string, executorId: string): Promise<void>;
  /** Runs on GitHub Actions (src/vscode/remoteRuns.ts); absent: the board does not offer them. */
  remote?: RemoteActions;
  /** Starts a background worker for the folder (src/vscode/backgroundWorker.ts). */
  startWorker?(runtime: FolderRuntime): Promise<void>;
}

export interface RemoteActions {
  info(runtime: FolderRuntime | undefined): Promise<RemoteInfo | undefined>;
  dispatch(runtime: FolderRuntime, opts: { taskId: string; executorId: string; permissionMode: string; model?: string; baseBranch?: string }): Promise<void>;
  cancel(runtime: FolderRuntime, taskId: string): Promise<void>;
  initWorkflow(runtime: FolderRuntime): Promise<boolean>;
}

export class SessionChannel implements vscode.Disposable {
  private watchedTask: string | null = null;
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
  private readonly disposables: vscode.Disposable[] = [];
  /** Live workers per folder, as the workers folder last said (for the "No worker" banner). */
  private readonly liveWorkers = new Map<FolderRuntime, number>();
  private lastWorkersPost = '';

  constructor(
    private readonly post: (m: ToWebview) => void,
    private readonly runtimes: WorkspaceRuntimes,
    private readonly catalog: ExecutorCatalog,
    private readonly actions: SessionActions,
  ) {
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
      // Runs in background workers: their live status, pushed like this window's own runs' status.
      watchWorkerCards(runtime.root, (taskId, status) => void this.postCardStatusIfActive(runtime, taskId, status), {
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
    if ((await this.runtimes.activeRuntime().catch(() => undefined)) !== runtime || this.liveWorkers.get(runtime) === undefined) return;
    const message: ToWebview = { type: 'workers', background: workerMode() === 'background', live: this.liveWorkers.get(runtime)!, queued: runtime.runQueue?.snapshot().counts.queued ?? 0 };
    const text = JSON.stringify(message);
    if (!force && text === this.lastWorkersPost) return;
    this.lastWorkersPost = text;
    this.post(message);
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

  /** Handles one message; returns the id of a session a request created, if any. */
  async handle(msg: SessionMessage): Promise<ChannelResult | void> {
    const runtime = await this.runtimes.activeRuntime();
    if (!runtime) throw new Error('Open a folder to run agents.');
    const sessions = runtime.sessions;
    switch (msg.type) {
      case 'detectExecutors':
        return this.sendExecutors(runtime, true);
      case 'startRun': {
        this.requireTrust();
        if (msg.isolation === 'github') {
          if (!this.actions.remote) throw new Error('Remote runs are not available in this window.');
          // Nobody can answer "ask" on a runner: the card says so, and the run edits without asking.
          const permissionMode = msg.permissionMode === 'ask' ? 'auto-edit' : msg.permissionMode;
          await this.actions.remote.dispatch(runtime, { taskId: msg.taskId, executorId: msg.executorId, permissionMode, model: msg.model, baseBranch: msg.baseBranch });
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
          timeoutMs: runTimeoutMs(),
          requestId: msg.requestId,
        });
        return { jobId: queued.job.id, sessionId: queued.sessionId, position: queued.position };
      }
      case 'stopSession':
        // Also works for a session a `viban` command or another window runs.
        await stopAnywhere(runtime, msg.sessionId, { timeoutMs: 30_000 });
        return;
      case 'answerApproval':
        await runtime.answerApproval(
          msg.sessionId,
          msg.approvalId,
          msg.decision === 'deny' ? { behavior: 'deny', message: msg.message?.trim() || 'The user denied this.' } : { behavior: 'allow', always: msg.decision === 'allow_always' },
        );
        return;
      case 'sendMessage': {
        this.requireTrust();
        const sent = await runtime.requireQueue().sendMessage({ taskId: msg.taskId, text: msg.text, requestId: msg.requestId });
        return { jobId: sent.job?.id, sessionId: sent.sessionId, position: sent.position };
      }
      case 'loadConversation': {
        const rq = runtime.requireQueue();
        const page = await rq.conversation.load(msg.taskId, { before: msg.before, limit: msg.limit ?? 30 });
        this.post({ type: 'conversationPage', page, older: msg.before !== undefined });
        return;
      }
      case 'queueCancel':
        return { jobId: (await runtime.requireQueue().cancel(msg.jobId)).id };
      case 'queueRetry': {
        this.requireTrust();
        const fallback = msg.taskId && msg.messageId ? { taskId: msg.taskId, messageId: msg.messageId } : undefined;
        const job = await runtime.requireQueue().retry(msg.jobId, fallback);
        return { jobId: job.id, position: runtime.requireQueue().snapshot().jobs.find((j) => j.id === job.id)?.position };
      }
      case 'watchTask':
        this.watchedTask = msg.taskId;
        this.watchedLastSession = runtime.board.current.board.tasks.find((t) => t.id === msg.taskId)?.lastSessionId;
        if (msg.taskId) this.post({ type: 'sessions', taskId: msg.taskId, sessions: await runtime.store.list({ taskId: msg.taskId }) });
        this.postApprovals();
        if (runtime.runQueue) this.post({ type: 'queue', snapshot: runtime.runQueue.snapshot() });
        return;
      case 'openSession': {
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
        return;
      }
      case 'loadOlder':
        await this.sendTail(runtime, msg.sessionId, msg.beforeSeq, msg.count, 'older');
        return;
      case 'closeSession':
        this.open.delete(msg.sessionId);
        this.sentUpTo.delete(msg.sessionId);
        this.heldWhileOpening.delete(msg.sessionId);
        this.unfollow(msg.sessionId);
        return;
      case 'openInTerminal':
        this.requireTrust();
        await this.actions.openInTerminal(runtime, msg.taskId, msg.executorId);
        return;
      case 'setSkipConfirmation':
        await setSkipConfirmation(msg.executorId, msg.skip);
        return this.sendExecutors(runtime, false);
      case 'cancelRemote':
        await this.actions.remote?.cancel(runtime, msg.taskId);
        return;
      case 'initRemote':
        this.requireTrust();
        await this.actions.remote?.initWorkflow(runtime);
        return this.sendExecutors(runtime, false);
      case 'startWorker':
        this.requireTrust();
        if (!this.actions.startWorker) throw new Error('Workers cannot be started from this view.');
        await this.actions.startWorker(runtime);
        return;
    }
  }

  async sendExecutors(runtime: FolderRuntime | undefined, refresh: boolean): Promise<void> {
    const executors = await this.catalog.list(refresh);
    const git = await runtime?.review.gitContext().catch(() => undefined);
    const remote = await this.actions.remote?.info(runtime).catch(() => undefined);
    this.post({ type: 'executors', executors, runConfig: { ...runConfig(runtime?.root, git), ...(remote && { remote }) } });
    // A (re)loaded view learns who runs the queue here too (the router sends executors on `ready`).
    if (runtime) void this.postWorkersIfActive(runtime, true);
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
    if (!vscode.workspace.isTrusted) {
      throw new Error('This workspace is in Restricted Mode: Viban does not run agents until you trust it (Manage Workspace Trust).');
    }
  }

  dispose(): void {
    for (const id of [...this.followers.keys()]) this.unfollow(id);
    this.batcher.dispose();
    this.unsubscribers.forEach((u) => u());
    this.disposables.forEach((d) => d.dispose());
  }
}
