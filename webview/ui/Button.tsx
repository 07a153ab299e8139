import type { ComponentChildren } from 'preact';

export interface ButtonProps {
  children: ComponentChildren;
  onClick: () => void;
  appearance?: 'primary' | 'secondary';
  disabled?: boolean;
  title?: string;
  ariaLabel?: string;
  className?: string;
}

/** A text button (toolkit `vscode-button`). */
export function Button({ children, onClick, appearance = 'primary', disabled, title, ariaLabel, className }: ButtonProps) {
  return (
    <vscode-button
      appearance={appearance}
      disabled={disabled}
      title={title}
      aria-label={ariaLabel}
      class={className}
      // A disabled toolkit button can still see synthetic clicks on its host element.
      onClick={disabled ? undefined : () => onClick()}
    >
      {children}
    </vscode-button>
  );
}
