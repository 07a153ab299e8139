// The stage-automation half of a board webview: recipes (with live validation), the skill catalog
// (vet, import from a folder, a git URL or the marketplace), stage runs (Start, Cancel, Retry),
// artifacts (files open in the editor, URLs and PRs externally) and a card's history.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { FromWebview, ToWebview } from '../protocol/messages';
import { RecipeSchema, type AutomationSnapshot, type RecipeValidation, type StageRun } from '../protocol/automation';
import { describeZodError } from '../protocol/messages';
import type { FolderRuntime } from '../app/folderRuntime';
import { validateRecipe } from '../automation/validation';
import { importFromFolder, importFromGit, importFromMarketplace } from '../automation/skillImport';
import { DEFAULT_MARKETPLACE_URL, MARKETPLACE_KEY_ENV, MarketplaceClient } from '../automation/marketplaceClient';
import type { WorkspaceRuntimes } from './workspaceRuntimes';

const TYPES = ['watchAutomation', 'automationHistory', 'setRecipe', 'validateRecipe', 'stageRunAction', 'openArtifact', 'skillAction'] as const;
export type AutomationMessage = Extract<FromWebview, { type: (typeof TYPES)[number] }>;
export const isAutomationMessage = (m: FromWebview): m is AutomationMessage => (TYPES as readonly string[]).includes(m.type);

export const MARKETPLACE_SECRET = 'viban.skills.marketplaceKey';

export class AutomationChannel implements vscode.Disposable {
  private watching: FolderRuntime | undefined;
  private readonly unsubscribe: Array<() => void> = [];
  private pushTimer: ReturnType<typeof setTimeout> | undefined;
  private historyTaskId: string | undefined;

  constructor(
    private readonly post: (m: ToWebview) => void,
    private readonly runtimes: WorkspaceRuntimes,
    private readonly secrets: vscode.SecretStorage | undefined,
  ) {}

  async handle(msg: AutomationMessage): Promise<string | void> {
    const runtime = await this.runtimes.activeRuntime();
    if (!runtime) throw new Error('Open a folder to use stage automation.');
    const automation = runtime.automation;
    switch (msg.type) {
      case 'watchAutomation':
        this.watch(runtime);
        return;
      case 'automationHistory':
        this.historyTaskId = msg.taskId;
        return this.sendHistory(runtime, msg.taskId);
      case 'validateRecipe':
        this.post({ type: 'recipeValidation', token: msg.token, validation: await this.validateDraft(runtime, msg.columnId, msg.recipe) });
        return;
      case 'setRecipe': {
        if (msg.recipe?.enabled) {
          const v = await automation.validate(msg.recipe, this.columnTitle(runtime, msg.columnId));
          if (!v.valid) throw new Error(`The recipe has errors and cannot be enabled: ${v.errors.join(' ')}`);
        }
        await automation.recipes.setRecipe(msg.columnId, msg.recipe ?? undefined);
        this.schedulePush();
        return;
      }
      case 'stageRunAction': {
        this.requireTrust();
        if (msg.action === 'start') await automation.start(msg.runId);
        else if (msg.action === 'cancel') await automation.cancel(msg.runId);
        else await automation.retry(msg.runId);
        return;
      }
      case 'openArtifact':
        return this.openArtifact(runtime, msg.runId, msg.index);
      case 'skillAction':
        await this.skillAction(runtime, msg.action, msg.skillId);
        this.schedulePush();
        return;
    }
  }

  /** A card with a live stage run in its column: moving it elsewhere asks whether to cancel the run. */
  async confirmMove(taskId: string, toColumnId: string): Promise<void> {
    const runtime = await this.runtimes.activeRuntime();
    const task = runtime?.board.current.board.tasks.find((t) => t.id === taskId);
    if (!runtime || !task || task.columnId === toColumnId) return;
    const live = await runtime.automation.runs.live(taskId);
    if (!live || live.columnId !== task.columnId || live.status !== 'running') return;
    const cancel = 'Cancel the run and move';
    const keep = 'Move, keep it running';
    const choice = await vscode.window.showWarningMessage(`"${task.title}" has a running stage run in "${this.columnTitle(runtime, live.columnId)}". Cancel it?`, { modal: true }, cancel, keep);
    if (!choice) throw new Error('Move cancelled.');
    if (choice === cancel) await runtime.automation.cancel(live.id);
  }

