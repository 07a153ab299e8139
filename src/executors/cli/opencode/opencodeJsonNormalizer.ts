// `opencode run --format json` -> LogEntry. Facts this relies on (opencode 1.18, recorded in
// test/fixtures/opencode/): lines `{type, timestamp, sessionID, part}` with type `step_start`,
// `text` / `reasoning` (whole parts, no deltas; a part id can repeat with a longer text),
// `tool_use` (`part.callID`, `part.tool`, `part.state{status,input,output,error,metadata}`),
// `step_finish` (`part.cost`, `part.tokens`), and `error{error{name,data}}`. There is no final
// summary line: the result is summed over the steps and reported when the process ends.
import type { LogEntry, Usage } from '../../../protocol/logEntries';
import { JsonLineNormalizer, num, outputText, str, type Json } from '../jsonLineNormalizer';
import { describeOpencodeError } from './opencodeErrors';

const STATUS: Record<string, 'pending' | 'running' | 'completed' | 'failed'> = {
  pending: 'pending',
  running: 'running',
  completed: 'completed',
  error: 'failed',
};

export class OpencodeJsonNormalizer extends JsonLineNormalizer {
  private steps = 0;
  private costUsd = 0;
  private readonly usage: Required<Usage> = { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 };
  private lastText: string | undefined;
  private errorText: string | undefined;
  private firstAt: number | undefined;
  private lastAt: number | undefined;

  protected handle(m: Json, line: string): LogEntry[] | undefined {
    const out: LogEntry[] = [];
    const sid = str(m.sessionID);
    if (sid && !this.agentSessionId) {
      this.agentSessionId = sid;
      out.push(this.make('session', { kind: 'system', text: `OpenCode session ${sid}`, data: { sessionId: sid } }));
    }
    const at = num(m.timestamp);
    if (at !== undefined) {
      this.firstAt ??= at;
      this.lastAt = at;
    }
    const part = (m.part ?? {}) as Json;
    const mapped = this.byType(m, part);
    return [...out, ...(mapped ?? [this.raw(line)])];
  }

  private byType(m: Json, part: Json): LogEntry[] | undefined {
    switch (m.type) {
      case 'step_start':
        return [];
      case 'text': {
        const text = str(part.text) ?? '';
        this.lastText = text;
        return [this.make(str(part.id), { kind: 'assistant', text })];
      }
      case 'reasoning':
        return [this.make(str(part.id), { kind: 'thinking', text: str(part.text) ?? '' })];
      case 'tool_use':
        return this.tool(part);
      case 'step_finish':
        this.stepFinished(part);
        return [];
      case 'error': {
        this.errorText = describeOpencodeError(m.error);
        return [this.make(undefined, { kind: 'error', text: this.errorText })];
      }
      default:
        return undefined;
    }
  }

  private tool(part: Json): LogEntry[] {
    const key = str(part.callID) ?? str(part.id) ?? this.freshKey();
    const state = (part.state ?? {}) as Json;
    const status = STATUS[String(state.status)] ?? 'running';
    const out: LogEntry[] = [this.make(key, { kind: 'tool_use', toolUseId: key, name: str(part.tool) ?? 'tool', input: state.input ?? {}, status })];
    if (status !== 'completed' && status !== 'failed') return out;
    const exitCode = num(state.metadata?.exit);
    const isError = status === 'failed' || (exitCode !== undefined && exitCode !== 0);
    out.push(
      this.make(`${key}:result`, {
        kind: 'tool_result',
        toolUseId: key,
        output: status === 'failed' ? outputText(state.error ?? state.output) : outputText(state.output),
        ...(exitCode !== undefined ? { exitCode } : {}),
        ...(isError ? { isError: true } : {}),
      }),
    );
    return out;
  }

  private stepFinished(part: Json): void {
    this.steps++;
    this.costUsd += num(part.cost) ?? 0;
    const t = (part.tokens ?? {}) as Json;
    this.usage.inputTokens += num(t.input) ?? 0;
    this.usage.outputTokens += (num(t.output) ?? 0) + (num(t.reasoning) ?? 0);
    this.usage.cacheReadTokens += num(t.cache?.read) ?? 0;
    this.usage.cacheWriteTokens += num(t.cache?.write) ?? 0;
  }

  override end(): LogEntry[] {
    if (this.steps === 0 && this.errorText === undefined) return [];
    this.result = {
      isError: this.errorText !== undefined,
      text: this.errorText ?? this.lastText,
      costUsd: this.costUsd,
      usage: { ...this.usage },
      numTurns: this.steps,
      durationMs: this.firstAt !== undefined && this.lastAt !== undefined ? this.lastAt - this.firstAt : undefined,
    };
    return [this.make('result', { kind: 'result', ...this.result })];
  }
}
