import type { FolderInfo } from '../../src/protocol/messages';
import { Button } from '../ui/Button';
import { Dropdown } from '../ui/Dropdown';

/** No workspace folder: explain, and offer to open one. */
export function NoFolder({ onOpenFolder }: { onOpenFolder: () => void }) {
  return (
    <div class="empty-state">
      <i class="codicon codicon-project empty-state-icon" aria-hidden="true" />
      <p>Viban shows a board for a workspace folder. Open a folder to start.</p>
      <Button onClick={onOpenFolder}>Open Folder</Button>
    </div>
  );
}

/** Folders are open but none is selected (multi-root, before the host picks one). */
export function ChooseFolder({ folders, onSelect }: { folders: readonly FolderInfo[]; onSelect: (key: string) => void }) {
  return (
    <div class="empty-state">
      <i class="codicon codicon-root-folder empty-state-icon" aria-hidden="true" />
      <p>Choose the workspace folder whose board to show.</p>
      <Dropdown
        ariaLabel="Workspace folder"
        value=""
        options={[{ value: '', label: 'Select a folder…' }, ...folders.map((f) => ({ value: f.key, label: f.name }))]}
        onChange={onSelect}
      />
    </div>
  );
}

export function Loading() {
  return (
    <div class="empty-state" role="status">
      <i class="codicon codicon-loading codicon-modifier-spin" aria-hidden="true" />
      <p>Loading board…</p>
    </div>
  );
}
