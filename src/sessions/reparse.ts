// "A parser fix later shows old sessions correctly": lines an older normalizer did not understand
// were stored verbatim as `raw` entries. On replay they are offered to today's normalizer; what it
// now understands replaces the raw entry in the view (the file itself is never rewritten).
import type { OutputNormalizer } from '../executors/types';
import type { LogEntry } from '../protocol/logEntries';

export function reparseRawEntries(entries: LogEntry[], createNormalizer: (() => OutputNormalizer) | undefined): LogEntry[] {
  if (!createNormalizer || !entries.some((e) => e.kind === 'raw' && e.stream !== 'stderr')) return entries;
  const out: LogEntry[] = [];
  for (const entry of entries) {
    if (entry.kind !== 'raw' || entry.stream === 'stderr') {
      out.push(entry);
      continue;
    }
    let parsed: LogEntry[] = [];
    try {
      parsed = createNormalizer().push(entry.line);
    } catch {
      parsed = [];
    }
    const understood = parsed.filter((p) => p.kind !== 'raw');
    if (!understood.length) {
      out.push(entry);
      continue;
    }
    // Keep the stored entry's place (seq) so paging and live updates line up.
    understood.forEach((p, i) => out.push({ ...p, id: `${entry.id}:${i}`, seq: entry.seq, ts: entry.ts }));
  }
  return out;
}
