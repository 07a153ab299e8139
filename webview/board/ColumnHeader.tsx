// A column's header: title (inline rename), card count, "+" for a new task here, and a menu
// with Automation…, Run all (this column's tasks, in dependency order), rename, move left/right and delete.
import { useRef, useState } from 'preact/hooks';
import type { Column } from '../../src/protocol/model';
import { IconButton } from '../ui/IconButton';
import { Menu } from '../ui/Menu';
import { TextField } from '../ui/TextField';
import { useAutomation } from '../automation/automationContext';
import { LEVEL_LABEL } from '../automation/stageText';

export interface ColumnHeaderProps {
  column: Column;
  index: number;
  columnCount: number;
  headingId: string;
  /** "3" or, while filtering, "1 of 3". */
  countText: string;
  readOnly: boolean;
  onAddTask: () => void;
  onRename: (title: string) => void;
  onMove: (toIndex: number) => void;
  onDelete: () => void;
  /** Run all for this column; absent: no Run all item. */
  onRunAll?: () => void;
  graphRunning?: boolean;
  /** The column has cards (filtered out or not): an empty column has nothing to run. */
  hasTasks?: boolean;
}

export function ColumnHeader({ column, index, columnCount, headingId, countText, readOnly, onAddTask, onRename, onMove, onDelete, onRunAll, graphRunning, hasTasks }: ColumnHeaderProps) {
  const [menuOpen, setMenuOpen] = useState(false);
  const [renaming, setRenaming] = useState<string | null>(null);
  const menuButton = useRef<HTMLButtonElement>(null);
  const automation = useAutomation();
  const recipe = automation?.snapshot?.recipes[column.id];

  const commitRename = () => {
    if (renaming === null) return;
    const title = renaming.trim().slice(0, 200);
    setRenaming(null);
    if (title && title !== column.title) onRename(title);
  };

  return (
    <div class="column-header">
      {renaming !== null ? (
        <TextField
          className="column-rename"
          value={renaming}
          ariaLabel={`Rename column ${column.title}`}
          autoFocus
          onInput={setRenaming}
          onBlur={commitRename}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              commitRename();
            } else if (e.key === 'Escape') {
              e.stopPropagation();
              setRenaming(null);
            }
          }}
        />
      ) : (
        <h2 class="column-title" id={headingId} title={column.title} onDblClick={() => !readOnly && setRenaming(column.title)}>
          {column.title}
        </h2>
      )}
      <span class="column-count" aria-hidden="true">
        {countText}
      </span>
      {recipe && recipe.enabled && recipe.automationLevel !== 'manual' && (
        <span class={`column-automation level-${recipe.automationLevel}`} title={`Automation: ${LEVEL_LABEL[recipe.automationLevel]}`} aria-label={`Automation: ${LEVEL_LABEL[recipe.automationLevel]}`}>
          <i class="codicon codicon-zap" aria-hidden="true" />
        </span>
      )}
      <div class="column-actions">
        <IconButton icon="add" label={`New task in ${column.title}`} disabled={readOnly} onClick={onAddTask} />
        <IconButton
          icon="ellipsis"
          label={`${column.title} column actions`}
          hasPopup
          expanded={menuOpen}
          buttonRef={menuButton}
          onClick={() => setMenuOpen(!menuOpen)}
        />
      </div>
      {menuOpen && (
        <Menu
          label={`${column.title} column actions`}
          className="column-menu"
          anchor={() => menuButton.current}
          onClose={(restore) => {
            setMenuOpen(false);
            if (restore) menuButton.current?.focus();
          }}
          items={[
            { id: 'automation', label: 'Automation…', icon: 'zap', disabled: readOnly || !automation, onSelect: () => automation?.openEditor(column.id) },
            // While a graph runs, Run all is refused by the host (one graph per folder): Stop all in the header first.
            ...(onRunAll ? [{ id: 'run-all', label: graphRunning ? 'Run all (a graph is running)' : 'Run all in this column', icon: 'run-all', disabled: readOnly || graphRunning || !hasTasks, onSelect: onRunAll }] : []),
            { id: 'rename', label: 'Rename…', icon: 'edit', disabled: readOnly, onSelect: () => setRenaming(column.title) },
            { id: 'left', label: 'Move left', icon: 'arrow-left', disabled: readOnly || index === 0, onSelect: () => onMove(index - 1) },
            { id: 'right', label: 'Move right', icon: 'arrow-right', disabled: readOnly || index === columnCount - 1, onSelect: () => onMove(index + 1) },
            { id: 'delete', label: 'Delete column…', icon: 'trash', disabled: readOnly || columnCount <= 1, onSelect: onDelete },
          ]}
        />
      )}
    </div>
  );
}
