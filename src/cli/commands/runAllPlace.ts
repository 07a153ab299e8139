// Where each of run-all's tasks works: its own worktree with its prerequisites' work merged in
// (in a git repository with a commit), else the folder itself; see app/handoff.ts.
import type { FolderRuntime } from '../../app/folderRuntime';
import { handoffPlacer } from '../../app/handoff';

export function graphPlacer(runtime: FolderRuntime) {
  return handoffPlacer(runtime);
}
