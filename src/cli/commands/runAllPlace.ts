import type { FolderRuntime } from '../../app/folderRuntime';

export async function graphPlacer(_runtime: FolderRuntime) {
  return undefined;
}
