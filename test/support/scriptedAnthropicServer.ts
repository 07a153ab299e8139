// A local stand-in for the Anthropic Messages API, good enough for the real `claude` CLI.
// Tests script the model's turns; each main-loop request (one that offers tools) consumes the next
// turn, and every request is recorded so tests can assert what the CLI sent. Requests without
// tools (title/quota/summary helpers the CLI may send with a small model) are "aux": answered
// with a harmless text and never consume the script. Only 127.0.0.1.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ScriptedBlock =
  | { type: 'text'; text: string }
  | { type: 'thinking'; thinking: string }
  | { type: 'tool_use'; name: string; input: Record<string, unknown>; id?: string };

export interface ScriptedTurn {
  blocks?: ScriptedBlock[];
  /** Default: `tool_use` when a block is a tool use, else `end_turn`. */
  stopReason?: string;
  usage?: { input_tokens?: number; output_tokens?: number; cache_read_input_tokens?: number; cache_creation_input_tokens?: number };
  /** Pause between SSE events (slow streaming, for stop-mid-run tests). */
  eventDelayMs?: number;
  /** Answer with this HTTP error instead of a message (401, 429, 500, …). */
  status?: number;
  errorMessage?: string;
  /** Extra headers on the error answer (e.g. `retry-after: '1'` for a 429; default for 429 is '0'). */
  headers?: Record<string, string>;
  /** Serve this turn to this many main requests in a row (e.g. a 401 the CLI retries). Default 1. */
  times?: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  search: string;
  headers: IncomingMessage['headers'];
  /** Parsed JSON body (undefined for bodiless requests). */
  body: any;
  kind: 'main' | 'aux' | 'other';
  /** Index of the scripted turn this request consumed. */
  turn?: number;
}

export interface ScriptedAnthropicServer {
  readonly url: string;
  readonly port: number;
  readonly requests: RecordedRequest[];
  /** Requests that consumed (or tried to consume) a scripted turn. */
  mainRequests(): RecordedRequest[];
  /** Adds turns to the end of the script. */
  push(...turns: ScriptedTurn[]): void;
  readonly remainingTurns: number;
  /** Main requests that arrived after the script ran out. */
  readonly exhaustedRequests: number;
  /** Environment pointing the CLI here, with HOME (and so ~/.claude) in `home`. */
  env(home: string): Record<string, string>;
  close(): Promise<void>;
}

export const text = (t: string): ScriptedBlock => ({ type: 'text', text: t });
export const thinking = (t: string): ScriptedBlock => ({ type: 'thinking', thinking: t });
export const toolUse = (name: string, input: Record<string, unknown>, id?: string): ScriptedBlock => ({ type: 'tool_use', name, input, id });

const ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request_error', 401: 'authentication_error', 403: 'permission_error', 404: 'not_found_error',
  429: 'rate_limit_error', 500: 'api_error', 529: 'overloaded_error',
};

let idCounter = 0;
const nextId = (prefix: string) => `${prefix}_${process.pid.toString(36)}${Date.now().toString(36)}${(idCounter++).toString(36)}`;

function toContent(blocks: ScriptedBlock[]) {
  return blocks.map((b) =>
    b.type === 'tool_use'
      ? { type: 'tool_use', id: b.id ?? nextId('toolu'), name: b.name, input: b.input }
      : b.type === 'thinking'
        ? { type: 'thinking', thinking: b.thinking, signature: 'scripted-signature' }
        : { type: 'text', text: b.text },
  );
}

/** Splits a string into small pieces so the CLI sees several deltas per block. */
function pieces(s: string, size = 12): string[] {
  const out: string[] = [];
  for (let i = 0; i < s.length; i += size) out.push(s.slice(i, i + size));
  return out.length ? out : [''];
}

