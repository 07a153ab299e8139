// Numbers as every view shows them — the board, the session panel, the `viban` command and the
// status bar — from one place, so a cost reads the same wherever a user meets it.
import type { Usage } from '../protocol/logEntries';

// Made on first use: creating an Intl formatter maps ICU's locale data, ~6 MB of resident memory
// that an idle `viban worker` (which formats no number) should not carry.
let integer: Intl.NumberFormat | undefined;

/** "1,234" */
export const formatInt = (n: number) => (integer ??= new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 })).format(n);

/** "$0.0042" below a cent (a short agent turn costs fractions of one; "$0.00" would read as free), else "$1.25". */
export function formatCost(usd: number): string {
  return usd > 0 && usd < 0.01 ? `$${usd.toFixed(4)}` : `$${usd.toFixed(2)}`;
}

/** "850 ms", "12.4 s", "3 min 05 s", "1 h 02 min". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const totalS = Math.floor(s);
  if (totalS < 3600) return `${Math.floor(totalS / 60)} min ${String(totalS % 60).padStart(2, '0')} s`;
  return `${Math.floor(totalS / 3600)} h ${String(Math.floor(totalS / 60) % 60).padStart(2, '0')} min`;
}

/** "1,234 in / 567 out tokens", with "(+890 cached)" after the input when the agent reported cache reads. */
export function formatTokens(usage: Usage | undefined, opts: { cached?: boolean } = {}): string | undefined {
  if (!usage || (usage.inputTokens === undefined && usage.outputTokens === undefined)) return undefined;
  const cached = opts.cached && usage.cacheReadTokens ? ` (+${formatInt(usage.cacheReadTokens)} cached)` : '';
  return `${formatInt(usage.inputTokens ?? 0)} in${cached} / ${formatInt(usage.outputTokens ?? 0)} out tokens`;
}
