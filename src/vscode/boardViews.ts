import * as vscode from 'vscode';
import { BoardWebview } from './boardWebview';
import { webviewOptions } from './webviewHtml';
import type { WorkspaceRuntimes } from './workspaceRuntimes';
import type { ToWebview } from '../protocol/messages';
import type { ExecutorCatalog } from './runSettings';
import type { SessionActions } from '../controllers/ports';

export const BOARD_VIEW_ID = 'viban.board';

/**
 * The board in the sidebar (a webview view) and in a wide editor tab (a webview panel). Hidden
 * webviews are not kept alive: when one becomes visible again it asks for a fresh snapshot.
 */
export class BoardViews implements vscode.WebviewViewProvider, vscode.Disposable {
  private sidebar: BoardWebview | undefined;
  private sidebarView: vscode.WebviewView | undefined;
  private panel: { panel: vscode.WebviewPanel; view: BoardWebview } | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly boards: WorkspaceRuntimes,
    private readonly catalog: ExecutorCatalog,
    private readonly actions: SessionActions,
    private readonly secrets?: vscode.SecretStorage,
  ) {}

  resolveWebviewView(view: vscode.WebviewView): void {
    view.webview.options = webviewOptions(this.extensionUri);
    this.sidebar?.dispose();
    const bound = new BoardWebview(view.webview, this.extensionUri, this.boards, 'sidebar', this, this.catalog, this.actions, this.secrets);
    this.sidebar = bound;
    this.sidebarView = view;
    view.onDidDispose(() => {
      if (this.sidebarView === view) this.sidebarView = undefined;
      bound.dispose();
      if (this.sidebar === bound) this.sidebar = undefined;
    });
  }

  openBoardInEditor(): void {
    if (this.panel) {
      this.panel.panel.reveal();
      return;
    }
    const panel = vscode.window.createWebviewPanel('viban.boardEditor', 'Viban Board', vscode.ViewColumn.Active, {
      ...webviewOptions(this.extensionUri),
      retainContextWhenHidden: false,
    });
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'viban.svg');
    const view = new BoardWebview(panel.webview, this.extensionUri, this.boards, 'editor', this, this.catalog, this.actions, this.secrets);
    this.panel = { panel, view };
    panel.onDidDispose(() => {
      view.dispose();
      this.panel = undefined;
    });
  }

  /** True while the board is on screen (the sidebar view or the editor tab). */
  get visible(): boolean {
    return Boolean(this.sidebarView?.visible || this.panel?.panel.visible);
  }

  /** Sends a message to every open board webview (for example "show this task"). */
  broadcast(message: ToWebview): void {
    this.sidebar?.post(message);
    this.panel?.view.post(message);
  }

  dispose(): void {
    this.sidebar?.dispose();
    this.panel?.panel.dispose();
  }
}
