// A small popup menu (plain elements: the toolkit has none). Opens with focus on its first item;
// ArrowUp/Down/Home/End move, Enter/Space choose, Escape closes and hands focus back, Tab or a
// click outside closes.
import { useEffect, useRef } from 'preact/hooks';

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
  /** `restoreFocus` is true when the menu closed by Escape or after choosing nothing. */
  onClose: (restoreFocus: boolean) => void;
  className?: string;
}

export function Menu({ label, items, onClose, className }: MenuProps) {
  const root = useRef<HTMLDivElement>(null);
  const close = useRef(onClose);
  close.current = onClose;

  useEffect(() => {
    enabledItems(root.current)[0]?.focus();
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

  return (
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
    </div>
  );
}

function enabledItems(root: HTMLElement | null): HTMLElement[] {
  if (!root) return [];
  return Array.from(root.querySelectorAll<HTMLElement>('[role="menuitem"]:not([disabled])'));
}
