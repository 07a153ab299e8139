// The OpenAI Chat Completions API as an executor. Chat Completions rather than the Responses API
// because every OpenAI-compatible server (vLLM, Ollama, LM Studio, OpenRouter…) speaks it, and
// `baseURL` is how those are reached. Facts (notes/agent-clis.md): tool-call fragments accumulate
// by `index`; with stream_options.include_usage the usage arrives in a last chunk without choices.
import type OpenAI from 'openai';
import { VERSION } from 'openai/version';
import type { Usage } from '../../protocol/logEntries';
import { ApiExecutor, type ApiExecutorOptions, type ApiProvider, type ClientSettings } from './apiExecutor';
import { parseToolInput, type ConversationItem, type ModelClient, type ToolCall, type TurnRequest, type TurnResult } from './modelClient';
import type { OfferedTool } from './toolSpecs';


/**
 * The SDK, loaded when an API run first needs it: it is most of the headless command's JavaScript,
 * and starting it cost every `viban` command (a CLI agent's run, `list`…) tens of ms it never used.
 */
function sdk(): typeof import('openai') {
  return require('openai');
}
export const OPENAI_DEFAULT_MODEL = 'gpt-5';

type Message = OpenAI.Chat.Completions.ChatCompletionMessageParam;

export function toOpenAIMessages(system: string, conversation: readonly ConversationItem[]): Message[] {
  const out: Message[] = [{ role: 'system', content: system }];
  for (const item of conversation) {
    if (item.role === 'user') out.push({ role: 'user', content: item.text });
    else if (item.role === 'assistant') {
      out.push({
        role: 'assistant',
        content: item.text || null,
        ...(item.toolCalls.length && {
          tool_calls: item.toolCalls.map((c) => ({ id: c.id, type: 'function' as const, function: { name: c.name, arguments: c.inputError ? '{}' : c.rawInput || '{}' } })),
        }),
      });
    } else {
      for (const r of item.results) out.push({ role: 'tool', tool_call_id: r.toolCallId, content: r.isError ? `Error: ${r.output}` : r.output || '(no output)' });
    }
  }
  return out;
}

export function toOpenAITools(specs: readonly OfferedTool[]): OpenAI.Chat.Completions.ChatCompletionFunctionTool[] {
  return specs.map((s) => ({ type: 'function', function: { name: s.name, description: s.description, parameters: s.parameters } }));
}

class OpenAIClient implements ModelClient {
  private readonly sdk: OpenAI;

  constructor(private readonly settings: ClientSettings) {
    this.sdk = new (sdk().OpenAI)({
      apiKey: settings.apiKey,
      baseURL: settings.baseURL,
      maxRetries: 0, // our retry loop shows each wait in the session (retry.ts)
      logLevel: 'off', // the SDK's debug logging could print requests
    });
  }

  get baseURL(): string {
    return this.sdk.baseURL;
  }

  async streamTurn(req: TurnRequest): Promise<TurnResult> {
    const s = this.settings;
    const stream = await this.sdk.chat.completions.create(
      {
        model: s.model,
        messages: toOpenAIMessages(req.system, req.conversation),
        tools: toOpenAITools(req.tools),
        stream: true,
        stream_options: { include_usage: true },
        // gpt-5 and the o-series refuse `max_tokens`; compatible servers accept this name too.
        ...(s.maxTokens !== undefined && { max_completion_tokens: s.maxTokens }),
        ...(s.temperature !== undefined && { temperature: s.temperature }),
      },
      { signal: req.signal },
    );
    let text = '';
    const calls = new Map<number, { id: string; name: string; args: string }>();
    let usage: Usage = {};
    let stopReason: string | undefined;
    for await (const chunk of stream) {
      if (chunk.usage) usage = mapUsage(chunk.usage);
      const choice = chunk.choices?.[0];
      if (!choice) continue;
      const delta = choice.delta ?? {};
      // De-facto field of DeepSeek / vLLM reasoning models, not in the SDK's types.
      const reasoning = (delta as { reasoning_content?: unknown }).reasoning_content;
      if (typeof reasoning === 'string' && reasoning) req.onThinking?.(reasoning);
      if (delta.content) {
        text += delta.content;
        req.onText(delta.content);
      }
      for (const tc of delta.tool_calls ?? []) {
        const c = calls.get(tc.index) ?? { id: '', name: '', args: '' };
        if (tc.id) c.id = tc.id;
        if (tc.function?.name) c.name += tc.function.name;
        if (tc.function?.arguments) c.args += tc.function.arguments;
        calls.set(tc.index, c);
      }
      if (choice.finish_reason) stopReason = choice.finish_reason;
    }
    const toolCalls: ToolCall[] = [...calls.entries()]
      .sort(([a], [b]) => a - b)
      .map(([index, c]) => ({ id: c.id || `call_${index}`, name: c.name, rawInput: c.args, ...parseToolInput(c.args) }));
    return { text, toolCalls, usage, stopReason };
  }
}

/** prompt_tokens includes cached tokens; we report them apart, as Anthropic does. */
function mapUsage(u: OpenAI.CompletionUsage): Usage {
  const cached = u.prompt_tokens_details?.cached_tokens ?? 0;
  return {
    inputTokens: u.prompt_tokens - cached,
    outputTokens: u.completion_tokens,
    ...(cached > 0 && { cacheReadTokens: cached }),
  };
}

export const OPENAI_PROVIDER: ApiProvider = {
  id: 'openai',
  label: 'OpenAI',
  keyEnvVar: 'OPENAI_API_KEY',
  defaultModel: OPENAI_DEFAULT_MODEL,
  // gpt-5 takes 400k tokens and gpt-4.1 a million, but compatible local servers far less.
  defaultContextBudgetTokens: 100_000,
  sdkVersion: VERSION,
  get sdkErrors() {
    const { APIError, APIConnectionError, APIConnectionTimeoutError, APIUserAbortError } = sdk();
    return { APIError, APIConnectionError, APIConnectionTimeoutError, APIUserAbortError };
  },
  createClient: (settings) => new OpenAIClient(settings),
};

/** The `openai` executor; options may be a getter so changed settings apply to the next run. */
export function createOpenAIExecutor(options: ApiExecutorOptions | (() => ApiExecutorOptions) = {}): ApiExecutor {
  return new ApiExecutor(OPENAI_PROVIDER, options);
}
