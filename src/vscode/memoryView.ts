// The Memory view (issue #14): a native tree in the Viban container listing what the project
// remembers, grouped by category with each item's confidence; filter, add, edit and forget
// (with a confirmation). Every change goes through MemoryRepository (one locked store update), and
// the view follows .viban/memory.json, so an item added by `viban memory add` or an agent appears.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { storeLayout } from '../store/layout';
import { MemoryError, MemoryRepository } from '../memory/memoryRepository';
import { MEMORY_CATEGORIES, type MemoryCategory, type MemoryItem } from '../protocol/memory';
import type { Redactor } from '../secrets/redactor';
import { Logger } from './logger';
import type { WorkspaceRuntimes } from './workspaceRuntimes';

export const MEMORY_VIEW_ID = 'viban.memory';

const TITLES: Record<MemoryCategory, string> = { decision: 'Decisions', preference: 'Preferences', open: 'Open questions', context: 'Context', experiment: 'Experiments' };
const HINTS: Record<MemoryCategory, string> = {
  decision: 'Something decided ("No social login for now")',
  preference: 'How the team likes things done ("Prefer small pure functions")',
  open: 'A question to come back to, optionally with a due date',
  context: 'A fact about the project agents should know',
  experiment: 'Something being tried',
};

type Node = { kind: 'category'; category: MemoryCategory; count: number } | { kind: 'item'; item: MemoryItem };

class MemoryTree implements vscode.TreeDataProvider<Node> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  items: MemoryItem[] = [];
  filter = '';

  refresh(items: MemoryItem[]): void {
    this.items = items;
    this.changed.fire();
  }

  private shown(): MemoryItem[] {
    const needle = this.filter.toLowerCase();
    return needle ? this.items.filter((i) => i.value.toLowerCase().includes(needle) || i.key.includes(needle) || i.category.includes(needle)) : this.items;
  }

  getChildren(node?: Node): Node[] {
    const shown = this.shown();
    if (!node) return MEMORY_CATEGORIES.filter((c) => shown.some((i) => i.category === c)).map((c) => ({ kind: 'category' as const, category: c, count: shown.filter((i) => i.category === c).length }));
    if (node.kind === 'category') return shown.filter((i) => i.category === node.category).map((item) => ({ kind: 'item' as const, item }));
    return [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'category') {
      const t = new vscode.TreeItem(TITLES[node.category], vscode.TreeItemCollapsibleState.Expanded);
      t.id = `category:${node.category}`;
      t.description = String(node.count);
      t.contextValue = 'vibanMemoryCategory';
      return t;
    }
    const { item } = node;
    const t = new vscode.TreeItem(item.value, vscode.TreeItemCollapsibleState.None);
    t.id = item.id;
    const due = item.due ? ` · due ${item.due.slice(0, 10)}` : '';
    t.description = `${Math.round(item.confidence * 100)}%${due}`;
    t.iconPath = new vscode.ThemeIcon(item.confidence >= 0.7 ? 'pass' : item.confidence >= 0.3 ? 'question' : 'circle-slash');
    const tip = new vscode.MarkdownString();
    tip.appendText(item.value);
    tip.appendMarkdown(`\n\n**${TITLES[item.category]}** · key \`${item.key}\` · confidence ${item.confidence.toFixed(2)}${item.confidence < 0.7 ? ' (lowered: something contradicted it, or it was inferred)' : ''}`);
    if (item.due) tip.appendMarkdown(`\n\nDue ${item.due.slice(0, 10)}`);
    if (item.sourceConversation) tip.appendMarkdown(`\n\nFrom conversation \`${item.sourceConversation}\``);
    tip.appendMarkdown(`\n\nAdded ${item.createdAt.slice(0, 16).replace('T', ' ')} · changed ${item.updatedAt.slice(0, 16).replace('T', ' ')} · \`${item.id}\``);
    t.tooltip = tip;
    t.contextValue = 'vibanMemoryItem';
    return t;
  }
}

export class MemoryView implements vscode.Disposable {
  private readonly tree = new MemoryTree();
  private readonly view: vscode.TreeView<Node>;
  private readonly disposables: vscode.Disposable[] = [];
  private watcher: vscode.FileSystemWatcher | undefined;
  private watchedRoot: string | undefined;
  private readonly log = new Logger('memory');

  constructor(private readonly runtimes: WorkspaceRuntimes, private readonly redactor: Redactor) {
    this.view = vscode.window.createTreeView(MEMORY_VIEW_ID, { treeDataProvider: this.tree, showCollapseAll: true });
    const item = (fn: (i: MemoryItem) => Promise<void>) => (node?: Node) => (node?.kind === 'item' ? this.guard(() => fn(node.item)) : undefined);
    this.disposables.push(
      this.view,
      vscode.commands.registerCommand('viban.memory.add', () => this.guard(() => this.add())),
      vscode.commands.registerCommand('viban.memory.edit', item((i) => this.edit(i))),
      vscode.commands.registerCommand('viban.memory.forget', item((i) => this.forget(i))),
      vscode.commands.registerCommand('viban.memory.filter', () => this.guard(() => this.askFilter())),
      vscode.commands.registerCommand('viban.memory.clearFilter', () => this.setFilter('')),
      vscode.commands.registerCommand('viban.memory.refresh', () => this.reload()),
      this.view.onDidChangeVisibility((e) => e.visible && void this.reload()),
      runtimes.onDidChange(() => void this.reload()),
    );
    void this.reload();
  }

