// The last line of a run: how it ended, what it cost, how long it took — the numbers a person
// looks for first, from the session metadata the store keeps.
import type { SessionMeta, SessionStatus } from '../../protocol/sessions';
import type { Output } from '../output';

export function formatCost(usd: number | undefined): string | undefined {
  if (usd === undefined) return undefined;
  return usd > 0 && usd < 0.01 ? `$${usd.toFixed(4)}` : `$${usd.toFixed(2)}`;
}

export function formatDuration(ms: number | undefined): string | undefined {
  if (ms === undefined) return undefined;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const m = Math.floor(ms / 60_000);
  return `${m} min ${Math.round((ms % 60_000) / 1000)} s`;
}

export function formatTokens(meta: Pick<SessionMeta, 'usage'>): string | undefined {
  const u = meta.usage;
  if (!u || (u.inputTokens === undefined && u.outputTokens === undefined)) return undefined;
  const n = (v: number | undefined) => (v ?? 0).toLocaleString('en-US');
  const cached = u.cacheReadTokens ? ` (+${n(u.cacheReadTokens)} cached)` : '';
  return `${n(u.inputTokens)} in${cached} / ${n(u.outputTokens)} out tokens`;
}

const MARK: Record<SessionStatus, string> = {
  succeeded: '✓',
  failed: '✗',
  stopped: '■',
  interrupted: '■',
  running: '…',
  waiting_for_user: '?',
  queued: '…',
};

export function summaryLine(meta: SessionMeta, out: Output): string {
  const status = meta.status.replace(/_/g, ' ');
  const head = `${MARK[meta.status]} ${status[0].toUpperCase()}${status.slice(1)}`;
  const styled = meta.status === 'succeeded' ? out.style('green', head) : meta.status === 'failed' ? out.style('red', head) : out.style('yellow', head);
  const parts = [formatCost(meta.costUsd), formatTokens(meta), formatDuration(meta.durationMs), `session ${meta.id}`].filter(Boolean);
  const why = meta.status === 'failed' && meta.error ? `: ${firstLine(meta.error)}` : '';
  return `${styled}${why} · ${parts.join(' · ')}`;
}

function firstLine(text: string): string {
  return text.split('\n')[0];
}
