import * as vscode from 'vscode';
import { parseFromWebview, type FromWebview, type RequestMessage, type ToWebview } from '../protocol/messages';
import { tasksInColumn } from '../shared/ordering';
import type { BoardService } from '../board/boardService';
import { boardHtml } from './webviewHtml';
import { Logger, errorText } from './logger';
import type { WorkspaceRuntimes } from './workspaceRuntimes';
import { SessionChannel, isSessionMessage, type ChannelResult, type SessionActions } from './sessionChannel';
import { ReviewChannel, isReviewMessage, type ReviewMessage } from './reviewChannel';
import type { ExecutorCatalog } from './runSettings';
import { AutomationChannel, isAutomationMessage } from './automationChannel';
import { GraphChannel, isGraphMessage } from './graphChannel';
import type { GraphRunsHost } from './graphRunsHost';

/**
 * Connects one board webview (the sidebar view or the editor tab) to the workspace boards:
 * validates what the webview sends, applies intents, answers requests, and pushes state.
 * The host is the source of truth; the webview only renders and asks.
 */
export class BoardWebview implements vscode.Disposable {
  private readonly log = new Logger('webview');
  private readonly disposables: vscode.Disposable[] = [];
  private ready = false;
  private readonly sessions: SessionChannel;
  private readonly review: ReviewChannel;
  private readonly automation: AutomationChannel;
  private readonly graph: GraphChannel | undefined;

  constructor(
    private readonly webview: vscode.Webview,
    private readonly extensionUri: vscode.Uri,
    private readonly boards: WorkspaceRuntimes,
    private readonly host: 'sidebar' | 'editor',
    private readonly commands: { openBoardInEditor(): unknown },
    catalog: ExecutorCatalog,
    actions: SessionActions,
    /** Where the skills marketplace key is kept. */
    secrets?: vscode.SecretStorage,
    /** The window's Run all / Stop all (shared by both board views). */
    graphs?: GraphRunsHost,
  ) {
    webview.html = boardHtml(webview, extensionUri, host);
    this.sessions = new SessionChannel((m) => this.post(m), boards, catalog, actions);
    this.review = new ReviewChannel((m) => this.post(m), boards);
    this.automation = new AutomationChannel((m) => this.post(m), boards, secrets);
    this.graph = graphs && new GraphChannel((m) => this.post(m), boards, graphs);
    if (this.graph) this.disposables.push(this.graph);
    this.disposables.push(
      this.sessions,
      this.review,
      this.automation,
      webview.onDidReceiveMessage((raw) => void this.receive(raw)),
      boards.onDidChange(() => void this.pushState()),
    );
  }

  post(message: ToWebview): void {
    void this.webview.postMessage(message);
  }

  /** Full snapshot: on the webview's `ready`, and when a hidden view becomes visible again. */
  async sendSnapshot(): Promise<void> {
    let state = null;
    try {
      state = await this.boards.activeState();
    } catch (err) {
      this.log.error('could not open the board', err);
      void vscode.window.showErrorMessage(`Viban could not open the board: ${errorText(err)}`);
    }
    this.post({ type: 'snapshot', snapshot: { folders: this.boards.folders, state, trusted: this.boards.trusted, host: this.host } });
  }

  private async pushState(): Promise<void> {
    if (!this.ready) return;
    // Folder list or trust may have changed too, so a push is a (cheap) snapshot.
    await this.sendSnapshot();
  }

  private async receive(raw: unknown): Promise<void> {
    const parsed = parseFromWebview(raw);
    if (!parsed.ok) {
      this.log.warn(`dropped an invalid message from the ${this.host} webview: ${parsed.error}`);
      return;
    }
    const msg = parsed.value;
    if (isSessionMessage(msg)) {
      await this.handleChannelMessage(msg, (m) => this.sessions.handle(m));
      return;
    }
    if (isReviewMessage(msg)) {
      await this.handleChannelMessage(msg, (m) => this.review.handle(m));
      return;
    }
    if (isAutomationMessage(msg)) {
      await this.handleChannelMessage(msg, (m) => this.automation.handle(m).then(() => undefined));
      return;
    }
    if (isGraphMessage(msg)) {
      const graph = this.graph;
      await this.handleChannelMessage(msg, async (m) => {
        if (!graph) throw new Error('The task graph is not available in this view.');
        await graph.handle(m);
      });
      return;
    }
    if ('requestId' in msg) {
      try {
        const taskId = await this.handleRequest(msg);
        this.post({ type: 'reply', inReplyTo: msg.requestId, ok: true, ...(taskId && { taskId }) });
      } catch (err) {
        this.log.warn(`${msg.type} refused: ${errorText(err)}`);
        this.post({ type: 'reply', inReplyTo: msg.requestId, ok: false, error: errorText(err) });
        // The webview may have applied the change optimistically: resend the truth.
        await this.sendSnapshot();
      }
      return;
    }
    await this.handleNotification(msg);
  }

