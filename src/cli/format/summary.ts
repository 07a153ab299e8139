// The last line of a run: how it ended, what it cost, how long it took — the numbers a person
// looks for first, from the session metadata the store keeps.
import type { SessionMeta, SessionStatus } from '../../protocol/sessions';
import type { Output } from '../output';
import { formatCost as sharedCost, formatDuration as sharedDuration, formatTokens as sharedTokens } from '../../shared/format';

// The numbers are formatted as in the editor (src/shared/format.ts); absent ones are left out.
export function formatCost(usd: number | undefined): string | undefined {
  return usd === undefined ? undefined : sharedCost(usd);
}

export function formatDuration(ms: number | undefined): string | undefined {
  return ms === undefined ? undefined : sharedDuration(ms);
}

export function formatTokens(meta: Pick<SessionMeta, 'usage'>): string | undefined {
  return sharedTokens(meta.usage, { cached: true });
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
