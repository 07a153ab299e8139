import { useEffect, useRef } from 'preact/hooks';
import { useAriaLabel } from './useAriaLabel';
import type { ComponentChildren, Ref, RefObject } from 'preact';

export interface TextFieldProps {
  value: string;
  onInput: (value: string) => void;
  onKeyDown?: (event: KeyboardEvent) => void;
  onBlur?: () => void;
  ariaLabel: string;
  placeholder?: string;
  disabled?: boolean;
  autoFocus?: boolean;
  className?: string;
  fieldRef?: Ref<HTMLElement>;
  children?: ComponentChildren;
}

/** A single-line input (toolkit `vscode-text-field`); `children` go to its start slot (an icon). */
export function TextField({ value, onInput, onKeyDown, onBlur, ariaLabel, placeholder, disabled, autoFocus, className, fieldRef, children }: TextFieldProps) {
  const own = useRef<HTMLElement>(null);
  useAriaLabel(own, ariaLabel);
  useEffect(() => {
    if (autoFocus) own.current?.focus();
  }, [autoFocus]);
  return (
    <vscode-text-field
      ref={(el: HTMLElement | null) => {
        own.current = el;
        assignRef(fieldRef, el);
      }}
      class={className}
      value={value}
      placeholder={placeholder}
      aria-label={ariaLabel}
      disabled={disabled}
      onInput={(e) => onInput(readValue(e.currentTarget))}
      onKeyDown={onKeyDown}
      onBlur={onBlur}
    >
      {children}
    </vscode-text-field>
  );
}

export function readValue(target: EventTarget | null): string {
  const v = (target as { value?: unknown } | null)?.value;
  return typeof v === 'string' ? v : '';
}

export function assignRef<T>(ref: Ref<T> | undefined, value: T | null): void {
  if (typeof ref === 'function') ref(value);
  else if (ref) (ref as RefObject<T | null>).current = value;
}
