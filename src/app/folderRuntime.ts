// Everything that lives per workspace folder: its board, its sessions on disk, and the manager
// that runs agents there. The VS Code adapters and the `viban` command both build one of these.
import { BoardService } from '../board/boardService';
import { BoardStore, type BoardStoreOptions } from '../store/boardStore';
import type { ExecutorRegistry } from '../executors/registry';
import type { StoreProblem } from '../protocol/messages';
import type { Redactor } from '../secrets/redactor';
import { SessionManager, type ColumnFlow } from '../sessions/sessionManager';
import { SessionStore } from '../store/sessions/sessionStore';
import { reparseRawEntries } from '../sessions/reparse';
import type { LogEntry } from '../protocol/logEntries';
import { TaskReview, type ReviewOptions } from '../review/taskReview';
import { RunQueue, type RunQueueOptions } from '../queue/runQueue';
import type { ApprovalDecision } from '../executors/types';
import type { PendingApproval } from '../protocol/sessions';
import { SharedApprovals, sendApprovalAnswer, watchPendingElsewhere } from '../store/sessions/approvalRequests';

type SessionManagerDeps = ConstructorParameters<typeof SessionManager>[0];
import { Automation } from '../automation/automation';
import type { StageRun } from '../protocol/automation';

export interface FolderRuntimeOptions {
  onProblem?: (p: StoreProblem) => void;
  /** Extra environment for agent runs (tests point agents at a local model server this way). */
  env?: Record<string, string>;
  /** Act on stop requests from other processes (default true). */
  acceptStopRequests?: boolean;
  /** Worktree location, accepted column… for the review loop. */
  review?: ReviewOptions;
  /** Column flow for runs (see SessionManager). */
  flow?: () => ColumnFlow;
  /** MCP servers agent runs get (see SessionManager: `viban mcp` when viban.mcp.exposeToAgents). */
  agentMcp?: SessionManagerDeps['agentMcp'];
  /**
   * Open the durable queue and run its jobs here (the VS Code window). Left out, this process
   * runs nothing it did not start itself (a `viban` command must not pick up a window's work).
   */
  queue?: RunQueueOptions;
  /** A worker: publish this process's open approval questions and take answers from other processes. */
  shareApprovals?: boolean;
  /** A viewer (a window): show the questions runs in other processes ask, and answer them through the store. */
  approvalsElsewhere?: boolean;
  /** What to do with a board.json that cannot be used (see BoardStoreOptions); the editor's way by default. */
  brokenBoard?: BoardStoreOptions['brokenBoard'];
  /** Stage automation's notifications (auto_notify done, a run failed). */
  notifyStageRun?: (run: StageRun, message: string) => void;
  /** Watch recipes.json for hand edits (default true). */
  watchRecipes?: boolean;
}

export class FolderRuntime {
  readonly board: BoardService;
  readonly store: SessionStore;
  readonly sessions: SessionManager;
  readonly review: TaskReview;
  /** The durable queue and the task conversations; undefined unless opened with `queue`. */
  runQueue: RunQueue | undefined;
  private shared: SharedApprovals | undefined;
  private elsewhere: PendingApproval[] = [];
  private stopElsewhere: (() => void) | undefined;
  private readonly approvalListeners = new Set<(pending: PendingApproval[]) => void>();
  /** Stage automation: recipes, skills, stage runs and the card history. */
  readonly automation: Automation;

  private constructor(readonly root: string, readonly executors: ExecutorRegistry, private readonly redactor: Redactor, private readonly opts: FolderRuntimeOptions) {
    // The board's store masks card text with this redactor (it knows keys from SecretStorage too).
    this.board = new BoardService(root, new BoardStore({ root, redactor, brokenBoard: opts.brokenBoard }));
    this.store = new SessionStore(root, redactor, opts.onProblem);
    this.sessions = new SessionManager({ root, board: this.board, executors, store: this.store, env: opts.env, acceptStopRequests: opts.acceptStopRequests, flow: opts.flow, agentMcp: opts.agentMcp });
    this.review = new TaskReview(root, this.board, this.store, { env: opts.env, ...opts.review });
    if (opts.shareApprovals) {
      const shared = (this.shared = new SharedApprovals(root, { answer: (sid, rid, d) => this.sessions.answerApproval(sid, rid, d) }));
      this.sessions.on({ approvals: (pending) => void shared.publish(pending) });
    }
    this.sessions.on({ approvals: () => this.emitApprovals() });
    if (opts.approvalsElsewhere) {
      this.stopElsewhere = watchPendingElsewhere(root, (pending) => {
        this.elsewhere = pending;
        this.emitApprovals();
      });
    }
    this.automation = new Automation({
      root,
      board: this.board,
      executors,
      launcher: () => this.runQueue,
      readLog: (id) => this.store.readLog(id),
      stopSession: (id) => this.sessions.stop(id),
      env: opts.env,
      notify: opts.notifyStageRun,
      onProblem: (message) => opts.onProblem?.({ kind: 'io', message: redactor.redact(message) }),
      watch: opts.watchRecipes,
    });
    const patched = new Set<string>();
    this.sessions.on({
      session: (meta) => {
        // API agents may answer with a unified diff: apply it once their run has succeeded.
        if (meta.status !== 'succeeded' || executors.get(meta.executorId)?.kind !== 'api' || patched.has(meta.id)) return;
        patched.add(meta.id);
        void this.review.applyPatchFromAnswer(meta).catch(() => undefined);
      },
    });
  }

