// The Assist view: in the Viban activity-bar container next to the Board, and in a wide editor tab
// ("Viban: Open Assist in Editor"). Both are the board's webview app in its Assist mode, with the
// same one message table; the window's AssistDesk is shared, so a question asked in one shows
// its progress and answer in the other.
import * as vscode from 'vscode';
import type { AssistPorts } from '../controllers/assistController';
import type { SessionActions } from '../controllers/ports';
import { BoardWebview } from './boardWebview';
import type { GraphRunsHost } from './graphRunsHost';
import type { ExecutorCatalog } from './runSettings';
import { webviewOptions } from './webviewHtml';
import type { WorkspaceRuntimes } from './workspaceRuntimes';

export const ASSIST_VIEW_ID = 'viban.assist';
export const OPEN_ASSIST_IN_EDITOR_COMMAND = 'viban.openAssistInEditor';

export class AssistViews implements vscode.WebviewViewProvider, vscode.Disposable {
  private sidebar: BoardWebview | undefined;
  private panel: { panel: vscode.WebviewPanel; view: BoardWebview } | undefined;
  private readonly ports: AssistPorts;
  private readonly commands = { openBoardInEditor: () => vscode.commands.executeCommand('viban.openBoardInEditor') };

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly boards: WorkspaceRuntimes,
    private readonly catalog: ExecutorCatalog,
    private readonly actions: SessionActions,
    private readonly graphs: GraphRunsHost,
    ports: Omit<AssistPorts, 'openInEditor'>,
  ) {
    this.ports = { ...ports, openInEditor: async () => this.openInEditor() };
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    view.webview.options = webviewOptions(this.extensionUri);
    this.sidebar?.dispose();
    const bound = this.bind(view.webview, 'sidebar');
    this.sidebar = bound;
    view.onDidDispose(() => {
      bound.dispose();
      if (this.sidebar === bound) this.sidebar = undefined;
    });
  }

  openInEditor(): void {
    if (this.panel) {
      this.panel.panel.reveal();
      return;
    }
    const panel = vscode.window.createWebviewPanel('viban.assistEditor', 'Viban Assist', vscode.ViewColumn.Active, { ...webviewOptions(this.extensionUri), retainContextWhenHidden: false });
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'viban.svg');
    const view = this.bind(panel.webview, 'editor');
    this.panel = { panel, view };
    panel.onDidDispose(() => {
      view.dispose();
      this.panel = undefined;
    });
  }

  private bind(webview: vscode.Webview, host: 'sidebar' | 'editor'): BoardWebview {
    return new BoardWebview(webview, this.extensionUri, this.boards, host, this.commands, this.catalog, this.actions, undefined, this.graphs, { view: 'assist', ports: this.ports });
  }

  dispose(): void {
    this.sidebar?.dispose();
    this.panel?.panel.dispose();
  }
}
