// A scripted OpenAI-compatible server on 127.0.0.1: the Responses API (what Codex speaks) and Chat
// Completions (what OpenCode's @ai-sdk/openai-compatible and the OpenAI SDK speak), streamed as SSE
// or answered whole when the request has no `stream: true`. Both endpoints consume one shared script
// of turns in request order; every request (including probes like GET /v1/models) is recorded.
import type http from 'node:http';
import {
  argumentsText,
  chunkText,
  delayThenMaybeError,
  openSse,
  sendJson,
  sleep,
  startScriptedHttpServer,
  type RecordedRequest,
  type ScriptedServerBase,
  type ScriptedTurn,
  type TurnSource,
} from './scriptedHttpBase';

export type { RecordedRequest, ScriptedToolCall, ScriptedTurn, TurnSource } from './scriptedHttpBase';

export interface ScriptedOpenAIServer extends ScriptedServerBase {
  /** http://127.0.0.1:<port>/v1 — what clients take as base URL. */
  readonly baseUrl: string;
  /** Requests to the two model endpoints that were answered from the script (not side calls). */
  modelRequests(): RecordedRequest[];
}

export interface ScriptedOpenAIOptions {
  /** Model ids listed by GET /v1/models. */
  models?: string[];
  /**
   * Answers a request without consuming a scripted turn when it returns a turn — for a client's
   * side calls that race the main loop (OpenCode's title generation runs alongside the first turn).
   */
  sideCall?: (req: RecordedRequest) => ScriptedTurn | undefined;
}

const RESPONSES = '/v1/responses';
const CHAT = '/v1/chat/completions';

export async function startScriptedOpenAIServer(
  turns: TurnSource[] = [],
  opts: ScriptedOpenAIOptions = {},
): Promise<ScriptedOpenAIServer> {
  let seq = 0;
  const nextId = (prefix: string) => `${prefix}_${++seq}`;

  const base = await startScriptedHttpServer(turns, async (req, res, nextTurn) => {
    if (req.method === 'GET' && req.path === '/v1/models') {
      const data = (opts.models ?? ['m1']).map((id) => ({ id, object: 'model', created: 0, owned_by: 'scripted' }));
      sendJson(res, 200, { object: 'list', data });
      return true;
    }
    if (req.method !== 'POST' || (req.path !== RESPONSES && req.path !== CHAT)) return false;
    const side = opts.sideCall?.(req);
    if (side) req.side = true;
    const turn = side ?? nextTurn(req);
    if (await delayThenMaybeError(res, turn)) return true;
    const body = (req.body ?? {}) as { stream?: boolean; model?: string };
    const model = body.model ?? 'm1';
    if (req.path === RESPONSES) {
      if (body.stream) await streamResponses(res, turn, model, nextId);
      else sendJson(res, 200, responseObject(turn, model, nextId('resp'), responseOutput(turn, nextId)));
    } else if (body.stream) {
      await streamChat(res, turn, model, nextId('chatcmpl'), nextId);
    } else {
      sendJson(res, 200, chatCompletion(turn, model, nextId('chatcmpl'), nextId));
    }
    return true;
  });

  return {
    ...base,
    baseUrl: `${base.origin}/v1`,
    modelRequests: () => base.requests.filter((r) => (r.path === RESPONSES || r.path === CHAT) && !r.side),
  };
}

// ---- Responses API ----------------------------------------------------------------------------

type ResponseItem = Record<string, unknown> & { id: string; type: string };

function responseOutput(turn: ScriptedTurn, nextId: (p: string) => string): ResponseItem[] {
  const items: ResponseItem[] = [];
  if (turn.reasoning) {
    items.push({ id: nextId('rs'), type: 'reasoning', summary: [{ type: 'summary_text', text: turn.reasoning }] });
  }
  if (turn.text !== undefined) {
    items.push({
      id: nextId('msg'),
      type: 'message',
      role: 'assistant',
      status: 'completed',
      content: [{ type: 'output_text', text: turn.text, annotations: [] }],
    });
  }
  for (const call of turn.toolCalls ?? []) {
    items.push({
      id: nextId('fc'),
      type: 'function_call',
      status: 'completed',
      call_id: call.id ?? nextId('call'),
      name: call.name,
      arguments: argumentsText(call.arguments),
    });
  }
  return items;
}

function responsesUsage(turn: ScriptedTurn) {
  const input = turn.usage?.inputTokens ?? 100;
  const output = turn.usage?.outputTokens ?? 20;
  return {
    input_tokens: input,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens: output,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: input + output,
  };
}

function responseObject(turn: ScriptedTurn, model: string, id: string, output: ResponseItem[], status = 'completed') {
  return {
    id,
    object: 'response',
    created_at: Math.floor(Date.now() / 1000),
    status,
    model,
    output,
    usage: status === 'completed' ? responsesUsage(turn) : null,
  };
}