  /** Opens the board and marks sessions a dead process left running as interrupted. */
  static async open(root: string, executors: ExecutorRegistry, redactor: Redactor, opts: FolderRuntimeOptions = {}): Promise<FolderRuntime> {
    const runtime = new FolderRuntime(root, executors, redactor, opts);
    await runtime.board.open();
    await runtime.sessions.recover();
    if (opts.queue) {
      try {
        await runtime.openQueue(opts.queue);
      } catch (err) {
        await runtime.dispose();
        throw err;
      }
    }
    await runtime.automation.open();
    return runtime;
  }

  /**
   * The last `count` log entries before `beforeSeq`, as a view should show them: raw lines that
   * today's parser for the session's executor understands are shown parsed. Every entry emitted
   * before the call is included (a view subscribes to live entries, then asks for the tail).
   */
  async replayTail(sessionId: string, count: number, beforeSeq?: number): Promise<{ entries: LogEntry[]; hasOlder: boolean }> {
    // Everything already sent live must be in the file, or a view joining now would miss it.
    await this.sessions.logSettled(sessionId);
    const [tail, meta] = await Promise.all([this.store.readTail(sessionId, count, beforeSeq), this.store.get(sessionId)]);
    const executor = meta && this.executors.get(meta.executorId);
    const normalizer = executor?.createNormalizer ? () => executor.createNormalizer!() : undefined;
    return { ...tail, entries: reparseRawEntries(tail.entries, normalizer) };
  }

  /** Opens the durable queue here if it is not open yet (a command that queues or rescues). */
  async openQueue(queue: RunQueueOptions): Promise<RunQueue> {
    this.runQueue ??= await RunQueue.open({ root: this.root, board: this.board, sessions: this.sessions, store: this.store, redactor: this.redactor, onProblem: this.opts.onProblem }, queue);
    return this.runQueue;
  }

  /** Open approval questions: of runs here, and (for a viewer) of runs in other processes. */
  pendingApprovals(): PendingApproval[] {
    const here = this.sessions.approvals.pending();
    const seen = new Set(here.map((a) => `${a.sessionId}\u0000${a.requestId}`));
    return [...here, ...this.elsewhere.filter((a) => !seen.has(`${a.sessionId}\u0000${a.requestId}`))];
  }

  onApprovals(listener: (pending: PendingApproval[]) => void): () => void {
    this.approvalListeners.add(listener);
    return () => this.approvalListeners.delete(listener);
  }

  /** Answers a question wherever its run is: here directly, elsewhere through the store. */
  async answerApproval(sessionId: string, requestId: string, decision: ApprovalDecision): Promise<void> {
    if (this.sessions.approvals.pending(sessionId).some((a) => a.requestId === requestId)) return this.sessions.answerApproval(sessionId, requestId, decision);
    if (!this.elsewhere.some((a) => a.sessionId === sessionId && a.requestId === requestId)) throw new Error('That approval was already answered or the session has ended.');
    await sendApprovalAnswer(this.root, sessionId, requestId, decision);
    // Shown as answered at once; the worker's next publication confirms it.
    this.elsewhere = this.elsewhere.filter((a) => !(a.sessionId === sessionId && a.requestId === requestId));
    this.emitApprovals();
  }

  private emitApprovals(): void {
    const pending = this.pendingApprovals();
    for (const l of this.approvalListeners) l(pending);
  }

  /** The queue, or a clear error where this process does not run one. */
  requireQueue(): RunQueue {
    if (!this.runQueue) throw new Error('The job queue is not open in this process.');
    return this.runQueue;
  }

  async dispose(): Promise<void> {
    // Stage runs first: their steps are queue jobs, and an ended stage run must say so on disk.
    await this.automation.dispose().catch(() => undefined);
    // The queue first: it stops its runs and records them interrupted while it can still write.
    await this.runQueue?.dispose().catch((err) => this.opts.onProblem?.({ kind: 'io', message: this.redactor.redact(String(err)) }));
    await this.sessions.dispose();
    this.stopElsewhere?.();
    await this.shared?.dispose();
    this.board.dispose();
  }
}
