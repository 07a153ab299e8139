// "Resolve in merge editor" for a task held by a conflict in its hand-off. A task's worktree is not
// a workspace folder, so the git extension's `git.openMergeEditor` (which acts only on repositories
// it has open) may not know it: we try opening the worktree through its API, and otherwise open
// VS Code's merge editor ourselves (`_open.mergeEditor`, what the git extension itself calls) with
// the three sides served read-only from git: the merge base, HEAD (current) and MERGE_HEAD
// (incoming), and the worktree file as the result. Last resort: the file as text, where VS Code's
// inline "Accept Current | Incoming" actions work.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { baseUri, refUri } from './baseContent';

interface GitApi {
  openRepository(root: vscode.Uri): Promise<unknown | null>;
}

export async function openMergeEditor(worktree: string, files: string[]): Promise<void> {
  const repo = await gitApi()
    .then((api) => api?.openRepository(vscode.Uri.file(worktree)))
    .catch(() => null);
  for (const file of files) {
    const uri = vscode.Uri.file(file);
    if (repo) {
      await vscode.commands.executeCommand('git.openMergeEditor', uri);
      continue;
    }
    const rel = path.relative(worktree, file).split(path.sep).join('/');
    const opened = await vscode.commands
      .executeCommand('_open.mergeEditor', {
        // baseUri compares with the merge base of HEAD and the ref: for MERGE_HEAD, the merge's base.
        base: baseUri(worktree, 'MERGE_HEAD', rel),
        input1: { uri: refUri(worktree, 'HEAD', rel), title: 'Current' },
        input2: { uri: refUri(worktree, 'MERGE_HEAD', rel), title: 'Incoming' },
        output: uri,
      })
      .then(
        () => true,
        () => false,
      );
    if (!opened) await vscode.commands.executeCommand('vscode.open', uri);
  }
}

async function gitApi(): Promise<GitApi | undefined> {
  const ext = vscode.extensions.getExtension<{ getAPI(version: 1): GitApi }>('vscode.git');
  if (!ext) return undefined;
  const exports = ext.isActive ? ext.exports : await ext.activate();
  return exports.getAPI(1);
}