async function streamResponses(res: http.ServerResponse, turn: ScriptedTurn, model: string, nextId: (p: string) => string) {
  const sse = openSse(res);
  const respId = nextId('resp');
  const output = responseOutput(turn, nextId);
  let sequence = 0;
  // Codex routes on the `type` inside data; the `event:` line mirrors it for other clients.
  const send = (type: string, payload: Record<string, unknown>) => sse.send({ type, sequence_number: sequence++, ...payload }, type);
  const pause = () => (turn.chunkDelayMs ? sleep(turn.chunkDelayMs) : Promise.resolve());

  send('response.created', { response: responseObject(turn, model, respId, [], 'in_progress') });
  for (const [index, item] of output.entries()) {
    if (item.type === 'message') {
      const text = turn.text ?? '';
      send('response.output_item.added', { output_index: index, item: { ...item, status: 'in_progress', content: [] } });
      send('response.content_part.added', { item_id: item.id, output_index: index, content_index: 0, part: { type: 'output_text', text: '', annotations: [] } });
      for (const delta of chunkText(text)) {
        await pause();
        send('response.output_text.delta', { item_id: item.id, output_index: index, content_index: 0, delta });
      }
      send('response.output_text.done', { item_id: item.id, output_index: index, content_index: 0, text });
      send('response.content_part.done', { item_id: item.id, output_index: index, content_index: 0, part: { type: 'output_text', text, annotations: [] } });
    } else if (item.type === 'reasoning') {
      send('response.output_item.added', { output_index: index, item: { ...item, summary: [] } });
      for (const delta of chunkText(turn.reasoning ?? '')) {
        await pause();
        send('response.reasoning_summary_text.delta', { item_id: item.id, output_index: index, summary_index: 0, delta });
      }
    } else {
      send('response.output_item.added', { output_index: index, item: { ...item, status: 'in_progress', arguments: '' } });
      for (const delta of chunkText(String(item.arguments))) {
        send('response.function_call_arguments.delta', { item_id: item.id, output_index: index, delta });
      }
      send('response.function_call_arguments.done', { item_id: item.id, output_index: index, arguments: item.arguments });
    }
    send('response.output_item.done', { output_index: index, item });
  }
  send('response.completed', { response: responseObject(turn, model, respId, output) });
  sse.end();
}

// ---- Chat Completions -------------------------------------------------------------------------

function chatUsage(turn: ScriptedTurn) {
  const prompt = turn.usage?.inputTokens ?? 100;
  const completion = turn.usage?.outputTokens ?? 20;
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
}

function chatToolCalls(turn: ScriptedTurn, nextId: (p: string) => string) {
  return (turn.toolCalls ?? []).map((c) => ({
    id: c.id ?? nextId('call'),
    type: 'function' as const,
    function: { name: c.name, arguments: argumentsText(c.arguments) },
  }));
}

function chatCompletion(turn: ScriptedTurn, model: string, id: string, nextId: (p: string) => string) {
  const toolCalls = chatToolCalls(turn, nextId);
  return {
    id,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: turn.text ?? null,
          ...(turn.reasoning ? { reasoning_content: turn.reasoning } : {}),
          ...(toolCalls.length ? { tool_calls: toolCalls } : {}),
        },
        finish_reason: toolCalls.length ? 'tool_calls' : 'stop',
      },
    ],
    usage: chatUsage(turn),
  };
}

async function streamChat(res: http.ServerResponse, turn: ScriptedTurn, model: string, id: string, nextId: (p: string) => string) {
  const sse = openSse(res);
  const created = Math.floor(Date.now() / 1000);
  const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
    sse.send({ id, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta, finish_reason: finish }] });
  const pause = () => (turn.chunkDelayMs ? sleep(turn.chunkDelayMs) : Promise.resolve());

  chunk({ role: 'assistant', content: '' });
  // `reasoning_content` is the de-facto field (DeepSeek, vLLM) that openai-compatible clients read.
  for (const delta of chunkText(turn.reasoning ?? '')) {
    await pause();
    chunk({ reasoning_content: delta });
  }
  for (const delta of chunkText(turn.text ?? '')) {
    await pause();
    chunk({ content: delta });
  }
  // Tool calls arrive as fragments keyed by `index`: first id + name, then the arguments in pieces.
  for (const [index, call] of chatToolCalls(turn, nextId).entries()) {
    chunk({ tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.function.name, arguments: '' } }] });
    for (const piece of chunkText(call.function.arguments)) chunk({ tool_calls: [{ index, function: { arguments: piece } }] });
  }
  chunk({}, turn.toolCalls?.length ? 'tool_calls' : 'stop');
  // The usage chunk has no choices (stream_options.include_usage); sent always, clients ignore it.
  sse.send({ id, object: 'chat.completion.chunk', created, model, choices: [], usage: chatUsage(turn) });
  sse.send('[DONE]');
  sse.end();
}
