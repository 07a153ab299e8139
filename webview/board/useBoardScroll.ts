// Keeps where the user had scrolled the board — the columns strip (sideways, or down when the
// columns are stacked) and each column's own card list — across the webview being hidden and
// re-created (switching editor tabs destroys a webview that is not retained), through
// getState/setState. Restored once, right after the board first lays out.
import type { RefObject } from 'preact';
import { useEffect, useLayoutEffect, useRef } from 'preact/hooks';
import { useHost } from '../host/hostContext';
import { readPersisted, writePersisted } from '../host/usePersistedState';

const KEY = 'boardScroll';
const SAVE_DELAY_MS = 100;

export interface BoardScroll {
  left: number;
  top: number;
  /** scrollTop of each column's card list, by column id (only the scrolled ones). */
  lists?: Record<string, number>;
}

export const isBoardScroll = (v: unknown): v is BoardScroll => {
  if (!v || typeof v !== 'object') return false;
  const s = v as BoardScroll;
  if (typeof s.left !== 'number' || typeof s.top !== 'number') return false;
  return s.lists === undefined || (typeof s.lists === 'object' && s.lists !== null && Object.values(s.lists).every((n) => typeof n === 'number'));
};

const listsOf = (board: HTMLElement) => Array.from(board.querySelectorAll<HTMLElement>('.card-list[data-column-id]'));

/** `root` is the board; `columns` its scrolling strip of columns. */
export function useBoardScroll(root: RefObject<HTMLElement | null>, columns: RefObject<HTMLElement | null>) {
  const api = useHost();
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useLayoutEffect(() => {
    const saved = readPersisted(api, KEY, isBoardScroll);
    const board = root.current;
    if (!saved || !board) return;
    if (columns.current) {
      columns.current.scrollLeft = saved.left;
      columns.current.scrollTop = saved.top;
    }
    for (const list of listsOf(board)) {
      const top = saved.lists?.[list.dataset.columnId!];
      if (top) list.scrollTop = top;
    }
  }, [api]);

  useEffect(() => {
    const board = root.current;
    if (!board) return;
    const save = () => {
      const strip = columns.current;
      if (!root.current || !strip) return;
      const lists: Record<string, number> = {};
      for (const list of listsOf(root.current)) if (list.scrollTop > 0) lists[list.dataset.columnId!] = Math.round(list.scrollTop);
      writePersisted(api, KEY, { left: Math.round(strip.scrollLeft), top: Math.round(strip.scrollTop), lists } satisfies BoardScroll);
    };
    const onScroll = () => {
      clearTimeout(timer.current);
      timer.current = setTimeout(save, SAVE_DELAY_MS);
    };
    board.addEventListener('scroll', onScroll, { capture: true, passive: true });
    return () => {
      board.removeEventListener('scroll', onScroll, { capture: true });
      clearTimeout(timer.current);
    };
  }, [api]);
}
