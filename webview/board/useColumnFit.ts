// Sizes the columns to the board's width so what shows is whole columns, never a clipped sliver:
// all of them when they fit (sharing the width), else as many whole ones as fit, the rest a
// deliberate sideways scroll that snaps column by column. Below two columns' width the CSS stacks
// them instead (the @container rule in board.css), and this width is not used.
import type { RefObject } from 'preact';
import { useLayoutEffect } from 'preact/hooks';

export const COLUMN_MIN_PX = 180;
export const COLUMN_MAX_PX = 360;
const GAP_PX = 8; // --viban-gap
const PADDING_PX = 16; // .columns' side padding
const ADD_COLUMN_PX = 32 + GAP_PX; // the compact "Add column" button after the last column

/** The width each column gets in a strip `width` px wide (its clientWidth) holding `count` columns. */
export function columnWidth(width: number, count: number): number {
  const inner = width - PADDING_PX;
  const fitAll = (inner - ADD_COLUMN_PX - (count - 1) * GAP_PX) / Math.max(1, count);
  if (fitAll >= COLUMN_MIN_PX) return Math.min(COLUMN_MAX_PX, Math.floor(fitAll));
  const whole = Math.max(1, Math.floor((inner + GAP_PX) / (COLUMN_MIN_PX + GAP_PX)));
  return Math.floor((inner - (whole - 1) * GAP_PX) / whole);
}

export function useColumnFit(strip: RefObject<HTMLElement | null>, count: number): void {
  useLayoutEffect(() => {
    const el = strip.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const fit = () => el.style.setProperty('--viban-column-width', `${columnWidth(el.clientWidth, count)}px`);
    fit();
    const observer = new ResizeObserver(fit);
    observer.observe(el);
    return () => observer.disconnect();
  }, [count]);
}
