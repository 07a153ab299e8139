// A small popup menu (plain elements: the toolkit has none). Opens with focus on its first item;
// ArrowUp/Down/Home/End move, Enter/Space choose, Escape closes and hands focus back, Tab or a
// click outside closes. It is portalled to <body> and placed (position: fixed) beside its anchor,
// flipped above it when there is no room below: inside a card list's scroll box it would be clipped.
// The pointer moves keyboard focus, so hover and focus are one highlighted item, never two.
import { createPortal } from 'preact/compat';
import { useEffect, useLayoutEffect, useRef } from 'preact/hooks';
import { placeMenu } from './menuPlacement';

export interface MenuItem {
  id: string;
  label: string;
  icon?: string;
  disabled?: boolean;
  onSelect: () => void;
}

export interface MenuProps {
  label: string;
  items: readonly MenuItem[];
  /** The element the menu opens from (its trigger); the menu is placed against its box. */
  anchor: () => Element | null | undefined;
  /** `restoreFocus` is true when the menu closed by Escape or after choosing nothing. */
  onClose: (restoreFocus: boolean) => void;
  className?: string;
}

export function Menu({ label, items, anchor, onClose, className }: MenuProps) {
  const root = useRef<HTMLDivElement>(null);
  const close = useRef(onClose);
  close.current = onClose;
  const anchorOf = useRef(anchor);
  anchorOf.current = anchor;

  useLayoutEffect(() => {
    const place = () => {
      const menu = root.current;
      const at = anchorOf.current();
      if (!menu || !at) return;
      const spot = placeMenu(at.getBoundingClientRect(), { width: menu.offsetWidth, height: menu.scrollHeight }, { width: window.innerWidth, height: window.innerHeight });
      menu.style.top = `${spot.top}px`;
      menu.style.left = `${spot.left}px`;
      menu.style.maxHeight = `${spot.maxHeight}px`;
      menu.dataset.placement = spot.placement;
    };
    place();
    // Follow the anchor when anything scrolls (the card list, the board) or the view resizes.
    const onScroll = (e: Event) => {
      if (e.target instanceof Node && root.current?.contains(e.target)) return;
      place();
    };
    window.addEventListener('scroll', onScroll, true);
    window.addEventListener('resize', place);
    return () => {
      window.removeEventListener('scroll', onScroll, true);
      window.removeEventListener('resize', place);
    };
  }, []);

  useEffect(() => {
    enabledItems(root.current)[0]?.focus({ preventScroll: true });
    const onPointerDown = (e: Event) => {
      const target = e.target as Element | null;
      // The open menu's own trigger toggles it; closing here too would reopen it on click.
      if (target?.closest?.('[aria-haspopup][aria-expanded="true"]')) return;
      if (root.current && !root.current.contains(target)) close.current(false);
    };
    document.addEventListener('mousedown', onPointerDown, true);
    return () => document.removeEventListener('mousedown', onPointerDown, true);
  }, []);

  const onKeyDown = (e: KeyboardEvent) => {
    const list = enabledItems(root.current);
    const at = list.indexOf(document.activeElement as HTMLElement);
    const focusAt = (i: number) => list[(i + list.length) % list.length]?.focus();
    switch (e.key) {
      case 'ArrowDown': focusAt(at + 1); break;
      case 'ArrowUp': focusAt(at < 0 ? -1 : at - 1); break;
      case 'Home': focusAt(0); break;
      case 'End': focusAt(-1); break;
      case 'Escape': onClose(true); break;
      case 'Tab': onClose(false); return;
      default: return;
    }
    e.preventDefault();
    e.stopPropagation();
  };

  return createPortal(
    <div ref={root} role="menu" aria-label={label} class={className ? `menu ${className}` : 'menu'} onKeyDown={onKeyDown}>
      {items.map((item) => (
        <button
          key={item.id}
          type="button"
          role="menuitem"
          class="menu-item"
          tabIndex={-1}
          disabled={item.disabled}
          aria-disabled={item.disabled ? 'true' : undefined}
          onMouseMove={(e) => {
            const el = e.currentTarget as HTMLButtonElement;
            if (!el.disabled && document.activeElement !== el) el.focus({ preventScroll: true });
          }}
          onClick={(e) => {
            e.stopPropagation();
            if (item.disabled) return;
            onClose(true);
            item.onSelect();
          }}
        >
          <i class={`codicon codicon-${item.icon ?? 'blank'}`} aria-hidden="true" />
          <span>{item.label}</span>
        </button>
      ))}
    </div>,
    document.body,
  );
}

function enabledItems(root: HTMLElement | null): HTMLElement[] {
  if (!root) return [];
  return Array.from(root.querySelectorAll<HTMLElement>('[role="menuitem"]:not([disabled])'));
}
