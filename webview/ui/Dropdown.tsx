import { readValue } from './TextField';

export interface DropdownOption {
  value: string;
  label: string;
}

export interface DropdownProps {
  value: string;
  options: readonly DropdownOption[];
  onChange: (value: string) => void;
  ariaLabel: string;
  disabled?: boolean;
  className?: string;
}

/** A select box (toolkit `vscode-dropdown` + `vscode-option`). */
export function Dropdown({ value, options, onChange, ariaLabel, disabled, className }: DropdownProps) {
  return (
    <vscode-dropdown
      class={className}
      value={value}
      aria-label={ariaLabel}
      disabled={disabled}
      onChange={(e) => {
        const next = readValue(e.currentTarget);
        if (next && next !== value) onChange(next);
      }}
    >
      {options.map((o) => (
        <vscode-option key={o.value} value={o.value} selected={o.value === value}>
          {o.label}
        </vscode-option>
      ))}
    </vscode-dropdown>
  );
}