export async function startScriptedAnthropicServer(initial: ScriptedTurn[] = []): Promise<ScriptedAnthropicServer> {
  const script = [...initial];
  let consumed = 0;
  let servedCurrent = 0;
  let exhausted = 0;
  const requests: RecordedRequest[] = [];

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: any;
      try {
        body = raw ? JSON.parse(raw) : undefined;
      } catch {
        body = raw;
      }
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const rec: RecordedRequest = { method: req.method ?? 'GET', path: url.pathname, search: url.search, headers: req.headers, body, kind: 'other' };
      requests.push(rec);
      handle(rec, res);
    });
  });

  function handle(rec: RecordedRequest, res: ServerResponse) {
    if (rec.method !== 'POST') {
      // `HEAD /` connectivity probes and anything else: harmless 200.
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(rec.method === 'HEAD' ? undefined : '{}');
      return;
    }
    if (rec.path.endsWith('/count_tokens')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ input_tokens: 100 }));
      return;
    }
    if (!rec.path.endsWith('/v1/messages')) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ type: 'error', error: { type: 'not_found_error', message: `scripted server: no ${rec.path}` } }));
      return;
    }
    const isMain = Array.isArray(rec.body?.tools) && rec.body.tools.length > 0;
    rec.kind = isMain ? 'main' : 'aux';
    let turn: ScriptedTurn;
    if (!isMain) turn = { blocks: [text('OK')] };
    else if (consumed < script.length) {
      rec.turn = consumed;
      turn = script[consumed];
      if (++servedCurrent >= (turn.times ?? 1)) {
        consumed++;
        servedCurrent = 0;
      }
    } else {
      exhausted++;
      turn = { blocks: [text('(scripted server: no more turns)')] };
    }
    if (turn.status) {
      const type = ERROR_TYPES[turn.status] ?? 'api_error';
      res.writeHead(turn.status, { 'content-type': 'application/json', ...(turn.status === 429 ? { 'retry-after': '0' } : {}), ...turn.headers });
      res.end(JSON.stringify({ type: 'error', error: { type, message: turn.errorMessage ?? `scripted ${turn.status}` } }));
      return;
    }
    const content = toContent(turn.blocks ?? []);
    const stopReason = turn.stopReason ?? (content.some((c) => c.type === 'tool_use') ? 'tool_use' : 'end_turn');
    const usage = { input_tokens: 100, output_tokens: 20, cache_read_input_tokens: 0, cache_creation_input_tokens: 0, ...turn.usage };
    const message = { id: nextId('msg'), type: 'message', role: 'assistant', model: rec.body?.model ?? 'claude-scripted', stop_sequence: null };
    if (!rec.body?.stream) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ...message, content, stop_reason: stopReason, usage }));
      return;
    }
    void streamMessage(res, message, content, stopReason, usage, turn.eventDelayMs ?? 0);
  }

  async function streamMessage(res: ServerResponse, message: object, content: any[], stopReason: string, usage: any, delayMs: number) {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    let closed = false;
    res.on('close', () => (closed = true));
    const send = async (type: string, data: object) => {
      if (closed) return;
      if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
      if (!closed) res.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
    };
    await send('message_start', {
      message: { ...message, content: [], stop_reason: null, usage: { ...usage, output_tokens: 1 } },
    });
    for (const [index, c] of content.entries()) {
      if (c.type === 'text') {
        await send('content_block_start', { index, content_block: { type: 'text', text: '' } });
        for (const p of pieces(c.text)) await send('content_block_delta', { index, delta: { type: 'text_delta', text: p } });
      } else if (c.type === 'thinking') {
        await send('content_block_start', { index, content_block: { type: 'thinking', thinking: '', signature: '' } });
        for (const p of pieces(c.thinking)) await send('content_block_delta', { index, delta: { type: 'thinking_delta', thinking: p } });
        await send('content_block_delta', { index, delta: { type: 'signature_delta', signature: c.signature } });
      } else {
        await send('content_block_start', { index, content_block: { type: 'tool_use', id: c.id, name: c.name, input: {} } });
        for (const p of pieces(JSON.stringify(c.input), 40)) await send('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: p } });
      }
      await send('content_block_stop', { index });
    }
    await send('message_delta', { delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: usage.output_tokens } });
    await send('message_stop', {});
    if (!closed) res.end();
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;

  return {
    url,
    port,
    requests,
    mainRequests: () => requests.filter((r) => r.kind === 'main'),
    push: (...turns) => void script.push(...turns),
    get remainingTurns() {
      return script.length - consumed;
    },
    get exhaustedRequests() {
      return exhausted;
    },
    env: (home: string) => ({
      HOME: home,
      ANTHROPIC_BASE_URL: url,
      ANTHROPIC_API_KEY: 'test-key',
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
