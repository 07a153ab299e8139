// Shared plumbing for the scripted model servers (OpenAI, Gemini): a 127.0.0.1 HTTP server on a
// random port that records every request, plus the "turn" script every provider format renders.
// Each provider file only knows how to turn a ScriptedTurn into its own wire format.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  query: Record<string, string>;
  headers: http.IncomingHttpHeaders;
  /** Parsed JSON body, or the raw text when it is not JSON (undefined when empty). */
  body: unknown;
  /** Which scripted turn answered it (index into the script), if any. */
  turnIndex?: number;
  /** Answered by a side-call handler instead of the script. */
  side?: boolean;
}

export interface ScriptedToolCall {
  name: string;
  /** Object arguments are JSON-encoded; a string is sent as-is (to script malformed arguments). */
  arguments: unknown;
  /** Call id; generated when omitted. */
  id?: string;
}

/** One model reply. Every field is optional: `{}` is an empty, successful turn. */
export interface ScriptedTurn {
  text?: string;
  reasoning?: string;
  toolCalls?: ScriptedToolCall[];
  /** Wait this long before answering (to test stop/timeouts). */
  delayMs?: number;
  /** Wait between streamed chunks. */
  chunkDelayMs?: number;
  /** Answer with this HTTP error status instead of a stream. */
  status?: number;
  /** Body of the error answer (JSON). */
  errorBody?: unknown;
  /** Extra headers on the error answer (e.g. `retry-after`). */
  headers?: Record<string, string>;
  usage?: { inputTokens?: number; outputTokens?: number };
}

/** A turn, or a function that decides the turn from the request (e.g. echo what it was sent). */
export type TurnSource = ScriptedTurn | ((req: RecordedRequest) => ScriptedTurn);

export interface ScriptedServerBase {
  /** http://127.0.0.1:<port> (no trailing slash). */
  readonly origin: string;
  readonly port: number;
  readonly requests: RecordedRequest[];
  /** Append more turns to the script. */
  enqueue(...turns: TurnSource[]): void;
  /** Turns not yet consumed. */
  remaining(): number;
  close(): Promise<void>;
}

export type RouteHandler = (
  req: RecordedRequest,
  res: http.ServerResponse,
  nextTurn: (req: RecordedRequest) => ScriptedTurn,
) => Promise<boolean> | boolean;

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** When the script runs out the server still answers, so a CLI never hangs on a test bug. */
export const EXHAUSTED_TEXT = '(scripted server: no more turns)';

/**
 * Starts a server that parses each request, records it, then asks `route` to answer. A route that
 * returns false gets a 404 JSON body (recorded too), so unexpected probes show up in `requests`.
 */
export async function startScriptedHttpServer(
  turns: TurnSource[],
  route: RouteHandler,
): Promise<ScriptedServerBase> {
  const script = [...turns];
  let consumed = 0;
  const requests: RecordedRequest[] = [];
  const sockets = new Set<import('node:net').Socket>();

  const nextTurn = (req: RecordedRequest): ScriptedTurn => {
    const src = script.shift();
    if (!src) return { text: EXHAUSTED_TEXT };
    req.turnIndex = consumed++;
    return typeof src === 'function' ? src(req) : src;
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = undefined;
      if (text) {
        try {
          body = JSON.parse(text);
        } catch {
          body = text;
        }
      }
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: req.headers,
        body,
      };
      requests.push(recorded);
      Promise.resolve(route(recorded, res, nextTurn))
        .then((handled) => {
          if (!handled && !res.headersSent) sendJson(res, 404, { error: { message: `no route for ${recorded.method} ${recorded.path}` } });
        })
        .catch((err: unknown) => {
          if (!res.headersSent) sendJson(res, 500, { error: { message: String(err) } });
          else res.destroy();
        });
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    requests,
    enqueue: (...more) => void script.push(...more),
    remaining: () => script.length,
    close: () =>
      new Promise<void>((resolve) => {
        // Keep-alive sockets from a CLI that is still shutting down would hold close() open.
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

export function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** Opens an SSE response; `send` writes one event (named, or data-only when `event` is omitted). */
export function openSse(res: http.ServerResponse) {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
  return {
    send(data: unknown, event?: string) {
      const payload = typeof data === 'string' ? data : JSON.stringify(data);
      res.write((event ? `event: ${event}\n` : '') + `data: ${payload}\n\n`);
    },
    end() {
      res.end();
    },
  };
}

/** Splits text into a few chunks so clients really see several deltas. */
export function chunkText(text: string, parts = 3): string[] {
  if (text.length <= parts) return text ? [text] : [];
  const size = Math.ceil(text.length / parts);
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

export function argumentsText(args: unknown): string {
  return typeof args === 'string' ? args : JSON.stringify(args ?? {});
}

/** Waits the turn's delay, then answers with its error status if it has one (true when it did). */
export async function delayThenMaybeError(res: http.ServerResponse, turn: ScriptedTurn): Promise<boolean> {
  if (turn.delayMs) await sleep(turn.delayMs);
  if (turn.status === undefined) return false;
  sendJson(res, turn.status, turn.errorBody ?? { error: { message: `scripted error ${turn.status}` } }, turn.headers);
  return true;
}
