// `viban webhook serve`: GitHub's delivery of `workflow_run` events, for teams that run a server
// and want completions at once instead of at the next poll. A delivery is accepted only when its
// X-Hub-Signature-256 is the HMAC-SHA256 of the exact body with the shared secret (compared in
// constant time), neither its X-GitHub-Delivery id nor its exact body was seen before (a replay:
// the id header is not covered by the signature, so a captured delivery resent under a new id is
// caught by its body, whose timestamps differ between real events), and it is not larger than
// GitHub ever sends. Everything else is refused with a status and a short reason.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/** GitHub caps payloads at 25 MB; workflow_run events are a few KB. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
/** Ids and body digests kept for replay checks (two entries a delivery). */
const REMEMBERED_DELIVERIES = 20_000;

export interface WebhookDelivery {
  id: string;
  event: string;
  payload: unknown;
}

export interface WebhookServerOptions {
  secret: string;
  port: number;
  host?: string;
  maxBodyBytes?: number;
  /** A delivery must arrive whole within this (GitHub sends a few KB at once; a trickle is not GitHub). */
  requestTimeoutMs?: number;
  onDelivery: (delivery: WebhookDelivery) => void | Promise<void>;
  /** One line per refused request (no body, no secret in it). */
  onRefused?: (status: number, reason: string) => void;
}

export function signatureFor(secret: string, body: Buffer | string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** Constant-time comparison of the header with the expected signature. */
export function signatureMatches(secret: string, body: Buffer, header: string | undefined): boolean {
  if (!header) return false;
  const expected = Buffer.from(signatureFor(secret, body));
  const given = Buffer.from(header);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export class WebhookServer {
  private readonly server: http.Server;
  private readonly seen = new Set<string>();

  constructor(private readonly opts: WebhookServerOptions) {
    if (!opts.secret) throw new Error('A webhook secret is needed (VIBAN_WEBHOOK_SECRET): the same one as in the repository\'s webhook settings.');
    // A server facing the internet: a sender that trickles its request holds a socket only briefly
    // (checked every second or so, not at Node's default 30 s).
    const requestTimeout = opts.requestTimeoutMs ?? 10_000;
    this.server = http.createServer({ requestTimeout, headersTimeout: requestTimeout, connectionsCheckingInterval: Math.min(1000, Math.max(50, requestTimeout / 4)) }, (req, res) => void this.handle(req, res));
  }

  listen(): Promise<AddressInfo> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.opts.port, this.opts.host ?? '127.0.0.1', () => resolve(this.server.address() as AddressInfo));
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private refuse(res: http.ServerResponse, status: number, reason: string): void {
    this.opts.onRefused?.(status, reason);
    res.writeHead(status, { 'content-type': 'text/plain', connection: 'close' }).end(`${reason}\n`);
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (req.method !== 'POST') return this.refuse(res, 405, 'only POST');
    const max = this.opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    if (Number(req.headers['content-length'] ?? 0) > max) {
      req.resume();
      return this.refuse(res, 413, 'payload too large');
    }
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of req) {
        size += (chunk as Buffer).length;
        if (size > max) {
          // Answer first, then drop the connection: the sender learns why instead of seeing a reset.
          res.once('finish', () => req.destroy());
          return this.refuse(res, 413, 'payload too large');
        }
        chunks.push(chunk as Buffer);
      }
    } catch {
      return;
    }
    const body = Buffer.concat(chunks);
    const signature = header(req, 'x-hub-signature-256');
    if (!signature) return this.refuse(res, 401, 'missing X-Hub-Signature-256');
    if (!signatureMatches(this.opts.secret, body, signature)) return this.refuse(res, 401, 'signature does not match');
    const id = header(req, 'x-github-delivery');
    if (!id) return this.refuse(res, 400, 'missing X-GitHub-Delivery');
    const digest = `body:${createHash('sha256').update(body).digest('hex')}`;
    if (this.seen.has(id) || this.seen.has(digest)) return this.refuse(res, 409, 'delivery already received (replay)');
    let payload: unknown;
    try {
      payload = JSON.parse(body.toString('utf8'));
    } catch {
      return this.refuse(res, 400, 'body is not JSON');
    }
    this.remember(id);
    this.remember(digest);
    res.writeHead(202, { 'content-type': 'text/plain' }).end('accepted\n');
    await Promise.resolve(this.opts.onDelivery({ id, event: header(req, 'x-github-event') ?? '', payload })).catch(() => undefined);
  }

  private remember(id: string): void {
    this.seen.add(id);
    // Sets iterate in insertion order: the oldest go first.
    if (this.seen.size > REMEMBERED_DELIVERIES) this.seen.delete(this.seen.values().next().value as string);
  }
}

function header(req: http.IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}
