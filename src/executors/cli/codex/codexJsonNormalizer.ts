// `codex exec --json` -> LogEntry. Facts this relies on (codex 0.169, recorded in
// test/fixtures/codex/): one event per line — `thread.started{thread_id}`, `turn.started`,
// `item.started|item.updated|item.completed{item}`, `turn.completed{usage}`,
// `turn.failed{error{message}}`, `error{message}`. Items carry their own id (`item_3`); the
// started and completed events of one item map to ONE entry id, so the later entry replaces the
// earlier (a command shows as running, then completed). No token deltas, no cost.
import type { LogEntry, Usage } from '../../../protocol/logEntries';
import { JsonLineNormalizer, num, outputText, str, type Json } from '../jsonLineNormalizer';

/** Warnings Codex reports as `error` items although the turn goes on normally. */
const NON_FATAL_ITEM_ERRORS = [/model metadata for .* not found/i, /falling back from websockets/i];

/** `error` events that are retries in progress, not failures. */
const TRANSIENT_ERROR_EVENT = /^reconnecting/i;

const TOOL_STATUS: Record<string, 'pending' | 'running' | 'completed' | 'failed'> = {
  in_progress: 'running',
  completed: 'completed',
  failed: 'failed',
  declined: 'failed',
};

export class CodexJsonNormalizer extends JsonLineNormalizer {
  /** Error texts seen in this run (for explaining a failure). */
  readonly errors: string[] = [];
  private lastAgentMessage: string | undefined;
  private turns = 0;
  private startedAt: number | undefined;

  protected handle(m: Json): LogEntry[] | undefined {
    this.startedAt ??= Date.now();
    switch (m.type) {
      case 'thread.started': {
        const id = str(m.thread_id);
        if (id) this.agentSessionId = id;
        return [this.make('thread', { kind: 'system', text: `Codex thread ${id ?? '(unknown)'}`, data: { threadId: id } })];
      }
      case 'turn.started':
        return [];
      case 'item.started':
      case 'item.updated':
      case 'item.completed':
        return m.item && typeof m.item === 'object' ? this.item(m.item as Json, m.type === 'item.completed') : undefined;
      case 'turn.completed':
        return [this.turnCompleted(m)];
      case 'turn.failed':
        return this.turnFailed(m);
      case 'error': {
        const text = str(m.message) ?? 'Codex reported an error';
        if (TRANSIENT_ERROR_EVENT.test(text)) return [this.make(undefined, { kind: 'system', text })];
        this.errors.push(text);
        return [this.make(undefined, { kind: 'error', text })];
      }
      default:
        return undefined;
    }
  }

  private item(item: Json, completed: boolean): LogEntry[] | undefined {
    const key = str(item.id) ?? this.freshKey();
    switch (item.type) {
      case 'agent_message': {
        const text = str(item.text) ?? '';
        if (completed) this.lastAgentMessage = text;
        return [this.make(key, { kind: 'assistant', text })];
      }
      case 'reasoning':
        return [this.make(key, { kind: 'thinking', text: str(item.text) ?? '' })];
      case 'command_execution':
        return this.command(key, item, completed);
      case 'file_change':
        return this.fileChange(key, item, completed);
      case 'mcp_tool_call':
        return this.mcpCall(key, item, completed);
      case 'web_search':
        return [this.toolUse(key, 'WebSearch', { query: item.query }, item.status ?? (completed ? 'completed' : 'in_progress'))];
      case 'todo_list':
        return [this.make(key, { kind: 'system', text: todoText(item.items), data: { todo: item.items } })];
      case 'error': {
        const text = str(item.message) ?? 'Codex reported an error';
        if (NON_FATAL_ITEM_ERRORS.some((re) => re.test(text))) return [this.make(key, { kind: 'system', text })];
        this.errors.push(text);
        return [this.make(key, { kind: 'error', text })];
      }
      default:
        return undefined;
    }
  }

