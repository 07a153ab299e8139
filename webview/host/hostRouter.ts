// The webview's one message router: a table keyed by message type, one handler per type of
// ToWebview. The table's type lists every type, so a host message without a handler (or a
// handler for one that does not exist) is a compile error. Adding a message is its schema in
// src/protocol/messages.ts plus one line in the table (App.tsx).
import type { ToWebview } from '../../src/protocol/messages';

export type HostMessageType = ToWebview['type'];
export type HostMessageOf<T extends HostMessageType> = Extract<ToWebview, { type: T }>;
export type HostMessageTable = { readonly [T in HostMessageType]: (message: HostMessageOf<T>) => unknown };

export function routeHostMessage(table: HostMessageTable, message: ToWebview): void {
  // The one cast: the table's type already pairs each type with a handler of its own message.
  (table[message.type] as (m: ToWebview) => unknown)(message);
}
