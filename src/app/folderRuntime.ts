// Everything that lives per workspace folder: its board, its sessions on disk, and the manager
// that runs agents there. The VS Code adapters and the `viban` command both build one of these.
import { BoardService } from '../board/boardService';
import { BoardStore, type BoardStoreOptions } from '../store/boardStore';
import type { ExecutorRegistry } from '../executors/registry';
import type { StoreProblem } from '../protocol/messages';
import type { Redactor } from '../secrets/redactor';
import { SessionManager, type ColumnFlow } from '../sessions/sessionManager';
import { SessionStore } from '../sessions/sessionStore';
import { reparseRawEntries } from '../sessions/reparse';
import type { LogEntry } from '../protocol/logEntries';
import { CliExecutor } from '../executors/cliExecutor';
import { TaskReview, type ReviewOptions } from '../review/taskReview';
import { RunQueue, type RunQueueOptions } from '../queue/runQueue';

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
  /**
   * Open the durable queue and run its jobs here (the VS Code window). Left out, this process
   * runs nothing it did not start itself (a `viban` command must not pick up a window's work).
   */
  queue?: RunQueueOptions;
  /** What to do with a board.json that cannot be used (see BoardStoreOptions); the editor's way by default. */
  brokenBoard?: BoardStoreOptions['brokenBoard'];
}

export class FolderRuntime {
  readonly board: BoardService;
  readonly store: SessionStore;
  readonly sessions: SessionManager;
  readonly review: TaskReview;
  /** The durable queue and the task conversations; undefined unless opened with `queue`. */
  runQueue: RunQueue | undefined;

  private constructor(readonly root: string, private readonly executors: ExecutorRegistry, private readonly redactor: Redactor, private readonly opts: FolderRuntimeOptions) {
    // The board's store masks card text with this redactor (it knows keys from SecretStorage too).
    this.board = new BoardService(root, new BoardStore({ root, redactor, brokenBoard: opts.brokenBoard }));
    this.store = new SessionStore(root, redactor, opts.onProblem);
    this.sessions = new SessionManager({ root, board: this.board, executors, store: this.store, env: opts.env, acceptStopRequests: opts.acceptStopRequests, flow: opts.flow });
    this.review = new TaskReview(root, this.board, this.store, { env: opts.env, ...opts.review });
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
        runtime.runQueue = await RunQueue.open(
          { root, board: runtime.board, sessions: runtime.sessions, store: runtime.store, redactor, onProblem: opts.onProblem },
          opts.queue,
        );
      } catch (err) {
        await runtime.dispose();
        throw err;
      }
    }
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
    const normalizer = executor instanceof CliExecutor ? () => executor.adapter.createNormalizer() : undefined;
    return { ...tail, entries: reparseRawEntries(tail.entries, normalizer) };
  }

  /** Stops every agent this process runs here (graceful, then forced) and releases watchers. */
  /** The queue, or a clear error where this process does not run one. */
  requireQueue(): RunQueue {
    if (!this.runQueue) throw new Error('The job queue is not open in this process.');
    return this.runQueue;
  }

  async dispose(): Promise<void> {
    // The queue first: it stops its runs and records them interrupted while it can still write.
    await this.runQueue?.dispose().catch((err) => this.opts.onProblem?.({ kind: 'io', message: this.redactor.redact(String(err)) }));
    await this.sessions.dispose();
    this.board.dispose();
  }
}
