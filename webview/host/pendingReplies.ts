// Requests to the host that expect a `reply`: each gets a fresh request id, waits for the reply
// carrying it, and gives up after its own timeout with an error the person can act on. Shared by
// the session and review hubs, which only differ in what of the reply they keep.
import type { RequestMessage, ToWebview } from '../../src/protocol/messages';
import { newRequestId } from './requestIds';
import type { HostApi } from './vscodeApi';

export type ReplyMessage = Extract<ToWebview, { type: 'reply' }>;
/** A request as a hub's caller writes it: the id is added when it is sent. */
export type WithoutRequestId<T> = T extends unknown ? Omit<T, 'requestId'> : never;

export const NO_ANSWER = 'Viban did not answer in time. Try again.';

export class PendingReplies<R> {
  private readonly waiting = new Map<string, { done: (reply: R) => void; timer: ReturnType<typeof setTimeout> }>();

  constructor(
    private readonly api: HostApi,
    /** What a reply (or a timeout: `{ ok: false, error }`) means to the caller. */
    private readonly toReply: (reply: Pick<ReplyMessage, 'ok' | 'error'> & Partial<ReplyMessage>) => R,
    /** Called after a request settled either way (e.g. to re-render a busy state). */
    private readonly settled: () => void = () => {},
  ) {}

  /** Requests waiting for their reply. */
  get size(): number {
    return this.waiting.size;
  }

  /** Posts `body` with a new request id; `done` gets the reply, or an error after `timeoutMs`. */
  send(body: WithoutRequestId<RequestMessage>, timeoutMs: number, done: (reply: R) => void): string {
    const requestId = newRequestId();
    const timer = setTimeout(() => {
      this.waiting.delete(requestId);
      done(this.toReply({ ok: false, error: NO_ANSWER }));
      this.settled();
    }, timeoutMs);
    this.waiting.set(requestId, { done, timer });
    this.api.postMessage({ ...body, requestId } as RequestMessage);
    return requestId;
  }

  /** A reply from the host: true when it answered one of these requests (each is answered once). */
  receive(msg: ReplyMessage): boolean {
    const w = this.waiting.get(msg.inReplyTo);
    if (!w) return false;
    clearTimeout(w.timer);
    this.waiting.delete(msg.inReplyTo);
    w.done(this.toReply(msg));
    this.settled();
    return true;
  }

  dispose(): void {
    this.waiting.forEach((w) => clearTimeout(w.timer));
    this.waiting.clear();
  }
}
