// The host's one message router: a table keyed by message type, one handler per type of
// FromWebview. The table's type lists every type, so a message without a handler (or a handler
// for a message that does not exist) is a compile error. A handler returns what its reply
// carries; the router validates, dispatches, and answers every request exactly once — ok with
// those fields, or the error as a person reads it.
import { parseFromWebview, type FromWebview, type ToWebview } from '../protocol/messages';
import type { Log } from './ports';

export type MessageType = FromWebview['type'];
export type MessageOf<T extends MessageType> = Extract<FromWebview, { type: T }>;

/** What a reply carries besides ok/error: the task created, the session started, the queue job and its place in line. */
export type ReplyFields = Omit<Extract<ToWebview, { type: 'reply' }>, 'type' | 'inReplyTo' | 'ok' | 'error'>;

export type Handler<T extends MessageType> = (msg: MessageOf<T>) => Promise<ReplyFields | void> | ReplyFields | void;

/** Every webview message type, each with its handler. */
export type HandlerTable = { readonly [T in MessageType]: Handler<T> };

export interface RouterOptions {
  post(message: ToWebview): void;
  log: Log;
  /** A message without a reply to carry its error failed: tell the person some other way. */
  showError(message: string): void;
  /** Names the webview in the log ("sidebar", "editor"). */
  name: string;
}

export class MessageRouter {
  constructor(
    private readonly table: HandlerTable,
    private readonly opts: RouterOptions,
  ) {}

  /** One raw message from the webview: validated, handled, and answered when it is a request. */
  async receive(raw: unknown): Promise<void> {
    const parsed = parseFromWebview(raw);
    if (!parsed.ok) {
      this.opts.log.warn(`dropped an invalid message from the ${this.opts.name} webview: ${parsed.error}`);
      return;
    }
    await this.dispatch(parsed.value);
  }

  async dispatch(msg: FromWebview): Promise<void> {
    const requestId = 'requestId' in msg ? msg.requestId : undefined;
    // The one cast: the table's type already pairs each type with a handler of its own message.
    const handle = this.table[msg.type] as (m: FromWebview) => ReturnType<Handler<MessageType>>;
    try {
      const fields = (await handle(msg)) ?? {};
      if (requestId) this.opts.post({ type: 'reply', inReplyTo: requestId, ok: true, ...definedOnly(fields) });
    } catch (err) {
      const error = this.opts.log.errorText(err);
      this.opts.log.warn(`${msg.type} refused: ${error}`);
      if (requestId) this.opts.post({ type: 'reply', inReplyTo: requestId, ok: false, error });
      else this.opts.showError(`Viban: ${error}`);
    }
  }
}

function definedOnly(fields: ReplyFields): ReplyFields {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as ReplyFields;
}
