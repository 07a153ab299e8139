// Claude Code `--output-format stream-json --verbose --include-partial-messages` -> LogEntry.
// Facts this relies on (claude 2.1.x, see notes/agent-clis.md and test/fixtures/claude/):
// - Token deltas arrive as `stream_event` lines carrying raw Anthropic events plus `api_message_id`.
// - The full `assistant` line for a block arrives after its deltas, ONE content block per line,
//   all sharing the API message id. We give the full block the id its deltas used and
//   `delta: false`, so it replaces the streamed text instead of duplicating it.
// - Tool results come back as `user` lines; with `--replay-user-messages` the CLI also echoes each
//   user turn it consumed (`isReplay: true`), which is how we know a follow-up was taken.
import { randomUUID } from 'node:crypto';
import type { LogEntry, Usage } from '../../../protocol/logEntries';
import type { NormalizedResult, OutputNormalizer } from '../../types';
import { isoNow } from '../../isoNow';
import { withJson } from '../../../protocol/entryJson';
import { StreamedBlocks } from './claudeBlocks';
import { knownLine, type KnownLine } from './claudeFastPath';
import { knownUserBlock, num, stringOr, systemEntries, toolOutput } from './claudeLineShapes';

type Json = Record<string, any>;

export interface PendingApproval {
  requestId: string;
  toolName: string;
  input: unknown;
  toolUseId?: string;
  /** The CLI's own "don't ask again" rule suggestions, sent back for "allow always". */
  suggestions?: unknown[];
}

export class ClaudeStreamNormalizer implements OutputNormalizer {
  agentSessionId: string | undefined;
  result: NormalizedResult | undefined;
  /** User turns the CLI reported as consumed (replayed). */
  consumedUserTurns = 0;
  /** The last line was a `result`: the agent is idle until it reads more input. */
  idleAfterResult = false;
  /** The last result said follow-ups are still queued inside the CLI. */
  queuedTurns = 0;
  lastResultIsError = false;

  private readonly approvals = new Map<string, PendingApproval>();
  private readonly blocks = new StreamedBlocks();
  /** Tool calls by id; `inputJson` when the input was read off the line as JSON text. */
  private readonly tools = new Map<string, { name: string; input: unknown; inputJson?: string }>();
  private currentMessageId: string | undefined;
  private fallbackIds = 0;

  /** Ids of entries with no natural id get this run-unique prefix. */
  private readonly prefix: string;
  private readonly now: () => string;

  /** Lines of the common shapes are recognised by their exact prefix and read without a JSON.parse (claudeFastPath.ts). */
  private readonly fastPath: boolean;

  /** Who the init line names: "Claude Code", or a custom executor speaking the same format. */
  private readonly agentLabel: string;

  constructor(options: { now?: () => string; idPrefix?: string; fastPath?: boolean; agentLabel?: string } = {}) {
    this.agentLabel = options.agentLabel ?? 'Claude Code';
    this.now = options.now ?? isoNow;
    this.prefix = options.idPrefix ?? randomUUID().slice(0, 8);
    this.fastPath = options.fastPath ?? true;
  }

  private uid(): string {
    return `${this.prefix}-${this.fallbackIds++}`;
  }

  get pendingApprovals(): ReadonlyArray<PendingApproval> {
    return [...this.approvals.values()];
  }

  approval(requestId: string): PendingApproval | undefined {
    return this.approvals.get(requestId);
  }

  push(line: string): LogEntry[] {
    const known = this.fastPath ? knownLine(line) : undefined;
    if (known) {
      this.idleAfterResult = false;
      return this.known(known);
    }
    if (!line.trim()) return [];
    let msg: unknown;
    try {
      msg = JSON.parse(line);
    } catch {
      return [this.raw(line)];
    }
    if (!msg || typeof msg !== 'object' || Array.isArray(msg) || typeof (msg as Json).type !== 'string') {
      return [this.raw(line)];
    }
    const m = msg as Json;
    if (typeof m.session_id === 'string' && m.session_id) this.agentSessionId = m.session_id;
    this.idleAfterResult = m.type === 'result';
    try {
      const out = this.dispatch(m, line);
      return out ?? [this.raw(line)];
    } catch {
      // A known type with an unexpected shape: keep it verbatim rather than guess.
      return [this.raw(line)];
    }
  }

