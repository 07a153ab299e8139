// "Viban: Manage Worktrees": every worktree Viban created for this folder's tasks, to open in a
// new window or clean up — including ones whose task was deleted from the board.
import * as vscode from 'vscode';
import { listWorktrees, removeWorktree, type WorktreeEntry } from '../git';
import type { WorkspaceRuntimes } from './workspaceRuntimes';
import { errorText } from './logger';

export async function manageWorktrees(runtimes: WorkspaceRuntimes): Promise<void> {
  const runtime = await runtimes.activeRuntime();
  if (!runtime) return void vscode.window.showInformationMessage('Viban: open a folder first.');
  const git = await runtime.review.gitContext();
  if (!git.isRepo) return void vscode.window.showInformationMessage(`Viban: ${git.explanation ?? 'this folder is not a git repository.'}`);
  let entries: WorktreeEntry[];
  try {
    entries = await listWorktrees(runtime.root);
  } catch (err) {
    return void vscode.window.showErrorMessage(`Viban could not list the worktrees: ${errorText(err)}`);
  }
  if (!entries.length) return void vscode.window.showInformationMessage('Viban: no task has a worktree in this repository.');
  const tasks = runtime.board.current.board.tasks;
  const pick = await vscode.window.showQuickPick(
    entries.map((e) => {
      const task = tasks.find((t) => t.id === e.taskId || t.worktree?.branch === e.branch);
      const state = [e.ahead !== undefined ? `${e.ahead} ahead of ${e.baseBranch ?? 'base'}` : undefined, e.dirty ? 'uncommitted changes' : undefined, e.missing ? 'folder missing' : undefined].filter(Boolean).join(' · ');
      return { label: `$(git-branch) ${e.branch}`, description: task ? task.title : '(task no longer on the board)', detail: `${e.path}${state ? ` — ${state}` : ''}`, entry: e, taskId: task?.id };
    }),
    { title: 'Viban: Task Worktrees', placeHolder: 'Pick a worktree to open or remove', matchOnDescription: true, matchOnDetail: true },
  );
  if (!pick) return;
  const action = await vscode.window.showQuickPick(
    [
      { label: '$(window) Open in New Window', id: 'open' as const },
      { label: '$(trash) Remove Worktree and Branch', id: 'remove' as const },
    ],
    { title: pick.entry.branch },
  );
  if (action?.id === 'open') {
    await vscode.commands.executeCommand('vscode.openFolder', vscode.Uri.file(pick.entry.path), { forceNewWindow: true });
    return;
  }
  if (action?.id !== 'remove') return;
  const sure = await vscode.window.showWarningMessage(`Remove the worktree ${pick.entry.path} and the branch ${pick.entry.branch}?`, { modal: true }, 'Remove');
  if (sure !== 'Remove') return;
  try {
    if (pick.taskId) {
      let result = await runtime.review.discard(pick.taskId, false);
      if (!result.ok && result.needsForce) {
        const force = await vscode.window.showWarningMessage(result.message, { modal: true, detail: 'Removing it deletes that work for good.' }, 'Remove Anyway');
        if (force !== 'Remove Anyway') return;
        result = await runtime.review.discard(pick.taskId, true);
      }
      if (!result.ok) throw new Error(result.message);
      void vscode.window.showInformationMessage(`Viban: ${result.message}`);
      return;
    }
    let removed = await removeWorktree({ repo: runtime.root, path: pick.entry.path, deleteBranch: true, base: pick.entry.baseBranch });
    if (!removed.removed && (removed.reason === 'unmerged-commits' || removed.reason === 'uncommitted-changes')) {
      const force = await vscode.window.showWarningMessage(removed.message, { modal: true, detail: 'Removing it deletes that work for good.' }, 'Remove Anyway');
      if (force !== 'Remove Anyway') return;
      removed = await removeWorktree({ repo: runtime.root, path: pick.entry.path, deleteBranch: true, force: true, base: pick.entry.baseBranch });
    }
    if (!removed.removed) throw new Error(removed.message);
    void vscode.window.showInformationMessage(`Viban: removed ${pick.entry.path}.`);
  } catch (err) {
    void vscode.window.showErrorMessage(`Viban: ${errorText(err)}`);
  }
}
