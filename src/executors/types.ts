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
  /**
   * Earlier turns of this conversation, oldest first, for executors that keep no session of their
   * own (API executors): the session layer fills it from the task's earlier sessions on resume.
   */
  history?: ConversationTurn[];
  /**
   * MCP servers the agent gets for this run (Viban's own board server, `viban mcp`), configured
   * through each CLI's own mechanism; adapters without one ignore it.
   */
  mcpServers?: AgentMcpServer[];
  /**
   * Tools whose call IS the answer (Assist's `propose_plan`, `remember`), for executors that run
   * their own tool loop (API executors): offered next to the workspace tools, never asking
   * permission (they touch nothing), logged as tool_use entries with their input. CLI adapters
   * ignore them; their callers ask for the answer in the text instead.
   */
  answerTools?: AnswerTool[];
}

/** A tool the model calls to hand over (part of) its answer; see RunRequest.answerTools. */
export interface AnswerTool {
  name: string;
  description: string;
  /** JSON Schema of the input (an object). */
  inputSchema: { type: 'object'; [key: string]: unknown };
  /** The tool result the model gets back ("Plan received."). */
  reply: string;
  /** The run ends, succeeded, after the turn that called it (no further model request). */
  endsRun: boolean;
}

/** A stdio MCP server as every agent CLI's config describes one. */
export interface AgentMcpServer {
  name: string;
  command: string;
  args: string[];
  /** Set for the server process only (e.g. the session id that cards it creates record). */
  env: Record<string, string>;
  /** Tools the agent may call without asking in this run's permission mode (bare names). */
  allowedTools: string[];
}

/** One turn of an earlier conversation, as plain text. */
export interface ConversationTurn {
  role: 'user' | 'assistant';
  content: string;
}

export type ApprovalDecision =
  | { behavior: 'allow'; always?: boolean; updatedInput?: unknown }
  | { behavior: 'deny'; message?: string };

/**
 * Where a running executor sends what it produces. The executor logs, as entries, the user turns
 * it delivers (the prompt, live follow-ups) and the approval decisions it passes on, at the moment
 * it delivers them; the session layer does not log them again.
 */
export interface RunSink {
  /** Normalized entries, in order. */
  entry(entry: LogEntry): void;
  /**
   * A promise while the session log is behind on disk: a CLI executor reads no more of the
   * agent's output until it settles (backpressure down to the agent's pipe). Never rejects.
   */
  backlog?(): Promise<void> | undefined;
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
  /**
   * A fresh normalizer of this agent's raw output, for executors that stream lines to normalize
   * (CLI agents): a log's `raw` lines written by an older parser are parsed again on replay.
   */
  createNormalizer?(): OutputNormalizer;
}

// ---- CLI agents -----------------------------------------------------------------------------

/** A process to spawn: file + argv array (never a shell string), env and cwd. */
export interface CliCommand {
  file: string;
  args: string[];
  /** Full environment for the child (already merged with process.env by the builder's caller). */
  env: Record<string, string | undefined>;
  cwd: string;
  /** 'pipe' when the executor writes to the agent's stdin (stream-json input, approvals). */
  stdin: 'ignore' | 'pipe';
}

/** Summary an agent prints at the end (Claude's `result`, Codex's `turn.completed`, …). */
export interface NormalizedResult {
  isError: boolean;
  text?: string;
  costUsd?: number;
  usage?: Usage;
  numTurns?: number;
  durationMs?: number;
}

/**
 * Turns one agent's stdout lines into normalized entries. Stateful per run (pairs tool calls with
 * results, merges deltas). Never throws on bad input: a line it does not understand becomes a
 * `raw` entry, so nothing the agent printed is lost.
 */
export interface OutputNormalizer {
  push(line: string): LogEntry[];
  end(): LogEntry[];
  /** The agent's own session/thread id, once seen. */
  readonly agentSessionId: string | undefined;
  /** The final summary, once seen. */
  readonly result: NormalizedResult | undefined;
  /** Approval requests the agent is waiting on (Claude `control_request can_use_tool`). */
  readonly pendingApprovals?: ReadonlyArray<{ requestId: string; toolName: string; input: unknown }>;
}

/** Everything specific to one agent CLI; the generic CLI executor does the spawning and plumbing. */
export interface CliAgentAdapter extends CliAgentAdapterHooks {
  readonly id: string;
  readonly label: string;
  /** Executable name looked up on PATH, unless a path is configured. */
  readonly binary: string;
  /** npm package a user installs it from (for the "not found" message). */
  readonly npmPackage: string;
  readonly capabilities: ExecutorCapabilities;
  buildCommand(request: RunRequest, executablePath: string): CliCommand;
  createNormalizer(): OutputNormalizer;
}

// ---- Optional CLI adapter hooks (additive; adapters without them keep working) ----------------

/**
 * A conversation with the agent over stdin, for CLIs that take one (Claude Code
 * `--input-format stream-json`). One per run, created with that run's normalizer.
 */
export interface CliStdinSession {
  /** Lines to write as soon as the process starts (Claude: the prompt as the first user turn). */
  initialLines(): string[];
  /** A follow-up user turn sent while the agent runs. */
  userMessage(text: string): string;
  /** The answer to an approval request the normalizer reported as an `approval_request` entry. */
  approvalResponse(requestId: string, decision: ApprovalDecision, input: unknown): string;
  /** A line asking the agent to end its turn (first, graceful step of a stop), if it has one. */
  interrupt?(): string;
  /** True once everything sent has been answered: the executor then closes stdin so the CLI exits. */
  readonly done: boolean;
}

/** What the generic CLI executor knows when a run failed, for an adapter to explain. */
export interface CliFailure {
  request: RunRequest;
  /** The agent's own summary text (e.g. Claude's `result`), if it printed one. */
  resultText?: string;
  /** The last stderr lines. */
  stderrTail: string[];
  exitCode: number | null;
  signal: string | null;
}

export interface CliAgentAdapterHooks {
  /** Stdin conversation (approvals, follow-ups, graceful interrupt). Without it stdin is not written. */
  createStdinSession?(request: RunRequest, normalizer: OutputNormalizer): CliStdinSession;
  /** Cheap login check for detect(); `loggedIn: undefined` when it cannot tell without a model call. */
  checkLogin?(env: Record<string, string | undefined>): Promise<{ loggedIn?: boolean; reason?: string }>;
  /** Turns a failure into a sentence a person can act on (not logged in, refused as root, …). */
  explainFailure?(failure: CliFailure): string | undefined;
  /** Arguments that print the version; default `['--version']`. */
  readonly versionArgs?: string[];
  /**
   * How to install the executable when it is not an npm package (custom executors), used instead
   * of the "`npm install -g <npmPackage>`" hint in the not-found reason.
   */
  readonly installHint?: string;
}
