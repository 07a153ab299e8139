// The "Add column" affordance after the last column: a button that turns into a title field.
import { useState } from 'preact/hooks';
import { TextField } from '../ui/TextField';

const MAX_COLUMN_TITLE = 200; // ColumnSchema.title max

export function AddColumn({ disabled, onAdd }: { disabled: boolean; onAdd: (title: string) => void }) {
  const [editing, setEditing] = useState(false);
  const [title, setTitle] = useState('');

  if (!editing) {
    return (
      <div class="add-column">
        <button type="button" class="add-column-button" title="Add column" disabled={disabled} onClick={() => setEditing(true)}>
          <i class="codicon codicon-add" aria-hidden="true" />
          <span class="add-column-label visually-hidden">Add column</span>
        </button>
      </div>
    );
  }
  const close = () => {
    setEditing(false);
    setTitle('');
  };
  return (
    <div class="add-column">
      <TextField
        value={title}
        ariaLabel="New column title"
        placeholder="Column title — Enter to add"
        autoFocus
        onInput={setTitle}
        onBlur={() => !title.trim() && close()}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.stopPropagation();
            close();
          } else if (e.key === 'Enter') {
            e.preventDefault();
            const trimmed = title.trim().slice(0, MAX_COLUMN_TITLE);
            if (trimmed) onAdd(trimmed);
            close();
          }
        }}
      />
    </div>
  );
}
