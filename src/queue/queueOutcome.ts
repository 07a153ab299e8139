// How an ended session reads to the queue, and small helpers the queue glue shares.
import type { LogEntry } from '../protocol/logEntries';
import type { JobRunResult } from './';
import type { SessionMeta } from '../protocol/sessions';
import type { SessionStore } from '../sessions/sessionStore';

/** The queue's verdict on an ended session. An agent that already used tools is never retried on its own. */
export function outcomeOf(end: SessionMeta, log: readonly LogEntry[]): JobRunResult {
  if (end.status === 'succeeded') return { status: 'succeeded', sessionId: end.id };
  if (end.status === 'stopped') return { status: 'stopped', error: end.error ?? 'Stopped before it finished.', sessionId: end.id };
  const acted = log.some((e) => e.kind === 'tool_use');
  return { status: 'failed', error: end.error ?? 'The agent failed without saying why.', sessionId: end.id, ...(acted && { transient: false }) };
}

export async function readAll(store: SessionStore, id: string): Promise<LogEntry[]> {
  const all: LogEntry[] = [];
  for await (const e of store.readLog(id)) all.push(e);
  return all;
}

export function firstLine(text: string): string {
  const line = text.trim().split('\n')[0] ?? '';
  return line.length > 120 ? `${line.slice(0, 119)}…` : line;
}
