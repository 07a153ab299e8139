// Plain aligned columns for terminals and for grep/awk alike: no box drawing, two spaces apart.

export function table(headers: string[], rows: string[][]): string[] {
  const clean = rows.map((r) => r.map((c) => c.replace(/\s+/g, ' ').trim()));
  const widths = headers.map((h, i) => Math.max(h.length, ...clean.map((r) => (r[i] ?? '').length)));
  const fmt = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [fmt(headers), ...clean.map(fmt)];
}

/**
 * One line of at most `max` characters, whitespace runs flattened. Only a window of the text is
 * flattened: an agent's text can be megabytes, and flattening all of it to keep 100 characters cost
 * ~390 ms per 100 MB run. A window whose flattened form is longer than `max` gives the same first
 * `max - 1` characters as the whole text would; a shorter one (mostly whitespace) falls back.
 */
export function truncate(text: string, max: number): string {
  const windowEnd = max * 4 + 64;
  const window = text.length > windowEnd ? text.slice(0, windowEnd) : text;
  let flat = window.replace(/\s+/g, ' ').trim();
  if (window !== text && flat.length <= max) flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