  private repo(): MemoryRepository | undefined {
    const root = this.runtimes.activeFolder?.uri.fsPath;
    if (!root) return undefined;
    if (root !== this.watchedRoot) {
      this.watcher?.dispose();
      this.watchedRoot = root;
      this.watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(root), path.relative(root, storeLayout(root).memory).split(path.sep).join('/')));
      const reload = () => void this.reload();
      this.watcher.onDidChange(reload);
      this.watcher.onDidCreate(reload);
      this.watcher.onDidDelete(reload);
    }
    return new MemoryRepository(root, { redactor: this.redactor });
  }

  async reload(): Promise<void> {
    const repo = this.repo();
    if (!repo) {
      this.tree.refresh([]);
      this.view.message = 'Open a folder to see what its project remembers.';
      return;
    }
    try {
      this.tree.refresh(await repo.list());
      for (const p of repo.problems) void vscode.window.showWarningMessage(`Viban: ${p.message}`);
    } catch (err) {
      this.log.error('could not read the memory', err);
      this.view.message = `The memory could not be read: ${(err as Error).message}`;
      return;
    }
    this.updateMessage();
  }

  private updateMessage(): void {
    const total = this.tree.items.length;
    if (!total) this.view.message = 'Nothing remembered yet. Add a decision, a preference or an open question with +; agents are told what is here.';
    else if (this.tree.filter) this.view.message = `Showing items matching "${this.tree.filter}". Clear the filter to see all ${total}.`;
    else this.view.message = undefined;
    this.view.description = this.tree.filter ? `filter: ${this.tree.filter}` : undefined;
    void vscode.commands.executeCommand('setContext', 'viban.memory.filtered', !!this.tree.filter);
  }

  private async add(): Promise<void> {
    const repo = this.repo();
    if (!repo) return;
    const pick = await vscode.window.showQuickPick(
      MEMORY_CATEGORIES.map((c) => ({ label: TITLES[c], description: HINTS[c], category: c })),
      { title: 'Remember: which kind?', placeHolder: 'Decision, preference, open question…' },
    );
    if (!pick) return;
    const value = await vscode.window.showInputBox({ title: `Remember: ${TITLES[pick.category]}`, prompt: HINTS[pick.category], validateInput: (v) => (v.trim() ? undefined : 'Write what to remember.') });
    if (value === undefined) return;
    let due: string | undefined;
    if (pick.category === 'open') {
      due = await vscode.window.showInputBox({ title: 'Bring it up again on… (optional)', prompt: 'A date such as 2026-12-12; leave empty for no date', validateInput: (v) => (!v.trim() || !Number.isNaN(Date.parse(v.trim())) ? undefined : 'A date such as 2026-12-12.') });
      if (due === undefined) return;
      due = due.trim() || undefined;
    }
    await repo.add({ category: pick.category, value, due });
    await this.reload();
  }

  private async edit(item: MemoryItem): Promise<void> {
    const value = await vscode.window.showInputBox({ title: `Edit: ${TITLES[item.category]}`, value: item.value, prompt: 'What the project remembers (agents are told this)', validateInput: (v) => (v.trim() ? undefined : 'Write what to remember, or forget the item instead.') });
    if (value === undefined || value.trim() === item.value) return;
    await this.repo()?.update(item.id, { value });
    await this.reload();
  }

  private async forget(item: MemoryItem): Promise<void> {
    const ok = await vscode.window.showWarningMessage(`Forget "${item.value}"?`, { modal: true, detail: 'Agents and Assist will no longer be told this.' }, 'Forget');
    if (ok !== 'Forget') return;
    await this.repo()?.forget(item.id);
    await this.reload();
  }

  private async askFilter(): Promise<void> {
    const text = await vscode.window.showInputBox({ title: 'Filter memory', value: this.tree.filter, prompt: 'Text in the item, its key or its category; empty shows all' });
    if (text !== undefined) this.setFilter(text.trim());
  }

  private setFilter(text: string): void {
    this.tree.filter = text;
    this.tree.refresh(this.tree.items);
    this.updateMessage();
  }

  /** A bad edit (empty text, a gone item) is said plainly; nothing was written. */
  private async guard(fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (err) {
      if (!(err instanceof MemoryError)) this.log.error('memory change failed', err);
      void vscode.window.showErrorMessage(Logger.redact(`Viban: ${(err as Error).message}`));
      await this.reload();
    }
  }

  dispose(): void {
    this.watcher?.dispose();
    this.disposables.forEach((d) => d.dispose());
  }
}