  private watch(runtime: FolderRuntime): void {
    if (this.watching !== runtime) {
      this.unsubscribe.splice(0).forEach((u) => u());
      this.watching = runtime;
      this.unsubscribe.push(
        runtime.automation.onRunChange((run) => {
          this.schedulePush();
          if (run.taskId === this.historyTaskId) void this.sendHistory(runtime, run.taskId);
        }),
        runtime.automation.recipes.onDidChange(() => this.schedulePush()),
        runtime.board.onDidChange(() => this.schedulePush()),
        runtime.board.onDidMoveTask((m) => {
          if (m.taskId === this.historyTaskId) setTimeout(() => void this.sendHistory(runtime, m.taskId), 50);
        }),
      );
    }
    void this.pushSnapshot(runtime);
  }

  /** Run changes come in bursts (a step saves several times): one push per burst. */
  private schedulePush(): void {
    if (this.pushTimer || !this.watching) return;
    const runtime = this.watching;
    this.pushTimer = setTimeout(() => {
      this.pushTimer = undefined;
      void this.pushSnapshot(runtime);
    }, 60);
  }

  private async pushSnapshot(runtime: FolderRuntime): Promise<void> {
    try {
      const a = runtime.automation;
      const { recipes, problem } = a.recipes.current;
      const { skills } = await a.catalog.rescan();
      const checks = new Map<string, Awaited<ReturnType<typeof a.checkExecutor>>>();
      for (const id of new Set(Object.values(recipes).map((r) => r.executor))) checks.set(id, await a.checkExecutor(id));
      const validations: Record<string, RecipeValidation> = {};
      for (const [columnId, recipe] of Object.entries(recipes)) validations[columnId] = validateRecipe(recipe, skills, checks.get(recipe.executor)!, this.columnTitle(runtime, columnId));
      const snapshot: AutomationSnapshot = { recipes, validations, ...(problem && { problem }), skills, runs: latestRuns(await a.runs.list()), executors: this.executorIds(runtime) };
      this.post({ type: 'automation', snapshot });
    } catch (err) {
      this.post({ type: 'automation', snapshot: { recipes: {}, validations: {}, problem: `Stage automation could not be read: ${(err as Error).message}`, skills: [], runs: [], executors: [] } });
    }
  }

  private async sendHistory(runtime: FolderRuntime, taskId: string): Promise<void> {
    const [events, runs] = await Promise.all([runtime.automation.events.read({ taskId }), runtime.automation.runs.list({ taskId })]);
    this.post({ type: 'automationHistory', taskId, events: events.slice(-100), runs: runs.slice(-20).reverse() });
  }

  private async validateDraft(runtime: FolderRuntime, columnId: string, draft: unknown): Promise<RecipeValidation> {
    const parsed = RecipeSchema.safeParse(draft);
    if (!parsed.success) return { valid: false, errors: [`The recipe is not well-formed: ${describeZodError(parsed.error)}`], warnings: [], skills: [] };
    return runtime.automation.validate(parsed.data, this.columnTitle(runtime, columnId));
  }

