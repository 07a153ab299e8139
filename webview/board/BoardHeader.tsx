// The board's toolbar: folder picker (multi-root), filter with "n of m", New task, Open in editor.
import { useEffect, useRef } from 'preact/hooks';
import type { FolderInfo } from '../../src/protocol/messages';
import { Button } from '../ui/Button';
import { Dropdown } from '../ui/Dropdown';
import { IconButton } from '../ui/IconButton';
import { TextField } from '../ui/TextField';

export interface BoardHeaderProps {
  folders: readonly FolderInfo[];
  folderKey: string;
  host: 'sidebar' | 'editor';
  filter: string;
  visibleCount: number;
  totalCount: number;
  readOnly: boolean;
  onFilterChange: (text: string) => void;
  onNewTask: () => void;
  onSelectFolder: (key: string) => void;
  onOpenInEditor: () => void;
}

export function BoardHeader(props: BoardHeaderProps) {
  const { folders, folderKey, host, filter, visibleCount, totalCount, readOnly } = props;
  const filterField = useRef<HTMLElement>(null);

  return (
    <div class="board-header" role="toolbar" aria-label="Board">
      {folders.length > 1 && (
        <Dropdown
          className="folder-picker"
          ariaLabel="Workspace folder"
          value={folderKey}
          options={folders.map((f) => ({ value: f.key, label: f.name }))}
          onChange={props.onSelectFolder}
        />
      )}
      <TextField
        className="filter"
        fieldRef={filterField}
        value={filter}
        ariaLabel="Filter tasks"
        placeholder="Filter tasks"
        onInput={props.onFilterChange}
        onKeyDown={(e) => {
          if (e.key === 'Escape' && filter) {
            e.stopPropagation();
            props.onFilterChange('');
          }
        }}
      >
        <i slot="start" class="codicon codicon-filter" aria-hidden="true" />
      </TextField>
      <span class="filter-count" role="status">
        {filter ? `${visibleCount} of ${totalCount}` : `${totalCount} ${totalCount === 1 ? 'task' : 'tasks'}`}
      </span>
      <div class="board-header-actions">
        <Button onClick={props.onNewTask} disabled={readOnly} title="New task">
          <i slot="start" class="codicon codicon-add" aria-hidden="true" />
          New task
        </Button>
        {host === 'sidebar' && <IconButton icon="link-external" label="Open board in editor" onClick={props.onOpenInEditor} />}
      </div>
    </div>
  );
}
