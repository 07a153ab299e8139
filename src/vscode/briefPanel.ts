// "Viban: Brief Me", and the briefing that opens by itself when the window comes back after
// `viban.assist.briefAfterHours` away (issue #14). The facts come from the store (briefFor); this
// adapter only decides when to show them, shows them in one reusable editor panel whose links
// open cards, and records when the user was last seen here (.viban/seen.json, per user@host).
import * as vscode from 'vscode';
import { briefFor } from '../assist/brief/briefSource';
import { FIRST_BRIEF_WINDOW_MS } from '../assist/brief/briefSource';
import { isQuiet, type Briefing } from '../assist/brief/briefing';
import { LastSeenStore } from '../store/lastSeenStore';
import type { Redactor } from '../secrets/redactor';
import { briefHtml, FOCUS_MEMORY_COMMAND, SHOW_TASK_COMMAND } from './briefDocument';
import { Logger } from './logger';
import type { WorkspaceRuntimes } from './workspaceRuntimes';

export const BRIEF_ME_COMMAND = 'viban.briefMe';
const DEFAULT_BRIEF_AFTER_HOURS = 8;
/** While the window is focused, the user is "seen" this often (so a crash loses at most this much). */
const SEEN_EVERY_MS = 5 * 60 * 1000;

export class Briefings implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  /** When the user was last seen before this window opened: what Brief Me reports from. */
  private readonly sinceAtOpen = new Map<string, Date | undefined>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly timer: NodeJS.Timeout;
  private readonly log = new Logger('brief');

  constructor(
    private readonly runtimes: WorkspaceRuntimes,
    private readonly redactor: Redactor,
    showTask: (taskId: string) => Promise<void>,
  ) {
    this.disposables.push(
      vscode.commands.registerCommand(BRIEF_ME_COMMAND, () => this.briefMe()),
      vscode.commands.registerCommand(SHOW_TASK_COMMAND, (taskId: unknown) => (typeof taskId === 'string' ? showTask(taskId) : undefined)),
      vscode.window.onDidChangeWindowState((s) => {
        if (s.focused) void this.markSeen();
      }),
    );
    this.timer = setInterval(() => {
      if (vscode.window.state.focused) void this.markSeen();
    }, SEEN_EVERY_MS);
    this.timer.unref?.();
    void this.onWindowOpen().catch((err) => this.log.error('could not prepare the briefing', err));
  }

  /** The window opened: brief the user if they were away long enough, then note they are here. */
  private async onWindowOpen(): Promise<void> {
    const root = this.root();
    if (!root) return;
    const last = await new LastSeenStore(root).get();
    this.sinceAtOpen.set(root, last);
    const hours = vscode.workspace.getConfiguration('viban.assist').get<number>('briefAfterHours', DEFAULT_BRIEF_AFTER_HOURS);
    const away = last ? Date.now() - last.getTime() : 0;
    if (last && hours > 0 && away >= hours * 3600_000) {
      const b = await briefFor(root, { since: last, redactor: this.redactor });
      if (!isQuiet(b)) this.show(b, root, `You were away ${Math.round(away / 3600_000)} h (more than viban.assist.briefAfterHours = ${hours}).`);
    }
    await this.markSeen();
  }

  /** Brief Me: since the user was last seen before this window opened (or the last 24 hours). */
  async briefMe(): Promise<void> {
    const root = this.root();
    if (!root) {
      void vscode.window.showInformationMessage('Viban: open a folder to get a briefing on its board.');
      return;
    }
    try {
      if (!this.sinceAtOpen.has(root)) this.sinceAtOpen.set(root, await new LastSeenStore(root).get());
      const since = this.sinceAtOpen.get(root) ?? new Date(Date.now() - FIRST_BRIEF_WINDOW_MS);
      const b = await briefFor(root, { since, redactor: this.redactor });
      this.show(b, root, this.sinceAtOpen.get(root) ? 'Since you were last seen before this window opened.' : 'The last 24 hours (you had not been seen here before).');
    } catch (err) {
      this.log.error('briefing failed', err);
      void vscode.window.showErrorMessage(Logger.redact(`Viban: could not compute the briefing: ${(err as Error).message}`));
    }
  }

  private show(b: Briefing, root: string, reason: string): void {
    const folderName = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(root))?.name ?? root;
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel('viban.briefing', 'Viban Briefing', { viewColumn: vscode.ViewColumn.Active, preserveFocus: false }, {
        enableScripts: false,
        // Links may open a card or the Memory view, and nothing else.
        enableCommandUris: [SHOW_TASK_COMMAND, FOCUS_MEMORY_COMMAND],
        localResourceRoots: [],
      });
      this.panel.onDidDispose(() => (this.panel = undefined), undefined, this.disposables);
    }
    this.panel.webview.html = briefHtml(b, { cspSource: this.panel.webview.cspSource, folderName, reason });
    this.panel.reveal();
  }

  private async markSeen(): Promise<void> {
    const root = this.root();
    if (!root) return;
    await new LastSeenStore(root).mark(new Date()).catch((err) => this.log.error('could not record when you were last seen', err));
  }

  private root(): string | undefined {
    return this.runtimes.activeFolder?.uri.fsPath;
  }

  dispose(): void {
    clearInterval(this.timer);
    void this.markSeen();
    this.panel?.dispose();
    this.disposables.forEach((d) => d.dispose());
  }
}