  end(): LogEntry[] {
    return [];
  }

  /** A line recognised by its shape: the same entries and state as its full parse would give. */
  private known(k: KnownLine): LogEntry[] {
    switch (k.kind) {
      case 'skip':
        return [];
      case 'message_start':
        this.currentMessageId = k.messageId;
        return [];
      case 'block_start':
        this.blocks.start(k.messageId, k.index, k.type);
        return [];
      case 'delta':
        return [this.delta(k.type === 'text' ? 'assistant' : 'thinking', k.messageId, k.index, k.text)];
      case 'tool_call': {
        this.blockId(k.messageId, 'tool_use');
        this.tools.set(k.toolUseId, { name: k.name, input: k.input, inputJson: k.inputJson });
        return [this.toolCall(k.toolUseId, k.name, k.input, 'running', this.now(), k.inputJson)];
      }
      case 'full_block': {
        const id = this.blockId(k.messageId, k.type);
        return [{ kind: k.type === 'text' ? 'assistant' : 'thinking', id, ts: this.now(), text: k.text, delta: false }];
      }
      case 'tool_result': {
        const ts = this.now();
        return [this.toolResult(k.toolUseId, k.output, k.isError, ts, k.literal), this.toolDone(k.toolUseId, k.isError, ts)];
      }
    }
  }

  /** undefined = not understood (the caller keeps the line as raw). */
  private dispatch(m: Json, line: string): LogEntry[] | undefined {
    switch (m.type) {
      case 'system':
        return this.system(m);
      case 'stream_event':
        return this.streamEvent(m);
      case 'assistant':
        return this.assistant(m);
      case 'user':
        return this.user(m);
      case 'result':
        return [this.resultEntry(m)];
      case 'control_request':
        return this.controlRequest(m, line);
      case 'control_cancel_request': {
        const id = String(m.request_id ?? '');
        this.approvals.delete(id);
        return [this.sys(`cancel:${id}`, 'The agent withdrew its approval request.', m)];
      }
      case 'control_response':
        // The CLI's answer to our interrupt, or its echo of our approval answer: bookkeeping only.
        return [this.sys(`control:${m.response?.request_id ?? this.uid()}`, 'Control response', { subtype: 'control_response', ...m })];
      case 'rate_limit_event':
        return [this.sys(`rate:${m.uuid ?? this.uid()}`, 'Rate limit status', m)];
      default:
        return undefined;
    }
  }

  /** undefined: a field has another type than the CLI writes (the caller keeps the line raw). */
  private system(m: Json): LogEntry[] | undefined {
    return systemEntries(m, { agentLabel: this.agentLabel, uid: () => this.uid(), sys: (id, text, data) => this.sys(id, text, data) });
  }

  private streamEvent(m: Json): LogEntry[] {
    const ev = m.event as Json;
    if (!ev || typeof ev.type !== 'string') return [];
    if (ev.type === 'message_start') this.currentMessageId = ev.message?.id;
    const msgId: string = m.api_message_id ?? this.currentMessageId ?? 'msg';
    if (ev.type === 'content_block_start') {
      this.blocks.start(msgId, ev.index, String(ev.content_block?.type ?? 'unknown'));
      return [];
    }
    if (ev.type !== 'content_block_delta') return []; // stop/message_delta/ping: carried by other lines
    const d = ev.delta as Json;
    // A block's id is always `<message>:<index>`, known or not (its map may be gone: blockId).
    if (d?.type === 'text_delta' && typeof d.text === 'string') return [this.delta('assistant', msgId, ev.index, d.text)];
    if (d?.type === 'thinking_delta' && typeof d.thinking === 'string') return [this.delta('thinking', msgId, ev.index, d.thinking)];
    return []; // input_json_delta / signature_delta: the full assistant line carries the result
  }

