// The Anthropic Messages API as an executor: streamed with `messages.create({stream: true})`,
// raw events mapped to the tool loop's neutral turn. Facts (notes/agent-clis.md): usage in
// `message_delta` is cumulative, so the latest value wins; tool input arrives as
// `input_json_delta` fragments of one JSON document per content block.
import type Anthropic from '@anthropic-ai/sdk';
import { VERSION } from '@anthropic-ai/sdk/version';
import type { Usage } from '../../protocol/logEntries';
import { ApiExecutor, type ApiExecutorOptions, type ApiProvider, type ClientSettings } from './apiExecutor';
import { parseToolInput, type ConversationItem, type ModelClient, type ToolCall, type TurnRequest, type TurnResult } from './modelClient';
import type { OfferedTool } from './toolSpecs';

// claude-sonnet-4-5 is marked deprecated by SDK 1.12 (it warns on every request); 4.6 is current.

/**
 * The SDK, loaded when an API run first needs it: it is most of the headless command's JavaScript,
 * and starting it cost every `viban` command (a CLI agent's run, `list`…) tens of ms it never used.
 */
function sdk(): typeof import('@anthropic-ai/sdk') {
  return require('@anthropic-ai/sdk');
}
export const ANTHROPIC_DEFAULT_MODEL = 'claude-sonnet-4-6';

type MessageParam = Anthropic.MessageParam;
type ContentBlock = Exclude<MessageParam['content'], string>[number];

/** Neutral conversation -> Messages API turns; adjacent turns of one role are merged, as the API wants alternation. */
export function toAnthropicMessages(conversation: readonly ConversationItem[]): MessageParam[] {
  const out: Array<{ role: 'user' | 'assistant'; content: ContentBlock[] }> = [];
  const push = (role: 'user' | 'assistant', blocks: ContentBlock[]) => {
    if (!blocks.length) return;
    const last = out[out.length - 1];
    if (last?.role === role) last.content.push(...blocks);
    else out.push({ role, content: blocks });
  };
  for (const item of conversation) {
    if (item.role === 'user') push('user', [{ type: 'text', text: item.text }]);
    else if (item.role === 'assistant') {
      push('assistant', [
        ...(item.text.trim() ? [{ type: 'text' as const, text: item.text }] : []),
        ...item.toolCalls.map((c) => ({ type: 'tool_use' as const, id: c.id, name: c.name, input: (c.inputError ? {} : c.input) as Record<string, unknown> })),
      ]);
    } else {
      push('user', item.results.map((r) => ({ type: 'tool_result' as const, tool_use_id: r.toolCallId, content: r.output || '(no output)', is_error: r.isError })));
    }
  }
  return out;
}

/** The conversation with a cache breakpoint on its last block (a copy: the input is not changed). */
export function withCacheBreakpoint(messages: MessageParam[]): MessageParam[] {
  const last = messages[messages.length - 1];
  if (!last || typeof last.content === 'string' || !last.content.length) return messages;
  const blocks = [...last.content];
  blocks[blocks.length - 1] = { ...blocks[blocks.length - 1], cache_control: { type: 'ephemeral' } } as (typeof blocks)[number];
  return [...messages.slice(0, -1), { ...last, content: blocks } as MessageParam];
}

export function toAnthropicTools(specs: readonly OfferedTool[]): Anthropic.Tool[] {
  return specs.map((s) => ({ name: s.name, description: s.description, input_schema: s.parameters as Anthropic.Tool.InputSchema }));
}

class AnthropicClient implements ModelClient {
  private readonly sdk: Anthropic;

  constructor(private readonly settings: ClientSettings) {
    this.sdk = new (sdk().Anthropic)({
      apiKey: settings.apiKey,
      baseURL: settings.baseURL,
      maxRetries: 0, // our retry loop shows each wait in the session (retry.ts)
      logLevel: 'off', // the SDK's debug logging could print requests; nothing of ours is logged by it
      openTelemetry: false,
    });
  }

  get baseURL(): string {
    return this.sdk.baseURL;
  }

