// A small unified line diff for file edits shown in the log and on approval cards. Common head
// and tail are trimmed first; the middle is an LCS when it is small enough, otherwise shown as
// "all removed, all added" (an agent's edit is usually a few lines, never worth a slow page).

export type DiffLine = { type: 'context' | 'del' | 'add'; text: string } | { type: 'gap'; skipped: number };

const MAX_CELLS = 250_000;
const CONTEXT = 3;

const splitLines = (s: string) => (s === '' ? [] : s.replace(/\r\n/g, '\n').replace(/\n$/, '').split('\n'));

/** Every line of old vs new, marked context / del / add. */
export function diffLines(before: string, after: string): Array<Extract<DiffLine, { text: string }>> {
  const a = splitLines(before);
  const b = splitLines(after);
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const midA = a.slice(head, a.length - tail);
  const midB = b.slice(head, b.length - tail);
  const out: Array<Extract<DiffLine, { text: string }>> = a.slice(0, head).map((text) => ({ type: 'context' as const, text }));
  if (midA.length * midB.length <= MAX_CELLS) out.push(...lcsDiff(midA, midB));
  else out.push(...midA.map((text) => ({ type: 'del' as const, text })), ...midB.map((text) => ({ type: 'add' as const, text })));
  out.push(...a.slice(a.length - tail).map((text) => ({ type: 'context' as const, text })));
  return out;
}

function lcsDiff(a: string[], b: string[]): Array<Extract<DiffLine, { text: string }>> {
  const n = a.length;
  const m = b.length;
  // lengths[i][j] = LCS of a[i..] and b[j..], flattened.
  const w = m + 1;
  const lengths = new Uint32Array((n + 1) * w);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lengths[i * w + j] = a[i] === b[j] ? lengths[(i + 1) * w + j + 1] + 1 : Math.max(lengths[(i + 1) * w + j], lengths[i * w + j + 1]);
    }
  }
  const out: Array<Extract<DiffLine, { text: string }>> = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      out.push({ type: 'context', text: a[i] });
      i++;
      j++;
    } else if (lengths[(i + 1) * w + j] >= lengths[i * w + j + 1]) out.push({ type: 'del', text: a[i++] });
    else out.push({ type: 'add', text: b[j++] });
  }
  while (i < n) out.push({ type: 'del', text: a[i++] });
  while (j < m) out.push({ type: 'add', text: b[j++] });
  return out;
}

/** The diff with long unchanged runs folded to `CONTEXT` lines around each change. */
export function unifiedDiff(before: string, after: string): DiffLine[] {
  const all = diffLines(before, after);
  const keep = new Uint8Array(all.length);
  all.forEach((l, i) => {
    if (l.type === 'context') return;
    for (let k = Math.max(0, i - CONTEXT); k <= Math.min(all.length - 1, i + CONTEXT); k++) keep[k] = 1;
  });
  const out: DiffLine[] = [];
  let skipped = 0;
  all.forEach((l, i) => {
    if (keep[i]) {
      if (skipped) out.push({ type: 'gap', skipped });
      skipped = 0;
      out.push(l);
    } else skipped++;
  });
  if (skipped && out.length) out.push({ type: 'gap', skipped });
  return out;
}

/** "+3 −1" */
export function diffStat(lines: readonly DiffLine[]): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const l of lines) {
    if (l.type === 'add') added++;
    else if (l.type === 'del') removed++;
  }
  return { added, removed };
}
