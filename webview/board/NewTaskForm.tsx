// Inline form for a new task: title required, description optional. Enter in the title (or
// Ctrl/Cmd+Enter anywhere) creates, Escape cancels.
import { useState } from 'preact/hooks';
import { Button } from '../ui/Button';
import { TextArea } from '../ui/TextArea';
import { TextField } from '../ui/TextField';

const MAX_TITLE = 500; // TaskSchema.title max

export interface NewTaskFormProps {
  /** Where it goes, for the label: a column title, or undefined for the board's default column. */
  columnTitle?: string;
  onSubmit: (title: string, description: string) => void;
  onCancel: () => void;
}

export function NewTaskForm({ columnTitle, onSubmit, onCancel }: NewTaskFormProps) {
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [error, setError] = useState<string | null>(null);

  const submit = () => {
    const trimmed = title.trim();
    if (!trimmed) return setError('A task needs a title.');
    if (trimmed.length > MAX_TITLE) return setError(`Titles are at most ${MAX_TITLE} characters.`);
    onSubmit(trimmed, description.trim());
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      onCancel();
    } else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      submit();
    }
  };

  const label = columnTitle ? `New task in ${columnTitle}` : 'New task';
  return (
    <div class="new-task-form" role="group" aria-label={label} onKeyDown={onKeyDown}>
      <TextField
        className="new-task-title"
        value={title}
        ariaLabel="Task title"
        placeholder="Title"
        autoFocus
        onInput={(v) => {
          setTitle(v);
          if (error) setError(null);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey && !e.isComposing) {
            e.preventDefault();
            submit();
          }
        }}
      />
      <TextArea className="new-task-description" value={description} ariaLabel="Task description (markdown)" placeholder="Description (optional, markdown)" rows={3} onInput={setDescription} />
      {error && (
        <div class="form-error" role="alert">
          {error}
        </div>
      )}
      <div class="form-actions">
        <Button onClick={submit}>Create</Button>
        <Button appearance="secondary" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </div>
  );
}
