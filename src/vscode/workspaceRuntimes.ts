import * as vscode from 'vscode';
import { BoardService, type BoardServiceState } from '../board/boardService';
import type { BoardState, FolderInfo } from '../protocol/messages';
import { Logger } from './logger';

const ACTIVE_KEY = 'viban.activeFolder';

/**
 * The boards of the open workspace folders (one per folder, opened lazily) and which one the
 * views show. Both the sidebar view and the editor tab render the active folder, so they stay in sync.
 */
export class WorkspaceBoards implements vscode.Disposable {
  private readonly services = new Map<string, BoardService>();
  private readonly unsubscribe = new Map<string, () => void>();
  private activeKey: string | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly log = new Logger('board');
  private readonly reported = new Set<string>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly memento: vscode.Memento) {
    this.activeKey = memento.get<string>(ACTIVE_KEY);
    this.subscriptions.push(
      vscode.workspace.onDidChangeWorkspaceFolders((e) => {
        for (const f of e.removed) this.close(f.uri.toString());
        this.changed.fire();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.changed.fire()),
    );
  }

  get folders(): FolderInfo[] {
    return (vscode.workspace.workspaceFolders ?? []).map((f) => ({ key: f.uri.toString(), name: f.name }));
  }

  get trusted(): boolean {
    return vscode.workspace.isTrusted;
  }

  get activeFolder(): vscode.WorkspaceFolder | undefined {
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
    return folders.find((f) => f.uri.toString() === this.activeKey) ?? folders[0];
  }

  async setActive(folderKey: string): Promise<void> {
    if (!this.folders.some((f) => f.key === folderKey)) throw new Error('That folder is no longer open in this window.');
    this.activeKey = folderKey;
    await this.memento.update(ACTIVE_KEY, folderKey);
    await this.active();
    this.changed.fire();
  }

  /** The active folder's board service, opened on first use; undefined with no folder open. */
  async active(): Promise<BoardService | undefined> {
    const folder = this.activeFolder;
    if (!folder) return undefined;
    const key = folder.uri.toString();
    let service = this.services.get(key);
    if (!service) {
      service = new BoardService(folder.uri.fsPath);
      this.services.set(key, service);
      this.unsubscribe.set(key, service.onDidChange((s) => this.onServiceChange(folder, s)));
      try {
        this.onServiceChange(folder, await service.open());
      } catch (err) {
        this.services.delete(key);
        this.unsubscribe.get(key)?.();
        service.dispose();
        throw err;
      }
    }
    return service;
  }

  /** The state the webviews render, or null when no folder is open. */
  async activeState(): Promise<BoardState | null> {
    const folder = this.activeFolder;
    const service = await this.active();
    if (!folder || !service) return null;
    const s = service.current;
    return { folder: { key: folder.uri.toString(), name: folder.name }, board: s.board, readOnly: s.readOnly, problems: s.problems };
  }

  private onServiceChange(folder: vscode.WorkspaceFolder, state: BoardServiceState): void {
    for (const p of state.problems) {
      const id = `${p.kind}:${p.movedTo ?? p.file ?? ''}:${p.message}`;
      if (this.reported.has(id)) continue;
      this.reported.add(id);
      this.log.error(`${folder.name}: ${p.message}`);
      void this.notifyProblem(p.message, p.movedTo);
    }
    this.changed.fire();
  }

  private async notifyProblem(message: string, movedTo: string | undefined): Promise<void> {
    const actions = movedTo ? ['Open Preserved Copy', 'Show Log'] : ['Show Log'];
    const pick = await vscode.window.showErrorMessage(`Viban: ${message}`, ...actions);
    if (pick === 'Open Preserved Copy' && movedTo) await vscode.window.showTextDocument(vscode.Uri.file(movedTo));
    if (pick === 'Show Log') Logger.show();
  }

  private close(key: string): void {
    this.unsubscribe.get(key)?.();
    this.unsubscribe.delete(key);
    this.services.get(key)?.dispose();
    this.services.delete(key);
  }

  dispose(): void {
    for (const key of [...this.services.keys()]) this.close(key);
    this.subscriptions.forEach((d) => d.dispose());
    this.changed.dispose();
  }
}