  private async openArtifact(runtime: FolderRuntime, runId: string, index: number): Promise<void> {
    const run = await runtime.automation.runs.get(runId);
    const artifact = run?.artifacts[index];
    if (!run || !artifact) throw new Error('That artifact is no longer recorded.');
    if (artifact.type === 'file') {
      const task = runtime.board.current.board.tasks.find((t) => t.id === run.taskId);
      const base = task?.worktree?.path ?? runtime.root;
      const file = path.resolve(base, artifact.value);
      if (!file.startsWith(path.resolve(base) + path.sep)) throw new Error('The artifact points outside the workspace; not opened.');
      await vscode.window.showTextDocument(vscode.Uri.file(file), { preview: true });
      return;
    }
    if (!/^https?:\/\//i.test(artifact.value)) throw new Error(`Only web links are opened (${artifact.value}).`);
    await vscode.env.openExternal(vscode.Uri.parse(artifact.value));
  }

  private async skillAction(runtime: FolderRuntime, action: 'vet' | 'sync' | 'importFolder' | 'importGit' | 'importMarketplace', skillId?: string): Promise<void> {
    const catalog = runtime.automation.catalog;
    switch (action) {
      case 'sync':
        await catalog.rescan();
        return;
      case 'vet': {
        if (!skillId) throw new Error('Which skill?');
        const ok = await vscode.window.showWarningMessage(`Vet "${skillId}"? Vetted skills may run in fully_auto columns without anyone approving. Read its SKILL.md and files first.`, { modal: true }, 'Vet');
        if (ok === 'Vet') {
          const s = await catalog.vet(skillId);
          void vscode.window.showInformationMessage(`Viban: ${s.id} vetted (${s.contentHash.slice(0, 19)}).`);
        }
        return;
      }
      case 'importFolder': {
        const picked = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, openLabel: 'Import skill', title: 'A skill folder (with SKILL.md), or a folder of skills' });
        if (!picked?.[0]) return;
        return this.reportImport(await importFromFolder(catalog, picked[0].fsPath));
      }
      case 'importGit': {
        const spec = await vscode.window.showInputBox({ title: 'Import skills from git', prompt: 'A git URL, optionally with #branch, tag or commit (the commit is pinned)', placeHolder: 'https://example.com/skills.git#v1.0.0', ignoreFocusOut: true });
        if (!spec) return;
        return this.reportImport(await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Viban: importing skills…' }, () => importFromGit(catalog, spec.trim())));
      }
      case 'importMarketplace': {
        const client = await this.marketplace();
        const query = await vscode.window.showInputBox({ title: 'Search the skills marketplace', placeHolder: 'prd writer', ignoreFocusOut: true });
        if (!query) return;
        const found = await client.search(query);
        if (!found.length) {
          void vscode.window.showInformationMessage(`Viban: nothing found for "${query}".`);
          return;
        }
        const pick = await vscode.window.showQuickPick(found.map((s) => ({ label: s.name, description: s.author, detail: s.description, id: s.id })), { title: 'Import a skill (arrives as community)' });
        if (!pick) return;
        return this.reportImport([await importFromMarketplace(catalog, client, pick.id)]);
      }
    }
  }

  private reportImport(skills: Array<{ id: string; trust: string }>): void {
    void vscode.window.showInformationMessage(`Viban: imported ${skills.map((s) => s.id).join(', ')} as community. Vet a skill before a fully_auto column uses it.`);
  }

  private async marketplace(): Promise<MarketplaceClient> {
    const baseUrl = vscode.workspace.getConfiguration('viban.skills').get<string>('marketplaceUrl') || DEFAULT_MARKETPLACE_URL;
    let apiKey = (await this.secrets?.get(MARKETPLACE_SECRET)) || process.env[MARKETPLACE_KEY_ENV] || undefined;
    if (!apiKey) {
      apiKey = (await vscode.window.showInputBox({ title: 'Skills marketplace API key', prompt: `Kept in VS Code's secret storage (or set ${MARKETPLACE_KEY_ENV})`, password: true, ignoreFocusOut: true })) || undefined;
      if (apiKey) await this.secrets?.store(MARKETPLACE_SECRET, apiKey);
    }
    return new MarketplaceClient({ baseUrl, apiKey });
  }

  private requireTrust(): void {
    if (!this.runtimes.trusted) throw new Error('This workspace is not trusted: stage runs execute agents and commands, so they are off in restricted mode.');
  }

  private columnTitle(runtime: FolderRuntime, id: string): string {
    return runtime.board.current.board.columns.find((c) => c.id === id)?.title ?? id;
  }

  private executorIds(runtime: FolderRuntime): string[] {
    return runtime.executors.list().map((e) => e.id);
  }

  dispose(): void {
    if (this.pushTimer) clearTimeout(this.pushTimer);
    this.unsubscribe.splice(0).forEach((u) => u());
  }
}

/** Each card's latest run per column plus every live run, newest first (what cards and the editor show). */
function latestRuns(all: StageRun[]): StageRun[] {
  const byKey = new Map<string, StageRun>();
  for (const r of all) byKey.set(`${r.taskId}|${r.columnId}`, r);
  return [...byKey.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt)).slice(0, 500);
}
