// The webview's one mechanism for requests that wait for a `reply`: each gets a fresh request id
// and its own timeout, and the host's reply (or, after the timeout, an error the person can act
// on) goes to the callback that sent it. One instance per page, shared by the board commands and
// the session, review and automation hubs; the single listener hands it every `reply`.
import type { RequestMessage, ToWebview } from '../../src/protocol/messages';
import { newRequestId } from './requestIds';
import type { HostApi } from './vscodeApi';

export type ReplyMessage = Extract<ToWebview, { type: 'reply' }>;
/** What the sender gets: the host's reply without its envelope, or `{ ok: false, error }` on timeout. */
export type Reply = Omit<ReplyMessage, 'type' | 'inReplyTo'>;
/** A request as a caller writes it: the id is added when it is sent. */
export type WithoutRequestId<T> = T extends unknown ? Omit<T, 'requestId'> : never;
export type RequestBody = WithoutRequestId<RequestMessage>;

export const NO_ANSWER = 'Viban did not answer in time. Try again.';

export interface SendOptions {
  /** How long to wait for the host before giving up. */
  timeoutMs: number;
  /** The error given on timeout (default NO_ANSWER). */
  timeoutError?: string;
  /** Who sent it, so that one sender can ask how many of its requests are in flight. */
  owner?: object;
}

export class PendingReplies {
  private readonly waiting = new Map<string, { done: (reply: Reply) => void; timer: ReturnType<typeof setTimeout>; owner?: object }>();

  constructor(private readonly api: HostApi) {}

  /** Requests waiting for their reply (of one sender when `owner` is given). */
  pending(owner?: object): number {
    if (!owner) return this.waiting.size;
    let n = 0;
    this.waiting.forEach((w) => (n += w.owner === owner ? 1 : 0));
    return n;
  }

  /** Posts `body` with a new request id; `done` gets the reply, or an error after the timeout. */
  send(body: RequestBody, options: SendOptions, done: (reply: Reply) => void = () => {}): string {
    const requestId = newRequestId();
    const timer = setTimeout(() => {
      this.waiting.delete(requestId);
      done({ ok: false, error: options.timeoutError ?? NO_ANSWER });
    }, options.timeoutMs);
    this.waiting.set(requestId, { done, timer, owner: options.owner });
    this.api.postMessage({ ...body, requestId } as RequestMessage);
    return requestId;
  }

  /** A reply from the host: true when it answered a request still waiting (each is answered once). */
  receive(msg: ReplyMessage): boolean {
    const w = this.waiting.get(msg.inReplyTo);
    if (!w) return false;
    clearTimeout(w.timer);
    this.waiting.delete(msg.inReplyTo);
    const { type: _type, inReplyTo: _id, ...reply } = msg;
    w.done(reply);
    return true;
  }

  dispose(): void {
    this.waiting.forEach((w) => clearTimeout(w.timer));
    this.waiting.clear();
  }
}
