// Composition root for VS Code: build the app and register the adapters, nothing else.
import * as vscode from 'vscode';
import { BoardViews, BOARD_VIEW_ID } from './vscode/boardViews';
import { registerCommands } from './vscode/commands';
import { DisposableStore } from './vscode/disposable';
import { Logger } from './vscode/logger';
import { VibanStatusBar } from './vscode/statusBar';
import { WorkspaceBoards } from './vscode/workspaceBoards';

const app = new DisposableStore();

export function activate(context: vscode.ExtensionContext): void {
  const started = Date.now();
  app.add(Logger.init());
  const boards = app.add(new WorkspaceBoards(context.workspaceState));
  const views = app.add(new BoardViews(context.extensionUri, boards));
  app.add(vscode.window.registerWebviewViewProvider(BOARD_VIEW_ID, views));
  registerCommands(boards, views).forEach((d) => app.add(d));
  app.add(new VibanStatusBar());
  context.subscriptions.push(app);
  new Logger('activate').info(`activated in ${Date.now() - started} ms (trusted: ${vscode.workspace.isTrusted})`);
}

export function deactivate(): void {
  app.dispose();
}
