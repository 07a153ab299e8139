// The column switcher of a narrow board (a sidebar at its usual width): the columns are stacked
// there, so a long Backlog would hide Todo and In Progress a long scroll away. One row of column
// names with their counts jumps to a column and says which one is in view. Shown only while the
// columns are stacked (the @container rule in board.css); at wider sizes the columns themselves
// are the overview.
import type { RefObject } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Column } from '../../src/protocol/model';

export interface ColumnSwitcherProps {
  columns: readonly Column[];
  /** The count to show per column id (what the column itself shows: its visible cards). */
  counts: ReadonlyMap<string, number>;
  /** The scrolling strip that holds the column sections. */
  strip: RefObject<HTMLElement | null>;
}

export function ColumnSwitcher({ columns, counts, strip }: ColumnSwitcherProps) {
  const picked = useRef<string | undefined>(undefined);
  const [current, refresh] = useColumnInView(strip, columns.length, picked);
  const jump = (columnId: string) => {
    const el = strip.current;
    const section = el ? sectionOf(el, columnId) : undefined;
    if (!el || !section) return;
    picked.current = columnId;
    alignSection(el, section, refresh);
    // Keyboard users land on the column's first card (or its heading when it has none).
    (section.querySelector<HTMLElement>('.card[tabindex="0"], .card') ?? section.querySelector<HTMLElement>('.column-title'))?.focus({ preventScroll: true });
  };
  return (
    <nav class="column-switcher" aria-label="Columns">
      {columns.map((c) => {
        const count = counts.get(c.id) ?? 0;
        return (
          <button
            type="button"
            key={c.id}
            class="column-switch"
            aria-current={c.id === current ? 'true' : undefined}
            aria-label={`${c.title}, ${count} ${count === 1 ? 'card' : 'cards'}`}
            onClick={() => jump(c.id)}
          >
            <span class="column-switch-title">{c.title}</span>
            <span class="column-count" aria-hidden="true">
              {count}
            </span>
          </button>
        );
      })}
    </nav>
  );
}

/** The id of the column at the top of the stacked strip, updated as it scrolls. */
function useColumnInView(strip: RefObject<HTMLElement | null>, columnCount: number, picked: { current: string | undefined }): [string | undefined, () => void] {
  const [current, setCurrent] = useState<string | undefined>(undefined);
  const refresh = useRef(() => {});
  useEffect(() => {
    const el = strip.current;
    if (!el) return;
    const update = () => {
      const top = el.getBoundingClientRect().top;
      let id: string | undefined;
      for (const section of el.querySelectorAll<HTMLElement>('section[data-column-id]')) {
        // The last column whose top has reached the strip's top (a few px of slack for rounding).
        if (section.getBoundingClientRect().top - top <= 4) id = section.dataset.columnId;
        else break;
      }
      // Scrolled to the end, a short last column never reaches the top: the one picked is in view.
      const atEnd = el.scrollTop > 0 && el.scrollTop + el.clientHeight >= el.scrollHeight - 2;
      const pickedSection = atEnd && picked.current ? sectionOf(el, picked.current) : undefined;
      if (pickedSection && pickedSection.getBoundingClientRect().top < el.getBoundingClientRect().bottom) id = picked.current;
      setCurrent(id ?? el.querySelector<HTMLElement>('section[data-column-id]')?.dataset.columnId);
    };
    update();
    refresh.current = update;
    el.addEventListener('scroll', update, { passive: true });
    return () => el.removeEventListener('scroll', update);
  }, [columnCount]);
  return [current, () => refresh.current()];
}

/**
 * Scrolls the strip so the section's heading is at its top, and keeps it there for a few frames:
 * cards that come into view only then get their real height (content-visibility, windowed lists),
 * which would otherwise push the column down again after the jump.
 */
function alignSection(strip: HTMLElement, section: HTMLElement, refresh: () => void): void {
  const offset = () => section.getBoundingClientRect().top - strip.getBoundingClientRect().top;
  let frames = 0;
  let lastTop = -1;
  const step = () => {
    const before = strip.scrollTop;
    strip.scrollTop += offset();
    refresh(); // already scrolled to the end, the strip does not move and sends no scroll event
    // Settled: the heading is at the top, or the strip cannot scroll further (a short last column).
    if (Math.abs(offset()) <= 1 || (strip.scrollTop === before && strip.scrollTop === lastTop) || ++frames >= 12) return;
    lastTop = strip.scrollTop;
    requestAnimationFrame(step);
  };
  step();
}

function sectionOf(strip: HTMLElement, columnId: string): HTMLElement | undefined {
  return Array.from(strip.querySelectorAll<HTMLElement>('section[data-column-id]')).find((s) => s.dataset.columnId === columnId);
}
