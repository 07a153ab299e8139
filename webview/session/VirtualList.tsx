// A virtual list for long, growing logs: only the rows in view (plus a few either side) are in
// the DOM; the rest is padding sized from estimated, then measured, heights. It follows the tail
// while the user is at the bottom, keeps the view still when rows are put in front (an older
// page) or when rows above it get their real height, and reports scrolling near the top.
import type { ComponentChildren, RefObject } from 'preact';
import { useEffect, useLayoutEffect, useReducer, useRef, useState } from 'preact/hooks';
import { HeightIndex } from './heightIndex';

const OVERSCAN = 6;
/** Used when the element has no size yet (hidden, or jsdom). */
const FALLBACK_VIEWPORT = 600;
const BOTTOM_SLACK = 24;
const NEAR_TOP = 200;

export interface VirtualListController {
  scrollToIndex(index: number): void;
  /** The rendered element of row `index`, if it is in the DOM. */
  rowElement(index: number): HTMLElement | null;
}

export interface VirtualListProps {
  count: number;
  /** Changes when rows were inserted anywhere but the end. */
  epoch: number;
  epochKind: 'reset' | 'prepend';
  /** With epochKind 'prepend': how many rows went in front. */
  prepended: number;
  keyAt(index: number): string;
  estimate(index: number): number;
  renderRow(index: number): ComponentChildren;
  header?: ComponentChildren;
  follow: boolean;
  onFollowChange(follow: boolean): void;
  onNearTop?(): void;
  controller?: RefObject<VirtualListController | null>;
  ariaLabel: string;
  className?: string;
  onKeyDown?: (e: KeyboardEvent) => void;
}

export function VirtualList(props: VirtualListProps) {
  const { count, keyAt, follow } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const index = useRef(new HeightIndex()).current;
  const seen = useRef({ epoch: Number.NaN, count: 0 });
  const last = useRef({ scrollTop: 0, anchor: 0, anchorDelta: 0 });
  const pendingScroll = useRef<number | null>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(0);
  const [, force] = useReducer((n: number, _: void) => n + 1, 0);
  const live = useRef(props);
  live.current = props;

  // Bring the height index up to date before computing what is in view.
  const newEpoch = seen.current.epoch !== props.epoch;
  if (newEpoch || seen.current.count !== count) {
    index.sync(count, newEpoch, keyAt, props.estimate);
    if (newEpoch && props.epochKind === 'prepend' && !Number.isNaN(seen.current.epoch) && !follow) {
      pendingScroll.current = index.offset(last.current.anchor + props.prepended) + last.current.anchorDelta;
    }
    seen.current = { epoch: props.epoch, count };
  }

  const vp = viewport || FALLBACK_VIEWPORT;
  const total = index.total();
  const top = pendingScroll.current ?? (follow ? Math.max(0, total - vp) : scrollTop);
  const first = index.indexAt(top);
  const start = Math.max(0, first - OVERSCAN);
  const end = Math.min(count, index.indexAt(top + vp) + 1 + OVERSCAN);

  const measureRows = (): number => {
    const el = scroller.current;
    if (!el) return 0;
    let above = 0;
    let changed = false;
    const anchor = index.indexAt(el.scrollTop);
    for (const row of Array.from(el.querySelectorAll<HTMLElement>(':scope > .vlist-rows > .vlist-row'))) {
      const i = Number(row.dataset.index);
      const delta = index.measure(i, row.dataset.key ?? '', row.offsetHeight);
      if (delta) changed = true;
      if (delta && i < anchor) above += delta;
    }
    if (changed) force();
    return above;
  };

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const above = measureRows();
    const p = live.current;
    if (pendingScroll.current !== null) {
      el.scrollTop = pendingScroll.current;
      pendingScroll.current = null;
      setScrollTop(el.scrollTop);
    } else if (p.follow) {
      el.scrollTop = Math.max(el.scrollHeight, index.total());
    } else if (above) {
      el.scrollTop += above;
    }
    const at = index.indexAt(el.scrollTop);
    last.current = { scrollTop: el.scrollTop, anchor: at, anchorDelta: el.scrollTop - index.offset(at) };
    if (el.clientHeight && el.clientHeight !== viewport) setViewport(el.clientHeight);
  });

  // Rows change height without the list re-rendering (expanding a tool row, wrapping): observe them.
  const observer = useRef<ResizeObserver | null>(null);
  useEffect(() => {
    if (typeof ResizeObserver === 'undefined') return;
    observer.current = new ResizeObserver(() => {
      const el = scroller.current;
      const above = measureRows();
      if (el && above && !live.current.follow) el.scrollTop += above;
      if (el && el.clientHeight !== viewport) setViewport(el.clientHeight);
    });
    if (scroller.current) observer.current.observe(scroller.current);
    return () => observer.current?.disconnect();
  }, []);
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el || !observer.current) return;
    el.querySelectorAll<HTMLElement>(':scope > .vlist-rows > .vlist-row').forEach((row) => observer.current?.observe(row));
  });

  if (props.controller) {
    (props.controller as { current: VirtualListController | null }).current = {
      scrollToIndex(i) {
        const el = scroller.current;
        if (!el) return;
        const target = Math.max(0, index.offset(i) - (el.clientHeight || FALLBACK_VIEWPORT) / 3);
        el.scrollTop = target;
        last.current.scrollTop = target;
        setScrollTop(target);
      },
      rowElement(i) {
        return scroller.current?.querySelector<HTMLElement>(`:scope > .vlist-rows > .vlist-row[data-index="${i}"]`) ?? null;
      },
    };
  }

  const onScroll = () => {
    const el = scroller.current;
    if (!el) return;
    const p = live.current;
    const now = el.scrollTop;
    const movedUp = now < last.current.scrollTop - 1;
    last.current.scrollTop = now;
    setScrollTop(now);
    const full = el.scrollHeight || index.total();
    const atBottom = now + (el.clientHeight || FALLBACK_VIEWPORT) >= full - BOTTOM_SLACK;
    if (p.follow && movedUp && !atBottom) p.onFollowChange(false);
    else if (!p.follow && atBottom) p.onFollowChange(true);
    if (now < NEAR_TOP) p.onNearTop?.();
  };

  const rows: ComponentChildren[] = [];
  for (let i = start; i < end; i++) {
    const key = keyAt(i);
    rows.push(
      <div key={key} class="vlist-row" role="article" aria-posinset={i + 1} aria-setsize={count} data-index={i} data-key={key}>
        {props.renderRow(i)}
      </div>,
    );
  }

  return (
    <div
      ref={scroller}
      class={props.className ? `vlist ${props.className}` : 'vlist'}
      role="log"
      aria-live="off"
      aria-label={props.ariaLabel}
      tabIndex={0}
      onScroll={onScroll}
      onKeyDown={props.onKeyDown}
    >
      {props.header}
      <div class="vlist-rows" style={{ paddingTop: `${index.offset(start)}px`, paddingBottom: `${total - index.offset(end)}px` }}>
        {rows}
      </div>
    </div>
  );
}
