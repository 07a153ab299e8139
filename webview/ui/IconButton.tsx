import type { Ref } from 'preact';

export interface IconButtonProps {
  icon: string;
  label: string;
  /** Omit when a parent handles clicks by delegation. */
  onClick?: (event: MouseEvent) => void;
  disabled?: boolean;
  tabIndex?: number;
  className?: string;
  hasPopup?: boolean;
  expanded?: boolean;
  buttonRef?: Ref<HTMLButtonElement>;
}

/**
 * A codicon button. A plain <button>, not the toolkit's: one appears on every card, and thousands
 * of shadow-DOM elements would blow the first-render budget.
 */
export function IconButton({ icon, label, onClick, disabled, tabIndex, className, hasPopup, expanded, buttonRef }: IconButtonProps) {
  return (
    <button
      type="button"
      ref={buttonRef}
      class={className ? `icon-button ${className}` : 'icon-button'}
      aria-label={label}
      title={label}
      disabled={disabled}
      tabIndex={tabIndex}
      aria-haspopup={hasPopup ? 'menu' : undefined}
      aria-expanded={hasPopup ? Boolean(expanded) : undefined}
      onClick={onClick}
    >
      <i class={`codicon codicon-${icon}`} aria-hidden="true" />
    </button>
  );
}
