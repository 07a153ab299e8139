// Numbers and words the session views show: cost, tokens, durations, statuses.
import type { LogEntry } from '../../src/protocol/logEntries';
import type { SessionMeta, SessionStatus } from '../../src/protocol/sessions';
import { formatCost, formatDuration, formatInt, formatTokens } from '../../src/shared/format';

// The numbers themselves are formatted as everywhere else (src/shared/format.ts).
export { formatCost, formatDuration, formatInt };

type ResultEntry = Extract<LogEntry, { kind: 'result' }>;

/** "Done · $0.0123 · 1,234 in / 567 out tokens · 3 turns · 12.4 s" */
export function resultSummary(r: ResultEntry): string {
  const parts = [r.isError ? 'Failed' : 'Done'];
  if (r.costUsd !== undefined) parts.push(formatCost(r.costUsd));
  const tokens = formatTokens(r.usage);
  if (tokens) parts.push(tokens);
  if (r.numTurns !== undefined) parts.push(`${formatInt(r.numTurns)} ${r.numTurns === 1 ? 'turn' : 'turns'}`);
  if (r.durationMs !== undefined) parts.push(formatDuration(r.durationMs));
  return parts.join(' · ');
}

export const sessionStatusLabel: Record<SessionStatus, string> = {
  queued: 'queued',
  running: 'running',
  waiting_for_user: 'waiting for you',
  succeeded: 'succeeded',
  failed: 'failed',
  stopped: 'stopped',
  interrupted: 'interrupted',
};

export const sessionStatusIcon: Record<SessionStatus, string> = {
  queued: 'clock',
  running: 'loading codicon-modifier-spin',
  waiting_for_user: 'bell-dot',
  succeeded: 'pass',
  failed: 'error',
  stopped: 'debug-stop',
  interrupted: 'warning',
};

export function startedTime(iso: string | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const sameDay = new Date().toDateString() === d.toDateString();
  const time = d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  return sameDay ? time : `${d.toLocaleDateString(undefined, { month: 'short', day: 'numeric' })} ${time}`;
}

/** How long a session ran (or has been running, when it has no end yet). */
export function elapsedMs(meta: SessionMeta, now: number): number | undefined {
  const start = Date.parse(meta.startedAt ?? meta.createdAt);
  if (Number.isNaN(start)) return undefined;
  if (meta.endedAt) return Math.max(0, Date.parse(meta.endedAt) - start);
  return meta.durationMs ?? Math.max(0, now - start);
}

/** One line for the session picker: "Claude Code · running · 10:42 · $0.0123". */
export function sessionLabel(meta: SessionMeta): string {
  const parts = [meta.executorLabel, sessionStatusLabel[meta.status], startedTime(meta.startedAt ?? meta.createdAt)];
  if (meta.costUsd !== undefined) parts.push(formatCost(meta.costUsd));
  return parts.filter(Boolean).join(' · ');
}
