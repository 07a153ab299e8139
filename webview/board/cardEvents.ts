// Card events, delegated: one set of listeners on each column's list instead of six per card.
// The card is found from the event target by its data attributes (see Card.tsx).
import type { HTMLAttributes } from 'preact';

export interface CardHandlers {
  onOpen(taskId: string): void;
  onKeyDown(event: KeyboardEvent, taskId: string): void;
  onFocus(taskId: string): void;
  onToggleMoveMenu(taskId: string): void;
  /** The card's tier button or tier chip was clicked: next tier (A → B → C → A). */
  onCycleTier?(taskId: string): void;
  onDragStart(event: DragEvent, taskId: string): void;
  onDragEnd(): void;
}

type ListProps = Pick<HTMLAttributes<HTMLUListElement>, 'onClick' | 'onKeyDown' | 'onFocusIn' | 'onDragStart' | 'onDragEnd'>;

/** The card (`.card[data-task-id]`) an event happened on, or null (menus, buttons, gaps). */
function cardOf(target: EventTarget | null): HTMLElement | null {
  const el = target instanceof Element ? target : null;
  return el?.closest<HTMLElement>('.card[data-task-id]') ?? null;
}

function moveButtonOf(target: EventTarget | null): string | null {
  const button = target instanceof Element ? target.closest<HTMLElement>('.card-move') : null;
  const item = button?.closest<HTMLElement>('.card-item[data-item-id]');
  return button && !(button as HTMLButtonElement).disabled ? (item?.dataset.itemId ?? null) : null;
}

/** The card whose tier button (beside the card, like Move) was clicked. */
function tierButtonOf(target: EventTarget | null): string | null {
  const button = target instanceof Element ? target.closest<HTMLElement>('.card-tier') : null;
  return button?.closest<HTMLElement>('.card-item[data-item-id]')?.dataset.itemId ?? null;
}

export function cardListEvents(h: CardHandlers): ListProps {
  return {
    onClick(e) {
      const moveFor = moveButtonOf(e.target);
      if (moveFor) {
        e.stopPropagation();
        return h.onToggleMoveMenu(moveFor);
      }
      const tierFor = tierButtonOf(e.target);
      if (tierFor && h.onCycleTier) {
        e.stopPropagation();
        return h.onCycleTier(tierFor);
      }
      const card = cardOf(e.target);
      const tierChip = e.target instanceof Element ? e.target.closest('.tier-toggle') : null;
      if (card && tierChip && h.onCycleTier) {
        e.stopPropagation();
        return h.onCycleTier(card.dataset.taskId!);
      }
      if (card) h.onOpen(card.dataset.taskId!);
    },
    onKeyDown(e) {
      const card = cardOf(e.target);
      // Only keys pressed on the card itself: not ones bubbling from its menu.
      if (card && card === e.target) h.onKeyDown(e, card.dataset.taskId!);
    },
    onFocusIn(e) {
      const card = cardOf(e.target);
      if (card && card === e.target) h.onFocus(card.dataset.taskId!);
    },
    onDragStart(e) {
      const card = cardOf(e.target);
      if (card) h.onDragStart(e, card.dataset.taskId!);
    },
    onDragEnd() {
      h.onDragEnd();
    },
  };
}

export type CardListEventProps = ListProps;