  private toolUse(key: string, name: string, input: unknown, status: unknown): LogEntry {
    return this.make(key, { kind: 'tool_use', toolUseId: key, name, input, status: TOOL_STATUS[String(status)] ?? 'running' });
  }

  private command(key: string, item: Json, completed: boolean): LogEntry[] {
    const out = [this.toolUse(key, 'Bash', { command: item.command }, item.status)];
    if (!completed) return out;
    const exitCode = num(item.exit_code);
    const isError = (exitCode !== undefined && exitCode !== 0) || item.status === 'failed' || item.status === 'declined';
    out.push(
      this.make(`${key}:result`, {
        kind: 'tool_result',
        toolUseId: key,
        output: outputText(item.aggregated_output),
        ...(exitCode !== undefined ? { exitCode } : {}),
        ...(isError ? { isError: true } : {}),
      }),
    );
    return out;
  }

  private fileChange(key: string, item: Json, completed: boolean): LogEntry[] {
    const changes = Array.isArray(item.changes) ? (item.changes as Json[]) : [];
    const out = [this.toolUse(key, 'apply_patch', { changes }, item.status)];
    if (!completed) return out;
    const listing = changes.map((c) => `${c.kind ?? 'change'} ${c.path ?? '?'}`).join('\n');
    const failed = item.status === 'failed' || item.status === 'declined';
    out.push(
      this.make(`${key}:result`, {
        kind: 'tool_result',
        toolUseId: key,
        output: failed ? `Patch not applied (${item.status}):\n${listing}` : listing,
        ...(failed ? { isError: true } : {}),
      }),
    );
    return out;
  }

  private mcpCall(key: string, item: Json, completed: boolean): LogEntry[] {
    const name = `mcp:${item.server ?? '?'}/${item.tool ?? '?'}`;
    const out = [this.toolUse(key, name, item.arguments ?? {}, item.status)];
    if (!completed) return out;
    const error = item.error ? outputText(item.error.message ?? item.error) : undefined;
    const content = Array.isArray(item.result?.content)
      ? (item.result.content as Json[]).map((c) => (typeof c.text === 'string' ? c.text : JSON.stringify(c))).join('\n')
      : outputText(item.result);
    out.push(this.make(`${key}:result`, { kind: 'tool_result', toolUseId: key, output: error ?? content, ...(error ? { isError: true } : {}) }));
    return out;
  }

  private turnCompleted(m: Json): LogEntry {
    this.turns++;
    // Codex reports the thread's running total: after a resume it includes the earlier runs.
    const u = (m.usage ?? {}) as Json;
    const usage: Usage = {
      inputTokens: num(u.input_tokens),
      outputTokens: num(u.output_tokens),
      cacheReadTokens: num(u.cached_input_tokens),
      cacheWriteTokens: num(u.cache_write_input_tokens),
    };
    this.result = { isError: false, text: this.lastAgentMessage, usage, numTurns: this.turns, durationMs: this.elapsed() };
    return this.make(`turn${this.turns}:result`, { kind: 'result', ...this.result });
  }

  private turnFailed(m: Json): LogEntry[] {
    this.turns++;
    const text = str(m.error?.message) ?? 'Codex turn failed';
    this.result = { isError: true, text, numTurns: this.turns, durationMs: this.elapsed() };
    // The same message usually arrived as an `error` event just before; don't show it twice.
    const repeated = this.errors.at(-1) === text;
    if (!repeated) this.errors.push(text);
    return [
      ...(repeated ? [] : [this.make(undefined, { kind: 'error', text })]),
      this.make(`turn${this.turns}:result`, { kind: 'result', ...this.result }),
    ];
  }

  private elapsed(): number | undefined {
    return this.startedAt === undefined ? undefined : Date.now() - this.startedAt;
  }
}

function todoText(items: unknown): string {
  if (!Array.isArray(items)) return 'Plan';
  return ['Plan:', ...(items as Json[]).map((i) => `${i.completed ? '[x]' : '[ ]'} ${i.text ?? ''}`)].join('\n');
}