  private delta(kind: 'assistant' | 'thinking', msgId: string, index: unknown, text: string): LogEntry {
    return { kind, id: this.blocks.idOf(msgId, index), ts: this.now(), text, delta: true };
  }

  /** The id of the streamed block this full block completes, or a fresh one (claudeBlocks.ts). */
  private blockId(msgId: string, type: string): string {
    return this.blocks.complete(msgId, type) ?? `${msgId}:full${this.uid()}`;
  }

  private assistant(m: Json): LogEntry[] | undefined {
    const message = m.message as Json;
    const msgId: string = message?.id ?? `msg${this.uid()}`;
    // A line whose fields have other types than the CLI's is kept raw, not read as nothing.
    if (!Array.isArray(message?.content)) return undefined;
    const content: Json[] = message.content;
    const ts = this.now();
    const out: LogEntry[] = [];
    for (const c of content) {
      if (c?.type === 'text' && typeof c.text !== 'string') return undefined;
      if (c?.type === 'thinking' && c.thinking !== undefined && typeof c.thinking !== 'string') return undefined;
      if (c.type === 'text') {
        const id = this.blockId(msgId, 'text');
        // The CLI reports its own failures (login, API errors) as synthetic assistant messages.
        if (m.error || m.is_api_error_message) out.push({ kind: 'error', id, ts, text: String(c.text) });
        else out.push({ kind: 'assistant', id, ts, text: String(c.text), delta: false });
      } else if (c.type === 'thinking' || c.type === 'redacted_thinking') {
        const id = this.blockId(msgId, c.type);
        out.push({ kind: 'thinking', id, ts, text: c.type === 'thinking' ? String(c.thinking ?? '') : '[redacted thinking]', delta: false });
      } else if (c.type === 'tool_use' || c.type === 'server_tool_use') {
        this.blockId(msgId, c.type);
        this.tools.set(c.id, { name: c.name, input: c.input });
        out.push(this.toolCall(c.id, String(c.name), c.input, 'running', ts, undefined));
      } else {
        return undefined; // an unknown block: keep the whole line raw
      }
    }
    return out;
  }

  private user(m: Json): LogEntry[] | undefined {
    const content = m.message?.content;
    if (m.isReplay) {
      // Our own user turn, echoed when the CLI took it; the executor already logged it on send.
      this.consumedUserTurns++;
      return [];
    }
    if (!stringOr(m.uuid, undefined)) return undefined;
    if (typeof content === 'string') return [this.sys(`user:${m.uuid ?? this.uid()}`, content, { subtype: 'user_text' })];
    // Blocks of the types the CLI writes, with its field types; anything else keeps the line raw
    // (an unknown block alone would otherwise log nothing at all).
    if (!Array.isArray(content) || !content.length || !(content as unknown[]).every(knownUserBlock)) return undefined;
    const out: LogEntry[] = [];
    const ts = this.now();
    for (const c of Array.isArray(content) ? (content as Json[]) : []) {
      if (c.type === 'tool_result') {
        const isError = c.is_error === true;
        out.push(this.toolResult(c.tool_use_id, toolOutput(c.content), isError, ts), this.toolDone(c.tool_use_id, isError, ts));
      } else if (c.type === 'text') {
        // Text the CLI injects into the conversation, e.g. "[Request interrupted by user]".
        out.push(this.sys(`user:${m.uuid ?? this.uid()}:${out.length}`, String(c.text), { subtype: 'user_text' }));
      }
    }
    return out;
  }

  /** A tool_result entry; with the output's JSON literal when the line gave it (written as spelled). */
  private toolResult(toolUseId: string, output: string, isError: boolean, ts: string, literal?: string): LogEntry {
    const entry: LogEntry = { kind: 'tool_result', id: `result:${toolUseId}`, ts, toolUseId, output, isError };
    if (literal === undefined) return entry;
    return withJson(entry, `{"kind":"tool_result","id":"result:${toolUseId}","ts":"${ts}","toolUseId":"${toolUseId}","output":"${literal}","isError":${isError}`);
  }