  /** Session and review messages: a request gets a reply (with a session id when one started). */
  private async handleChannelMessage<M extends FromWebview>(msg: M, handle: (m: M) => Promise<string | ChannelResult | void>): Promise<void> {
    const requestId = 'requestId' in msg ? (msg.requestId as string) : undefined;
    try {
      const result = await handle(msg);
      const extra = typeof result === 'string' ? { sessionId: result } : Object.fromEntries(Object.entries(result ?? {}).filter(([, v]) => v !== undefined));
      if (requestId) this.post({ type: 'reply', inReplyTo: requestId, ok: true, ...extra });
    } catch (err) {
      this.log.warn(`${msg.type} refused: ${errorText(err)}`);
      if (requestId) this.post({ type: 'reply', inReplyTo: requestId, ok: false, error: errorText(err) });
      else void vscode.window.showErrorMessage(`Viban: ${errorText(err)}`);
    }
  }

  private async handleNotification(msg: Exclude<FromWebview, RequestMessage | Parameters<SessionChannel['handle']>[0] | ReviewMessage>): Promise<void> {
    switch (msg.type) {
      case 'ready':
        this.ready = true;
        await this.sendSnapshot();
        await this.sessions.sendExecutors(await this.boards.activeRuntime().catch(() => undefined), false);
        await this.graph?.pushState();
        return;
      case 'openFolder':
        await vscode.commands.executeCommand('vscode.openFolder');
        return;
      case 'selectFolder':
        await this.boards.setActive(msg.folderKey);
        return;
      case 'openBoardInEditor':
        await this.commands.openBoardInEditor();
        return;
      case 'log':
        this.log[msg.level](`(webview) ${msg.message}`);
        return;
    }
  }

  /** Returns a task id when the request created one. */
  private async handleRequest(msg: Exclude<RequestMessage, Parameters<SessionChannel['handle']>[0] | ReviewMessage>): Promise<string | void> {
    const board = await this.requireBoard();
    switch (msg.type) {
      case 'createTask':
        return board.createTask({ title: msg.title, description: msg.description, columnId: msg.columnId });
      case 'updateTask':
        await board.updateTask(msg.taskId, { title: msg.title, description: msg.description });
        return;
      case 'deleteTask':
        await this.confirmDeleteTask(board, msg.taskId);
        return;
      case 'moveTask':
        await this.automation.confirmMove(msg.taskId, msg.toColumnId);
        await board.moveTask(msg.taskId, msg.toColumnId, msg.toIndex);
        return;
      case 'addColumn':
        await board.addColumn(msg.title);
        return;
      case 'renameColumn':
        await board.renameColumn(msg.columnId, msg.title);
        return;
      case 'moveColumn':
        await board.moveColumn(msg.columnId, msg.toIndex);
        return;
      case 'deleteColumn':
        await this.deleteColumn(board, msg.columnId);
        return;
    }
  }

  private async requireBoard(): Promise<BoardService> {
    const board = await this.boards.active();
    if (!board) throw new Error('Open a folder to use the board.');
    return board;
  }

  private async confirmDeleteTask(board: BoardService, taskId: string): Promise<void> {
    const task = board.current.board.tasks.find((t) => t.id === taskId);
    if (!task) throw new Error('That task no longer exists (it may have been deleted in another window).');
    const answer = await vscode.window.showWarningMessage(
      `Delete the task "${task.title}"?`,
      { modal: true, detail: 'The card and its description are removed from the board. This cannot be undone from Viban.' },
      'Delete',
    );
    if (answer === 'Delete') await board.deleteTask(taskId);
  }

  private async deleteColumn(board: BoardService, columnId: string): Promise<void> {
    const current = board.current.board;
    const column = current.columns.find((c) => c.id === columnId);
    if (!column) throw new Error('That column no longer exists.');
    const cards = tasksInColumn(current, columnId).length;
    if (cards === 0) {
      const ok = await vscode.window.showWarningMessage(`Remove the empty column "${column.title}"?`, { modal: true }, 'Remove');
      if (ok === 'Remove') await board.deleteColumn(columnId);
      return;
    }
    const targets = current.columns.filter((c) => c.id !== columnId);
    const pick = await vscode.window.showQuickPick(
      targets.map((c) => ({ label: c.title, description: `${tasksInColumn(current, c.id).length} cards`, id: c.id })),
      { title: `Remove "${column.title}": where should its ${cards} card${cards === 1 ? '' : 's'} go?`, placeHolder: 'Pick a column (Escape keeps the column)' },
    );
    if (pick) await board.deleteColumn(columnId, pick.id);
  }

  dispose(): void {
    this.disposables.forEach((d) => d.dispose());
  }
}
