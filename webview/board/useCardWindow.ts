// Windowed card lists: each column puts in the DOM only the cards from its top down to a little
// past the bottom of what is on screen; a spacer stands in for the rest (its height estimated), so
// the scrollbar is honest. As the user scrolls (a column's own list, or the whole board when the
// columns are stacked) or the view grows, more cards are rendered. A 2,000-card board's first
// render is then a few screens of cards, not 2,000 (the budget is 300 ms; see bench/webview.ts).
import type { RefObject } from 'preact';
import { useCallback, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { TasksByColumn } from '../state/taskOrder';

/** Cards per column before anything is measured (a 900 px view of small cards, plus overscan). */
export const INITIAL_CARDS_PER_COLUMN = 30;
/** The smallest a card (title only) and its gap can be: the count needed to fill a height is never under-estimated. */
const MIN_CARD_PX = 40;
/** What an unrendered card is assumed to take, for the spacer. */
export const ESTIMATED_CARD_PX = 62;
const OVERSCAN = 8;

export interface CardWindow {
  /** How many cards of `columnId` to render. */
  limitOf(columnId: string): number;
  /** Make sure the card at `index` of `columnId` is rendered (keyboard focus, a followed card). */
  reveal(columnId: string, index: number): void;
}

/**
 * `root` is the board; lists are found as `.card-list[data-column-id]` inside it. Limits only
 * grow: cards scrolled past stay rendered (content-visibility keeps them cheap), so focus and
 * drag targets never vanish under the user.
 */
export function useCardWindow(root: RefObject<HTMLElement | null>, groups: TasksByColumn): CardWindow {
  const [limits, setLimits] = useState<ReadonlyMap<string, number>>(new Map());
  const live = useRef(limits);
  live.current = limits;

  const grow = useCallback((wanted: ReadonlyMap<string, number>) => {
    let changed = false;
    const next = new Map(live.current);
    for (const [columnId, count] of wanted) {
      if (count > (next.get(columnId) ?? INITIAL_CARDS_PER_COLUMN)) {
        next.set(columnId, count);
        changed = true;
      }
    }
    if (changed) {
      live.current = next;
      setLimits(next);
    }
  }, []);

  const measure = useCallback(() => {
    const board = root.current;
    if (!board) return;
    const wanted = new Map<string, number>();
    for (const list of Array.from(board.querySelectorAll<HTMLElement>('.card-list[data-column-id]'))) {
      wanted.set(list.dataset.columnId!, neededCards(list));
    }
    grow(wanted);
  }, [grow]);

  // After every render: a filter, a resize of the detail pane or new cards may have opened room.
  useLayoutEffect(measure);

  useLayoutEffect(() => {
    const board = root.current;
    if (!board) return;
    // Scroll events do not bubble: listen in the capture phase for every list and the board.
    board.addEventListener('scroll', measure, { capture: true, passive: true });
    window.addEventListener('resize', measure);
    return () => {
      board.removeEventListener('scroll', measure, { capture: true });
      window.removeEventListener('resize', measure);
    };
  }, [measure]);

  const liveGroups = useRef(groups);
  liveGroups.current = groups;
  return {
    limitOf: (columnId) => limits.get(columnId) ?? INITIAL_CARDS_PER_COLUMN,
    reveal: (columnId, index) => grow(new Map([[columnId, Math.min(index + 1 + OVERSCAN, liveGroups.current.get(columnId)?.length ?? index + 1)]])),
  };
}

/**
 * Cards needed to fill `list` from its first card down to the bottom of what is visible of it:
 * its own scroll box (columns side by side) or the window (columns stacked, the board scrolls).
 */
function neededCards(list: HTMLElement): number {
  const rect = list.getBoundingClientRect();
  const visibleBottom = Math.min(window.innerHeight, rect.top + list.clientHeight);
  const contentTop = rect.top - list.scrollTop;
  const px = Math.max(0, visibleBottom - contentTop);
  return Math.ceil(px / MIN_CARD_PX) + OVERSCAN;
}
