// Find in log: every occurrence of the query in the loaded items' text, case-insensitive.
export interface FindMatch {
  /** The item (row) index. */
  index: number;
  /** Which occurrence within that item's text. */
  occurrence: number;
}

export const MAX_MATCHES = 10_000;

export function findMatches<T>(items: readonly T[], query: string, textOf: (item: T) => string): FindMatch[] {
  const needle = query.toLowerCase();
  if (!needle) return [];
  const out: FindMatch[] = [];
  for (let index = 0; index < items.length && out.length < MAX_MATCHES; index++) {
    const text = textOf(items[index]).toLowerCase();
    let at = text.indexOf(needle);
    let occurrence = 0;
    while (at >= 0 && out.length < MAX_MATCHES) {
      out.push({ index, occurrence: occurrence++ });
      at = text.indexOf(needle, at + needle.length);
    }
  }
  return out;
}

/**
 * Highlight the query in the rendered rows with the CSS Custom Highlight API (no DOM changes, so
 * sanitised markdown stays untouched). A no-op where the API is missing.
 */
export function highlightMatches(container: HTMLElement | null, query: string): void {
  const registry = (globalThis as { CSS?: { highlights?: Map<string, unknown> } }).CSS?.highlights;
  const HighlightCtor = (globalThis as { Highlight?: new (...ranges: Range[]) => unknown }).Highlight;
  if (!registry || !HighlightCtor) return;
  if (!container || !query) {
    registry.delete('viban-find');
    return;
  }
  const needle = query.toLowerCase();
  const ranges: Range[] = [];
  const walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node && ranges.length < 2000; node = walker.nextNode()) {
    const text = (node.nodeValue ?? '').toLowerCase();
    for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length)) {
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + needle.length);
      ranges.push(range);
    }
  }
  registry.set('viban-find', new HighlightCtor(...ranges));
}
