import * as vscode from 'vscode';
import type { ToWebview } from '../protocol/messages';
import { BoardWebviewController } from '../controllers/boardWebviewController';
import type { SessionActions } from '../controllers/ports';
import type { AssistPorts } from '../controllers/assistController';
import { boardHtml } from './webviewHtml';
import type { WorkspaceRuntimes } from './workspaceRuntimes';
import type { ExecutorCatalog } from './runSettings';
import { vscodeLog, vscodeSettings, vscodeUi } from './vscodeUi';
import type { GraphRunsHost } from './graphRunsHost';

/**
 * Connects one board webview (the sidebar view or the editor tab) to its controller: the
 * webview's messages go to the controller's router, and what the controller posts goes to the
 * webview. The decisions are in src/controllers/ (unit-tested without VS Code).
 */
export class BoardWebview implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private readonly controller: BoardWebviewController;

  constructor(
    private readonly webview: vscode.Webview,
    extensionUri: vscode.Uri,
    boards: WorkspaceRuntimes,
    host: 'sidebar' | 'editor',
    commands: { openBoardInEditor(): unknown },
    catalog: ExecutorCatalog,
    actions: SessionActions,
    /** Where the skills marketplace key is kept. */
    secrets?: vscode.SecretStorage,
    /** The window's Run all / Stop all (shared by both board views). */
    graphs?: GraphRunsHost,
    /** The same app as the Assist view (src/vscode/assistViews.ts): it shows the chat instead of the board. */
    assist?: { view: 'assist'; ports: AssistPorts },
  ) {
    webview.html = boardHtml(webview, extensionUri, host, assist?.view ?? 'board');
    this.controller = new BoardWebviewController({
      post: (m) => this.post(m),
      runtimes: boards,
      ui: vscodeUi(commands),
      settings: vscodeSettings(secrets),
      log: vscodeLog('webview'),
      catalog,
      actions,
      host,
      graphs,
      ...(assist && { assist: assist.ports }),
    });
    this.disposables.push(this.controller, webview.onDidReceiveMessage((raw) => void this.controller.receive(raw)));
  }

  post(message: ToWebview): void {
    void this.webview.postMessage(message);
  }

  dispose(): void {
    this.disposables.forEach((d) => d.dispose());
  }
}