  async streamTurn(req: TurnRequest): Promise<TurnResult> {
    const s = this.settings;
    const stream = await this.sdk.messages.create(
      {
        model: s.model,
        max_tokens: s.maxTokens ?? 8192,
        // Prompt caching: the tools and system prompt, and the conversation up to this turn, are
        // the same prefix on every turn of the tool loop; marked, the API bills re-reading them
        // at the cache rate instead of full input price (a prefix too short to cache is ignored).
        system: req.system ? [{ type: 'text', text: req.system, cache_control: { type: 'ephemeral' } }] : undefined,
        messages: withCacheBreakpoint(toAnthropicMessages(req.conversation)),
        tools: toAnthropicTools(req.tools),
        stream: true,
        ...(s.temperature !== undefined && { temperature: s.temperature }),
      },
      { signal: req.signal },
    );
    let text = '';
    const blocks = new Map<number, { id: string; name: string; json: string }>();
    const usage: Usage = {};
    let stopReason: string | undefined;
    for await (const ev of stream) {
      switch (ev.type) {
        case 'message_start': {
          const u = ev.message.usage;
          Object.assign(usage, mapUsage(u.input_tokens, u.output_tokens, u.cache_read_input_tokens, u.cache_creation_input_tokens));
          break;
        }
        case 'content_block_start':
          if (ev.content_block.type === 'tool_use') blocks.set(ev.index, { id: ev.content_block.id, name: ev.content_block.name, json: '' });
          break;
        case 'content_block_delta':
          if (ev.delta.type === 'text_delta') {
            text += ev.delta.text;
            req.onText(ev.delta.text);
          } else if (ev.delta.type === 'input_json_delta') {
            const b = blocks.get(ev.index);
            if (b) b.json += ev.delta.partial_json;
          } else if (ev.delta.type === 'thinking_delta') req.onThinking?.(ev.delta.thinking);
          break;
        case 'message_delta': {
          // Cumulative counts: the latest replaces, never adds.
          const u = ev.usage;
          Object.assign(usage, mapUsage(u.input_tokens, u.output_tokens, u.cache_read_input_tokens, u.cache_creation_input_tokens));
          stopReason = ev.delta.stop_reason ?? stopReason;
          break;
        }
        default:
          break;
      }
    }
    const toolCalls: ToolCall[] = [...blocks.entries()]
      .sort(([a], [b]) => a - b)
      .map(([, b]) => ({ id: b.id, name: b.name, rawInput: b.json, ...parseToolInput(b.json) }));
    return { text, toolCalls, usage, stopReason };
  }
}

function mapUsage(input?: number | null, output?: number | null, cacheRead?: number | null, cacheWrite?: number | null): Usage {
  const u: Usage = {};
  if (typeof input === 'number') u.inputTokens = input;
  if (typeof output === 'number') u.outputTokens = output;
  if (typeof cacheRead === 'number') u.cacheReadTokens = cacheRead;
  if (typeof cacheWrite === 'number') u.cacheWriteTokens = cacheWrite;
  return u;
}

export const ANTHROPIC_PROVIDER: ApiProvider = {
  id: 'anthropic',
  label: 'Anthropic',
  keyEnvVar: 'ANTHROPIC_API_KEY',
  defaultModel: ANTHROPIC_DEFAULT_MODEL,
  // Claude models take 200k tokens; keep room for tool results that arrive during the run.
  defaultContextBudgetTokens: 150_000,
  sdkVersion: VERSION,
  get sdkErrors() {
    const { APIError, APIConnectionError, APIConnectionTimeoutError, APIUserAbortError } = sdk();
    return { APIError, APIConnectionError, APIConnectionTimeoutError, APIUserAbortError };
  },
  createClient: (settings) => new AnthropicClient(settings),
};

/** The `anthropic` executor; options may be a getter so changed settings apply to the next run. */
export function createAnthropicExecutor(options: ApiExecutorOptions | (() => ApiExecutorOptions) = {}): ApiExecutor {
  return new ApiExecutor(ANTHROPIC_PROVIDER, options);
}
