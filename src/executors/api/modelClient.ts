// The provider-neutral conversation the tool loop keeps, and the one call each provider implements:
// stream one model turn. Providers translate to and from their own wire format; the loop never
// sees an SDK type.
import type { Usage } from '../../protocol/logEntries';
import type { OfferedTool } from './toolSpecs';

export interface ToolCall {
  id: string;
  name: string;
  /** Parsed arguments ({} when they did not parse; see inputError). */
  input: unknown;
  /** The arguments as the model sent them (OpenAI echoes them back verbatim). */
  rawInput: string;
  /** Why the arguments could not be used (invalid JSON), reported back to the model. */
  inputError?: string;
}

export interface ToolResultItem {
  toolCallId: string;
  output: string;
  isError: boolean;
}

export type ConversationItem =
  | { role: 'user'; text: string }
  | { role: 'assistant'; text: string; toolCalls: ToolCall[] }
  | { role: 'tool_results'; results: ToolResultItem[] };

export interface TurnRequest {
  system: string;
  conversation: readonly ConversationItem[];
  tools: readonly OfferedTool[];
  signal: AbortSignal;
  /** A piece of assistant text, as it streams. */
  onText(delta: string): void;
  /** A piece of visible reasoning (Anthropic thinking, `reasoning_content` of compatible servers). */
  onThinking?(delta: string): void;
}

export interface TurnResult {
  text: string;
  toolCalls: ToolCall[];
  /** Usage of this one request (the provider keeps the latest of cumulative counts). */
  usage: Usage;
  stopReason?: string;
}

export interface ModelClient {
  readonly baseURL: string;
  streamTurn(req: TurnRequest): Promise<TurnResult>;
}

/** Parses streamed tool arguments; an empty string means "no arguments". */
export function parseToolInput(raw: string): { input: unknown; inputError?: string } {
  if (!raw.trim()) return { input: {} };
  try {
    const input = JSON.parse(raw) as unknown;
    if (!input || typeof input !== 'object' || Array.isArray(input)) return { input: {}, inputError: 'The tool arguments must be a JSON object.' };
    return { input };
  } catch (err) {
    return { input: {}, inputError: `The tool arguments are not valid JSON (${(err as Error).message}).` };
  }
}

export function addUsage(a: Usage, b: Usage): Usage {
  const sum = (x?: number, y?: number) => (x === undefined && y === undefined ? undefined : (x ?? 0) + (y ?? 0));
  const out: Usage = {
    inputTokens: sum(a.inputTokens, b.inputTokens),
    outputTokens: sum(a.outputTokens, b.outputTokens),
    cacheReadTokens: sum(a.cacheReadTokens, b.cacheReadTokens),
    cacheWriteTokens: sum(a.cacheWriteTokens, b.cacheWriteTokens),
  };
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined)) as Usage;
}
