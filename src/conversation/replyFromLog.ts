// The assistant's reply to a message, derived from the session log that answered it, so the lead
// can mark the conversation message completed (or failed) when the session ends. Assistant text
// is merged like the log view merges it (deltas append, a full entry replaces, by id); tokens,
// cost and duration come from the turn's `result` entry, or from the session when there is none.
import type { ConversationMetadata, ConversationStatus } from '../protocol/conversation';
import type { LogEntry } from '../protocol/logEntries';
import type { SessionMeta } from '../protocol/sessions';

export interface DerivedReply {
  content: string;
  status: Extract<ConversationStatus, 'completed' | 'failed'>;
  metadata: ConversationMetadata;
}

export interface ReplyScope {
  /**
   * 'all': the whole stream answers the message (a session started for it). 'lastTurn': only
   * what follows the previous turn's `result` (a message sent into a running session).
   */
  turn?: 'all' | 'lastTurn';
  /** Ignore entries with a seq below this (the log's entry count when the message was sent). */
  fromSeq?: number;
}

export type SessionSummary = Pick<SessionMeta, 'id' | 'executorId' | 'status'> &
  Partial<Pick<SessionMeta, 'model' | 'error' | 'costUsd' | 'usage' | 'durationMs'>>;

export function deriveReply(entries: Iterable<LogEntry>, session?: SessionSummary, scope: ReplyScope = {}): DerivedReply {
  let list = [...entries].filter((e) => scope.fromSeq === undefined || e.seq === undefined || e.seq >= scope.fromSeq);
  if (scope.turn === 'lastTurn') {
    const results = list.flatMap((e, i) => (e.kind === 'result' ? [i] : []));
    // If the newest result closes the turn we want (nothing said after it), the turn starts
    // after the result before it; otherwise the turn is still going after the newest result.
    const closed = results.length > 0 && !list.slice(results.at(-1)! + 1).some((e) => e.kind === 'assistant' || e.kind === 'user');
    const cut = closed ? results.at(-2) : results.at(-1);
    if (cut !== undefined) list = list.slice(cut + 1);
  }

  const texts = new Map<string, string>();
  let result: Extract<LogEntry, { kind: 'result' }> | undefined;
  let lastError: string | undefined;
  for (const e of list) {
    if (e.kind === 'assistant') texts.set(e.id, e.delta ? (texts.get(e.id) ?? '') + e.text : e.text);
    else if (e.kind === 'result') result = e;
    else if (e.kind === 'error') lastError = e.text;
  }
  const assistantText = [...texts.values()].map((t) => t.trim()).filter(Boolean).join('\n\n');
  const content = assistantText || result?.text?.trim() || '';

  // An ended session's own verdict wins; without one (or while it runs) the log decides.
  const ended = session !== undefined && !['running', 'waiting_for_user', 'queued'].includes(session.status);
  const failed = ended ? session.status !== 'succeeded' : result ? result.isError : lastError !== undefined;
  const error = failed ? (session?.error ?? lastError ?? (result?.isError ? result.text : undefined) ?? describeEnd(session)) : undefined;

  const metadata: ConversationMetadata = {
    ...(session && { executorId: session.executorId, sessionId: session.id }),
    ...(session?.model !== undefined && { model: session.model }),
    ...definedNumber('inputTokens', result?.usage?.inputTokens ?? session?.usage?.inputTokens),
    ...definedNumber('outputTokens', result?.usage?.outputTokens ?? session?.usage?.outputTokens),
    ...definedNumber('costUsd', result?.costUsd ?? session?.costUsd),
    ...definedNumber('durationMs', result?.durationMs ?? session?.durationMs),
    ...(error !== undefined && { error }),
  };
  return { content, status: failed ? 'failed' : 'completed', metadata };
}

/** The same from a stream (SessionStore.readLog), without holding the caller to an array. */
export async function deriveReplyFromStream(entries: AsyncIterable<LogEntry>, session?: SessionSummary, scope?: ReplyScope): Promise<DerivedReply> {
  const all: LogEntry[] = [];
  for await (const e of entries) all.push(e);
  return deriveReply(all, session, scope);
}

function describeEnd(session: SessionSummary | undefined): string {
  if (session?.status === 'stopped') return 'Stopped before it finished.';
  if (session?.status === 'interrupted') return 'Interrupted before it finished.';
  return 'The agent reported an error.';
}

function definedNumber<K extends string>(key: K, value: number | undefined): Partial<Record<K, number>> {
  return value === undefined || !Number.isFinite(value) || value < 0 ? {} : ({ [key]: value } as Record<K, number>);
}
