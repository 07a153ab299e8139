import { useEffect, useRef } from 'preact/hooks';
import { readValue } from './TextField';
import { useAriaLabel } from './useAriaLabel';

export interface TextAreaProps {
  value: string;
  onInput: (value: string) => void;
  onKeyDown?: (event: KeyboardEvent) => void;
  ariaLabel: string;
  placeholder?: string;
  rows?: number;
  disabled?: boolean;
  autoFocus?: boolean;
  className?: string;
}

/** A multi-line input (toolkit `vscode-text-area`), vertically resizable. */
export function TextArea({ value, onInput, onKeyDown, ariaLabel, placeholder, rows = 4, disabled, autoFocus, className }: TextAreaProps) {
  const own = useRef<HTMLElement>(null);
  useAriaLabel(own, ariaLabel);
  useEffect(() => {
    if (autoFocus) own.current?.focus();
  }, [autoFocus]);
  return (
    <vscode-text-area
      ref={own}
      class={className}
      value={value}
      rows={rows}
      resize="vertical"
      placeholder={placeholder}
      aria-label={ariaLabel}
      disabled={disabled}
      onInput={(e) => onInput(readValue(e.currentTarget))}
      onKeyDown={onKeyDown}
    />
  );
}
