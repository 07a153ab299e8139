// What SessionManager is asked (StartOptions, the column flow) and what it tells its listeners
// (SessionEvents): the contract the VS Code adapters, the queue and the `viban` command share.
import type { BoardService } from '../board/boardService';
import type { ExecutorRegistry } from '../executors/registry';
import type { AgentMcpServer, Executor, PermissionMode } from '../executors/types';
import type { SessionStore } from '../store/sessions/sessionStore';
import type { LogEntry } from '../protocol/logEntries';
import type { PendingApproval, SessionMeta } from '../protocol/sessions';
import type { CardStatus } from './taskStatus';

export interface StartOptions {
  /** The session id reserved when the run was queued (`viban run --detach` printed it). */
  sessionId?: string;
  /** False: leave the card where it is (a stage run's step: the stage's recipe decides where it goes). */
  columnFlow?: boolean;
  taskId: string;
  executorId: string;
  /** Defaults to the task's title and description. */
  prompt?: string;
  permissionMode?: PermissionMode;
  model?: string;
  /** Continue this earlier session's agent conversation (follow-up). */
  resumeFrom?: SessionMeta;
  /** Folder the agent works in; defaults to the workspace root. */
  cwd?: string;
  /** Run this executor instance instead of the registry's (an interactive terminal run). */
  executor?: Executor;
  /** Stop the run after this long and fail it with "timed out after …". */
  timeoutMs?: number;
  /** What the card says while the run starts (default "Starting <agent>…"). */
  startingMessage?: string;
  /** The git worktree this run works in (recorded on the task for review). */
  worktree?: { path: string; branch: string; base: string };
}

/** Where a card goes when its run starts / succeeds (column ids; a missing column is ignored). */
export interface ColumnFlow {
  runStarted?: string;
  runSucceeded?: string;
}

export interface SessionEvents {
  entries(sessionId: string, entries: LogEntry[]): void;
  session(meta: SessionMeta): void;
  approvals(pending: PendingApproval[]): void;
  /**
   * What a running task's card says now ("Running npm test"): a live push to the views, not a
   * board write — board.json changes only when a run starts or ends (issue #10).
   */
  cardStatus(taskId: string, status: CardStatus): void;
}

/** What a SessionManager works with. */
export interface SessionManagerDeps {
  root: string;
  board: BoardService;
  executors: ExecutorRegistry;
  store: SessionStore;
  now?: () => Date;
  /** Extra environment for every agent run (the agent inherits process.env as well). */
  env?: Record<string, string>;
  /** Act on another process's stop request (`viban stop`). Default true. */
  acceptStopRequests?: boolean;
  /**
   * MCP servers agent CLIs get for a run (`viban mcp`, setting viban.mcp.exposeToAgents);
   * absent or undefined: none. A failure here never stops the run, it only goes without.
   */
  agentMcp?: (run: { sessionId: string; permissionMode?: PermissionMode }) => Promise<AgentMcpServer[] | undefined>;
  /** Columns cards move to as runs go (setting `viban.columnFlow`); absent: cards stay put. */
  flow?: () => ColumnFlow;
}
