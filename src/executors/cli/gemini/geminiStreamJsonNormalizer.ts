// `gemini --output-format stream-json` -> LogEntry. Facts this relies on (gemini-cli 0.61,
// recorded in test/fixtures/gemini/): `init{session_id,model}`, `message{role,content,delta}`,
// `tool_use{tool_name,tool_id,parameters}`, `tool_result{tool_id,status,output,error}`,
// `error{severity,message}` (non-fatal), `result{status,stats,error?}`. Assistant text comes as
// deltas without a message id: consecutive deltas form one entry, anything else in between
// (a tool call) starts the next one. Thoughts are not printed in this format.
import type { LogEntry } from '../../../protocol/logEntries';
import { JsonLineNormalizer, num, outputText, str, type Json } from '../jsonLineNormalizer';

export class GeminiStreamJsonNormalizer extends JsonLineNormalizer {
  private messageKey: string | undefined;
  private messageText = '';
  private lastMessageText: string | undefined;
  private messages = 0;
  private readonly tools = new Map<string, { name: string; input: unknown }>();

  protected handle(m: Json): LogEntry[] | undefined {
    if (m.type !== 'message' || m.role !== 'assistant') this.closeMessage();
    switch (m.type) {
      case 'init': {
        const id = str(m.session_id);
        if (id) this.agentSessionId = id;
        return [this.make('init', { kind: 'system', text: `Gemini CLI session ${id ?? '(unknown)'}${m.model ? ` · ${m.model}` : ''}`, data: { sessionId: id, model: m.model } })];
      }
      case 'message':
        // The CLI echoes the prompt as a user message; the executor has logged it already.
        if (m.role === 'user') return [];
        return m.role === 'assistant' ? [this.assistant(m)] : undefined;
      case 'tool_use':
        return [this.toolUse(m)];
      case 'tool_result':
        return this.toolResult(m);
      case 'error': {
        const text = str(m.message) ?? 'Gemini CLI reported an error';
        return [this.make(undefined, m.severity === 'warning' ? { kind: 'system', text } : { kind: 'error', text })];
      }
      case 'result':
        return this.resultEntries(m);
      default:
        return undefined;
    }
  }

  private assistant(m: Json): LogEntry {
    const text = str(m.content) ?? '';
    if (!m.delta) {
      // A whole message: its own entry.
      this.closeMessage();
      this.lastMessageText = text;
      return this.make(`msg${this.messages++}`, { kind: 'assistant', text });
    }
    this.messageKey ??= `msg${this.messages++}`;
    this.messageText += text;
    this.lastMessageText = this.messageText;
    return this.make(this.messageKey, { kind: 'assistant', text, delta: true });
  }

  private closeMessage(): void {
    this.messageKey = undefined;
    this.messageText = '';
  }

  private toolUse(m: Json): LogEntry {
    const key = str(m.tool_id) ?? this.freshKey();
    const name = str(m.tool_name) ?? 'tool';
    this.tools.set(key, { name, input: m.parameters ?? {} });
    return this.make(key, { kind: 'tool_use', toolUseId: key, name, input: m.parameters ?? {}, status: 'running' });
  }

  private toolResult(m: Json): LogEntry[] {
    const key = str(m.tool_id) ?? this.freshKey();
    const isError = m.status === 'error';
    const errorText = m.error ? str(m.error.message) ?? outputText(m.error) : undefined;
    // read_file reports success with an empty `output` here: the content went to the model only.
    const output = isError ? errorText ?? outputText(m.output) : outputText(m.output);
    const out: LogEntry[] = [];
    const tool = this.tools.get(key);
    if (tool) {
      // Same id as the tool_use: replaces it, now with its final status.
      out.push(this.make(key, { kind: 'tool_use', toolUseId: key, name: tool.name, input: tool.input, status: isError ? 'failed' : 'completed' }));
    }
    out.push(this.make(`${key}:result`, { kind: 'tool_result', toolUseId: key, output, ...(isError ? { isError: true } : {}) }));
    return out;
  }

  private resultEntries(m: Json): LogEntry[] {
    const s = (m.stats ?? {}) as Json;
    const isError = m.status !== 'success';
    const errorText = m.error ? str(m.error.message) ?? outputText(m.error) : undefined;
    this.result = {
      isError,
      text: isError ? errorText ?? `Gemini CLI finished with status ${m.status}` : this.lastMessageText,
      usage: { inputTokens: num(s.input_tokens), outputTokens: num(s.output_tokens), cacheReadTokens: num(s.cached) },
      durationMs: num(s.duration_ms),
    };
    return [
      ...(errorText ? [this.make(undefined, { kind: 'error', text: errorText })] : []),
      this.make('result', { kind: 'result', ...this.result }),
    ];
  }
}
