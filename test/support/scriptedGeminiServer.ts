// A scripted Gemini API (generativelanguage v1beta) on 127.0.0.1, for the real Gemini CLI:
// `POST /v1beta/models/<model>:streamGenerateContent?alt=sse` consumes the turn script; each SSE
// `data:` is a GenerateContentResponse, the last one with `finishReason` and `usageMetadata`.
// `:generateContent` (the CLI's side calls, e.g. JSON-schema checks) is answered by `sideCall`
// so those never eat a scripted turn; `:countTokens` gets a rough count.
import type http from 'node:http';
import {
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

export interface ScriptedGeminiServer extends ScriptedServerBase {
  /** Streamed model requests only (the ones that consume turns). */
  modelRequests(): RecordedRequest[];
}

export interface ScriptedGeminiOptions {
  /** Answer for non-streamed `:generateContent` side calls; default: a short text turn. */
  sideCall?: (req: RecordedRequest) => ScriptedTurn;
}

const MODEL_PATH = /^\/v1beta\/models\/([^/:]+):(streamGenerateContent|generateContent|countTokens)$/;

export async function startScriptedGeminiServer(
  turns: TurnSource[] = [],
  opts: ScriptedGeminiOptions = {},
): Promise<ScriptedGeminiServer> {
  const base = await startScriptedHttpServer(turns, async (req, res, nextTurn) => {
    const m = MODEL_PATH.exec(req.path);
    if (req.method !== 'POST' || !m) return false;
    const [, model, method] = m;
    if (method === 'countTokens') {
      sendJson(res, 200, { totalTokens: Math.ceil(JSON.stringify(req.body ?? '').length / 4) });
      return true;
    }
    if (method === 'generateContent') {
      req.side = true;
      const turn = opts.sideCall?.(req) ?? { text: '{}' };
      if (await delayThenMaybeError(res, turn)) return true;
      sendJson(res, 200, response(model!, parts(turn), true, turn));
      return true;
    }
    const turn = nextTurn(req);
    if (await delayThenMaybeError(res, turn)) return true;
    await stream(res, model!, turn);
    return true;
  });
  return {
    ...base,
    modelRequests: () => base.requests.filter((r) => r.path.endsWith(':streamGenerateContent')),
  };
}

type Part = { text?: string; thought?: boolean; functionCall?: { name: string; args: unknown; id?: string } };

function parts(turn: ScriptedTurn): Part[] {
  const out: Part[] = [];
  if (turn.reasoning) out.push({ text: turn.reasoning, thought: true });
  if (turn.text) out.push({ text: turn.text });
  for (const call of turn.toolCalls ?? []) {
    // Gemini function-call args are an object, never a JSON string.
    const args = typeof call.arguments === 'string' ? safeParse(call.arguments) : call.arguments;
    out.push({ functionCall: { name: call.name, args: args ?? {}, ...(call.id ? { id: call.id } : {}) } });
  }
  return out;
}

function safeParse(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return { raw: s };
  }
}

function response(model: string, p: Part[], final: boolean, turn: ScriptedTurn) {
  const prompt = turn.usage?.inputTokens ?? 100;
  const candidates = turn.usage?.outputTokens ?? 20;
  return {
    candidates: [{ content: { parts: p, role: 'model' }, index: 0, ...(final ? { finishReason: 'STOP' } : {}) }],
    ...(final ? { usageMetadata: { promptTokenCount: prompt, candidatesTokenCount: candidates, totalTokenCount: prompt + candidates } } : {}),
    modelVersion: model,
  };
}

async function stream(res: http.ServerResponse, model: string, turn: ScriptedTurn) {
  const sse = openSse(res);
  const pause = () => (turn.chunkDelayMs ? sleep(turn.chunkDelayMs) : Promise.resolve());
  const all = parts(turn);
  const textChunks = turn.text ? chunkText(turn.text) : [];
  // Stream thoughts and text in pieces; function calls arrive whole (that is how Gemini sends them).
  const streamed: Part[][] = [];
  if (turn.reasoning) streamed.push([{ text: turn.reasoning, thought: true }]);
  for (const c of textChunks) streamed.push([{ text: c }]);
  const calls = all.filter((p) => p.functionCall);
  if (calls.length) streamed.push(calls);
  if (streamed.length === 0) streamed.push([{ text: '' }]);
  for (const [i, p] of streamed.entries()) {
    await pause();
    sse.send(response(model, p, i === streamed.length - 1, turn));
  }
  sse.end();
}
