import * as vscode from 'vscode';
import type { BoardViews } from './boardViews';
import { BOARD_VIEW_ID } from './boardViews';
import type { WorkspaceRuntimes } from './workspaceRuntimes';
import { Logger, errorText } from './logger';
import { manageWorktrees } from './worktreesCommand';
import type { GraphRunsHost } from './graphRunsHost';

export function registerCommands(boards: WorkspaceRuntimes, views: BoardViews, graphs?: GraphRunsHost): vscode.Disposable[] {
  const focusBoard = () => vscode.commands.executeCommand(`${BOARD_VIEW_ID}.focus`);
  return [
    vscode.commands.registerCommand('viban.focusBoard', focusBoard),
    vscode.commands.registerCommand('viban.openBoardInEditor', () => views.openBoardInEditor()),
    vscode.commands.registerCommand('viban.showLog', () => Logger.show()),
    vscode.commands.registerCommand('viban.newTask', () => newTask(boards, views, focusBoard)),
    vscode.commands.registerCommand('viban.selectFolder', () => selectFolder(boards)),
    vscode.commands.registerCommand('viban.stopAll', () => stopAll(boards, graphs)),
    vscode.commands.registerCommand('viban.runAll', () => runAll(boards, graphs)),
    vscode.commands.registerCommand('viban.manageWorktrees', () => manageWorktrees(boards)),
  ];
}

async function newTask(boards: WorkspaceRuntimes, views: BoardViews, focusBoard: () => Thenable<unknown>): Promise<void> {
  const board = await boards.active();
  if (!board) {
    const pick = await vscode.window.showInformationMessage('Viban keeps a board per workspace folder. Open a folder first.', 'Open Folder');
    if (pick) await vscode.commands.executeCommand('vscode.openFolder');
    return;
  }
  const first = board.current.board.columns[0];
  const title = await vscode.window.showInputBox({
    title: 'Viban: New Task',
    prompt: `Title of the new task (it goes to "${first.title}")`,
    placeHolder: 'e.g. Add a --json flag to the export command',
    validateInput: (v) => (v.trim() ? undefined : 'A task needs a title.'),
  });
  if (title === undefined) return; // Escape
  try {
    const id = await board.createTask({ title });
    await focusBoard();
    views.broadcast({ type: 'showTask', taskId: id });
  } catch (err) {
    void vscode.window.showErrorMessage(`Viban could not create the task: ${errorText(err)}`);
  }
}

async function selectFolder(boards: WorkspaceRuntimes): Promise<void> {
  const pick = await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Show the board of which folder?' });
  if (pick) await boards.setActive(pick.uri.toString());
}

/** Run all from the command palette: the active folder's graph, the same runner as the board header's. */
async function runAll(runtimes: WorkspaceRuntimes, graphs: GraphRunsHost | undefined): Promise<void> {
  const runtime = await runtimes.activeRuntime();
  if (!runtime || !graphs) {
    void vscode.window.showInformationMessage('Viban keeps a board per workspace folder. Open a folder first.');
    return;
  }
  try {
    await graphs.runAll(runtime);
  } catch (err) {
    void vscode.window.showErrorMessage(`Viban: ${errorText(err)}`);
  }
}

async function stopAll(runtimes: WorkspaceRuntimes, graphs?: GraphRunsHost): Promise<void> {
  // Graphs first: stopped graphs start nothing new while their running tasks are stopped below.
  const graphsStopped = graphs ? (await Promise.all(runtimes.openRuntimes.map((r) => graphs.stopAll(r)))).filter(Boolean).length : 0;
  const running = runtimes.openRuntimes.flatMap((r) => r.sessions.running.map((m) => ({ r, m })));
  if (running.length === 0 && graphsStopped > 0) {
    void vscode.window.showInformationMessage('Viban: stopped Run all.');
    return;
  }
  if (running.length === 0) {
    void vscode.window.showInformationMessage('Viban: no agent is running.');
    return;
  }
  await Promise.all(running.map(({ r, m }) => r.sessions.stop(m.id)));
  void vscode.window.showInformationMessage(`Viban: stopped ${running.length} agent run${running.length === 1 ? '' : 's'}.`);
}
