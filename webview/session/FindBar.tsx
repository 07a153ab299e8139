// The find box over the log: "n of m", Enter / Shift+Enter for next / previous, Escape closes.
import { IconButton } from '../ui/IconButton';
import { TextField } from '../ui/TextField';
import { MAX_MATCHES } from './findMatches';

export interface FindBarProps {
  query: string;
  current: number;
  total: number;
  onQuery: (q: string) => void;
  onStep: (delta: 1 | -1) => void;
  onClose: () => void;
}

export function FindBar({ query, current, total, onQuery, onStep, onClose }: FindBarProps) {
  const count = !query ? '' : total === 0 ? 'No results' : `${current + 1} of ${total >= MAX_MATCHES ? `${MAX_MATCHES}+` : total}`;
  return (
    <div class="find-bar" role="search" aria-label="Find in log">
      <TextField
        className="find-field"
        value={query}
        onInput={onQuery}
        ariaLabel="Find in log"
        placeholder="Find in log"
        autoFocus
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            onStep(e.shiftKey ? -1 : 1);
          } else if (e.key === 'Escape') {
            e.preventDefault();
            e.stopPropagation();
            onClose();
          }
        }}
      />
      <span class="find-count" aria-live="polite">
        {count}
      </span>
      <IconButton icon="arrow-up" label="Previous match (Shift+Enter)" disabled={!total} onClick={() => onStep(-1)} />
      <IconButton icon="arrow-down" label="Next match (Enter)" disabled={!total} onClick={() => onStep(1)} />
      <IconButton icon="close" label="Close find (Escape)" onClick={onClose} />
    </div>
  );
}