  /**
   * The tool call again, now finished. Its call is forgotten: a long session would otherwise hold
   * every tool input it ever saw (and, through the input's text, the chunk of output it was read in).
   */
  private toolDone(toolUseId: string, isError: boolean, ts: string): LogEntry {
    const tool = this.tools.get(toolUseId);
    this.tools.delete(toolUseId);
    return this.toolCall(toolUseId, tool?.name ?? 'unknown', tool?.input ?? {}, isError ? 'failed' : 'completed', ts, tool?.inputJson);
  }

  /** A tool_use entry; with the input's JSON text when the line gave it (written as spelled). */
  private toolCall(toolUseId: string, name: string, input: unknown, status: 'running' | 'completed' | 'failed', ts: string, inputJson: string | undefined): LogEntry {
    const entry: LogEntry = { kind: 'tool_use', id: `tool:${toolUseId}`, ts, toolUseId, name, input, status };
    if (inputJson === undefined) return entry;
    return withJson(entry, `{"kind":"tool_use","id":"tool:${toolUseId}","ts":"${ts}","toolUseId":"${toolUseId}","name":"${name}","input":${inputJson},"status":"${status}"`);
  }

  private resultEntry(m: Json): LogEntry {
    const u = (m.usage ?? {}) as Json;
    const usage: Usage = {
      inputTokens: num(u.input_tokens),
      outputTokens: num(u.output_tokens),
      cacheReadTokens: num(u.cache_read_input_tokens),
      cacheWriteTokens: num(u.cache_creation_input_tokens),
    };
    // is_error, not subtype: a login failure arrives as subtype "success" with is_error true.
    const isError = m.is_error === true;
    this.result = {
      isError,
      text: typeof m.result === 'string' ? m.result : undefined,
      costUsd: num(m.total_cost_usd),
      usage,
      numTurns: num(m.num_turns),
      durationMs: num(m.duration_ms),
    };
    this.queuedTurns = num(m.queued_turn_count) ?? 0;
    this.lastResultIsError = isError;
    return { kind: 'result', id: `result:${m.uuid ?? this.uid()}`, ts: this.now(), ...this.result };
  }

  private controlRequest(m: Json, line: string): LogEntry[] | undefined {
    const r = m.request as Json;
    if (r?.subtype !== 'can_use_tool') return [this.raw(line)];
    const a: PendingApproval = {
      requestId: String(m.request_id),
      toolName: String(r.tool_name),
      input: r.input,
      toolUseId: r.tool_use_id,
      suggestions: Array.isArray(r.permission_suggestions) ? r.permission_suggestions : undefined,
    };
    this.approvals.set(a.requestId, a);
    const ts = this.now();
    const out: LogEntry[] = [{ kind: 'approval_request', id: `approval:${a.requestId}`, ts, requestId: a.requestId, toolName: a.toolName, input: a.input }];
    if (a.toolUseId && this.tools.has(a.toolUseId)) {
      out.push({ kind: 'tool_use', id: `tool:${a.toolUseId}`, ts, toolUseId: a.toolUseId, name: a.toolName, input: a.input, status: 'pending' });
    }
    return out;
  }

  /** The executor answered: the request is no longer pending. */
  resolveApproval(requestId: string): void {
    this.approvals.delete(requestId);
  }

  private sys(id: string, text: string, data?: Json): LogEntry {
    const entry: LogEntry = { kind: 'system', id, ts: this.now(), text };
    if (data) entry.data = data;
    return entry;
  }

  private raw(line: string): LogEntry {
    return { kind: 'raw', id: `raw:${this.uid()}`, ts: this.now(), line, stream: 'stdout' };
  }
}

/** Re-reads a stored transcript with today's parser (old sessions, fixtures). */
export function normalizeClaudeTranscript(lines: Iterable<string>, options: { now?: () => string; idPrefix?: string } = {}): LogEntry[] {
  const n = new ClaudeStreamNormalizer(options);
  const out: LogEntry[] = [];
  for (const l of lines) out.push(...n.push(l));
  out.push(...n.end());
  return out;
}
