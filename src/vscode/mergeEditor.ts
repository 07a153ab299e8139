// "Resolve in merge editor" for a task held by a conflict in its hand-off. VS Code's three-way merge
// editor belongs to the built-in git extension (`git.openMergeEditor <file uri>`), which only acts on
// files of a repository it has open — and a task's worktree is not a workspace folder, so we open
// it through the git extension's API first. Without the git extension (disabled, or it refuses the
// folder) the files open as text, where VS Code's inline "Accept Current | Incoming" actions work.
import * as vscode from 'vscode';

interface GitApi {
  openRepository(root: vscode.Uri): Promise<unknown | null>;
}

export async function openMergeEditor(worktree: string, files: string[]): Promise<void> {
  const repo = await gitApi()
    .then((api) => api?.openRepository(vscode.Uri.file(worktree)))
    .catch(() => null);
  for (const file of files) {
    const uri = vscode.Uri.file(file);
    if (repo) await vscode.commands.executeCommand('git.openMergeEditor', uri);
    else await vscode.commands.executeCommand('vscode.open', uri);
  }
}

async function gitApi(): Promise<GitApi | undefined> {
  const ext = vscode.extensions.getExtension<{ getAPI(version: 1): GitApi }>('vscode.git');
  if (!ext) return undefined;
  const exports = ext.isActive ? ext.exports : await ext.activate();
  return exports.getAPI(1);
}
