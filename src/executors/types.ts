// One interface for local agent CLIs and API providers (DESIGN §4).
import type { LogEntry, Usage } from '../protocol/logEntries';

export type ExecutorKind = 'cli' | 'api';

export interface ExecutorCapabilities {
  /** Token-level (or at least incremental) output. */
  streaming: boolean;
  /** Can continue the agent's own session later (follow-up). */
  resume: boolean;
  /** Accepts more user input on stdin while it runs. */
  interactiveInput: boolean;
  /** Can ask the host to approve a tool use. */
  approvals: boolean;
  /** Reports cost in USD. */
  cost: boolean;
}

/** What a person should read about whether an executor can be used, and what to do if not. */
export interface DetectResult {
  installed: boolean;
  version?: string;
  /** undefined when the CLI cannot tell without running a model call. */
  loggedIn?: boolean;
  /** Actionable reason when not usable: "`codex` not found on PATH — install @openai/codex". */
  reason?: string;
  /** Resolved executable path, when installed. */
  path?: string;
}

/** User-facing permission choices, mapped per executor. */
export type PermissionMode = 'ask' | 'auto-edit' | 'plan' | 'full-auto';

export interface RunRequest {
  prompt: string;
  /** Folder the agent works in. */
  cwd: string;
  /** The agent's own session id to resume (follow-up), if any. */
  resumeSessionId?: string;
  model?: string;
  permissionMode?: PermissionMode;
  maxTurns?: number;
  /** Extra environment on top of process.env (the agent inherits the environment). */
  env?: Record<string, string>;
}

export type ApprovalDecision =
  | { behavior: 'allow'; always?: boolean; updatedInput?: unknown }
  | { behavior: 'deny'; message?: string };

/** Where a running executor sends what it produces. */
export interface RunSink {
  /** Normalized entries, in order. */
  entry(entry: LogEntry): void;
  /** The agent's own session id as soon as it is known (for resume). */
  agentSessionId(id: string): void;
  /** The agent asks to use a tool; resolve with the user's decision. */
  requestApproval(req: { requestId: string; toolName: string; input: unknown }): Promise<ApprovalDecision>;
  /** The process id once spawned (CLI executors). */
  pid?(pid: number): void;
}

export interface RunOutcome {
  status: 'succeeded' | 'failed' | 'stopped';
  exitCode?: number | null;
  /** Human-readable reason when failed. */
  error?: string;
  agentSessionId?: string;
  costUsd?: number;
  usage?: Usage;
  numTurns?: number;
  durationMs?: number;
}

/** A running executor that can take more user input (Claude Code with stream-json input). */
export interface LiveInput {
  send(text: string): void;
}

export interface Executor {
  readonly id: string;
  readonly label: string;
  readonly kind: ExecutorKind;
  readonly capabilities: ExecutorCapabilities;
  detect(): Promise<DetectResult>;
  run(request: RunRequest, sink: RunSink, signal: AbortSignal, input?: (live: LiveInput) => void): Promise<RunOutcome>;
}
