// The stage-automation half of a board webview: recipes (with live validation), the skill catalog
// (vet, import from a folder, a git URL or the marketplace), stage runs (Start, Cancel, Retry),
// artifacts (files open in the editor, URLs and PRs externally) and a card's history.
import * as path from 'node:path';
import type { FromWebview, ToWebview } from '../protocol/messages';
import { RecipeSchema, type AutomationSnapshot, type RecipeValidation, type StageRun } from '../protocol/automation';
import { describeZodError } from '../protocol/messages';
import type { FolderRuntime } from '../app/folderRuntime';
import { validateRecipe } from '../automation/validation';
import { importFromFolder, importFromGit, importFromMarketplace } from '../automation/skillImport';
import { DEFAULT_MARKETPLACE_URL, MARKETPLACE_KEY_ENV, MarketplaceClient } from '../automation/marketplaceClient';
import type { HostSettings, HostUi, Runtimes } from './ports';

type Msg<T extends FromWebview['type']> = Extract<FromWebview, { type: T }>;

export const MARKETPLACE_SECRET = 'viban.skills.marketplaceKey';

export interface AutomationControllerDeps {
  post(message: ToWebview): void;
  runtimes: Runtimes;
  ui: HostUi;
  settings: HostSettings;
}

export class AutomationController {
  private watching: FolderRuntime | undefined;
  private readonly unsubscribe: Array<() => void> = [];
  private pushTimer: ReturnType<typeof setTimeout> | undefined;
  private historyTaskId: string | undefined;

  constructor(private readonly deps: AutomationControllerDeps) {}

  private async runtime(): Promise<FolderRuntime> {
    const runtime = await this.deps.runtimes.activeRuntime();
    if (!runtime) throw new Error('Open a folder to use stage automation.');
    return runtime;
  }

  watchAutomation = async () => this.watch(await this.runtime());

  automationHistory = async (msg: Msg<'automationHistory'>) => {
    const runtime = await this.runtime();
    this.historyTaskId = msg.taskId;
    await this.sendHistory(runtime, msg.taskId);
  };

  validateRecipe = async (msg: Msg<'validateRecipe'>) => {
    const runtime = await this.runtime();
    this.deps.post({ type: 'recipeValidation', token: msg.token, validation: await this.validateDraft(runtime, msg.columnId, msg.recipe) });
  };

  setRecipe = async (msg: Msg<'setRecipe'>) => {
    const runtime = await this.runtime();
    if (msg.recipe?.enabled) {
      const v = await runtime.automation.validate(msg.recipe, this.columnTitle(runtime, msg.columnId));
      if (!v.valid) throw new Error(`The recipe has errors and cannot be enabled: ${v.errors.join(' ')}`);
    }
    await runtime.automation.recipes.setRecipe(msg.columnId, msg.recipe ?? undefined);
    this.schedulePush();
  };

  stageRunAction = async (msg: Msg<'stageRunAction'>) => {
    const { automation } = await this.runtime();
    this.requireTrust();
    if (msg.action === 'start') await automation.start(msg.runId);
    else if (msg.action === 'cancel') await automation.cancel(msg.runId);
    else await automation.retry(msg.runId);
  };

  openArtifact = async (msg: Msg<'openArtifact'>) => {
    const runtime = await this.runtime();
    const run = await runtime.automation.runs.get(msg.runId);
    const artifact = run?.artifacts[msg.index];
    if (!run || !artifact) throw new Error('That artifact is no longer recorded.');
    if (artifact.type === 'file') {
      const task = runtime.board.current.board.tasks.find((t) => t.id === run.taskId);
      const base = task?.worktree?.path ?? runtime.root;
      const file = path.resolve(base, artifact.value);
      if (!file.startsWith(path.resolve(base) + path.sep)) throw new Error('The artifact points outside the workspace; not opened.');
      await this.deps.ui.openFile(file, { preview: true });
      return;
    }
    if (!/^https?:\/\//i.test(artifact.value)) throw new Error(`Only web links are opened (${artifact.value}).`);
    await this.deps.ui.openExternal(artifact.value);
  };

  skillAction = async (msg: Msg<'skillAction'>) => {
    await this.runSkillAction(await this.runtime(), msg.action, msg.skillId);
    this.schedulePush();
  };

  /** A card with a live stage run in its column: moving it elsewhere asks whether to cancel the run. */
  async confirmMove(taskId: string, toColumnId: string): Promise<void> {
    const runtime = await this.deps.runtimes.activeRuntime();
    const task = runtime?.board.current.board.tasks.find((t) => t.id === taskId);
    if (!runtime || !task || task.columnId === toColumnId) return;
    const live = await runtime.automation.runs.live(taskId);
    if (!live || live.columnId !== task.columnId || live.status !== 'running') return;
    const cancel = 'Cancel the run and move';
    const keep = 'Move, keep it running';
    const choice = await this.deps.ui.ask(`"${task.title}" has a running stage run in "${this.columnTitle(runtime, live.columnId)}". Cancel it?`, { modal: true }, cancel, keep);
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
      this.deps.post({ type: 'automation', snapshot });
    } catch (err) {
      this.deps.post({ type: 'automation', snapshot: { recipes: {}, validations: {}, problem: `Stage automation could not be read: ${(err as Error).message}`, skills: [], runs: [], executors: [] } });
    }
  }

  private async sendHistory(runtime: FolderRuntime, taskId: string): Promise<void> {
    const [events, runs] = await Promise.all([runtime.automation.events.read({ taskId }), runtime.automation.runs.list({ taskId })]);
    this.deps.post({ type: 'automationHistory', taskId, events: events.slice(-100), runs: runs.slice(-20).reverse() });
  }

  private async validateDraft(runtime: FolderRuntime, columnId: string, draft: unknown): Promise<RecipeValidation> {
    const parsed = RecipeSchema.safeParse(draft);
    if (!parsed.success) return { valid: false, errors: [`The recipe is not well-formed: ${describeZodError(parsed.error)}`], warnings: [], skills: [] };
    return runtime.automation.validate(parsed.data, this.columnTitle(runtime, columnId));
  }

  private async runSkillAction(runtime: FolderRuntime, action: Msg<'skillAction'>['action'], skillId?: string): Promise<void> {
    const catalog = runtime.automation.catalog;
    const { ui } = this.deps;
    switch (action) {
      case 'sync':
        await catalog.rescan();
        return;
      case 'vet': {
        if (!skillId) throw new Error('Which skill?');
        const ok = await ui.ask(`Vet "${skillId}"? Vetted skills may run in fully_auto columns without anyone approving. Read its SKILL.md and files first.`, { modal: true }, 'Vet');
        if (ok === 'Vet') {
          const s = await catalog.vet(skillId);
          ui.info(`Viban: ${s.id} vetted (${s.contentHash.slice(0, 19)}).`);
        }
        return;
      }
      case 'importFolder': {
        const picked = await ui.pickFolder({ openLabel: 'Import skill', title: 'A skill folder (with SKILL.md), or a folder of skills' });
        if (!picked) return;
        return this.reportImport(await importFromFolder(catalog, picked));
      }
      case 'importGit': {
        const spec = await ui.input({ title: 'Import skills from git', prompt: 'A git URL, optionally with #branch, tag or commit (the commit is pinned)', placeHolder: 'https://example.com/skills.git#v1.0.0' });
        if (!spec) return;
        return this.reportImport(await ui.withProgress('Viban: importing skills…', () => importFromGit(catalog, spec.trim())));
      }
      case 'importMarketplace': {
        const client = await this.marketplace();
        const query = await ui.input({ title: 'Search the skills marketplace', placeHolder: 'prd writer' });
        if (!query) return;
        const found = await client.search(query);
        if (!found.length) {
          ui.info(`Viban: nothing found for "${query}".`);
          return;
        }
        const pick = await ui.pick(found.map((s) => ({ label: s.name, description: s.author, detail: s.description, id: s.id })), { title: 'Import a skill (arrives as community)' });
        if (!pick) return;
        return this.reportImport([await importFromMarketplace(catalog, client, pick.id)]);
      }
    }
  }

  private reportImport(skills: Array<{ id: string; trust: string }>): void {
    this.deps.ui.info(`Viban: imported ${skills.map((s) => s.id).join(', ')} as community. Vet a skill before a fully_auto column uses it.`);
  }

  private async marketplace(): Promise<MarketplaceClient> {
    const { settings, ui } = this.deps;
    const baseUrl = settings.marketplaceUrl() || DEFAULT_MARKETPLACE_URL;
    let apiKey = (await settings.secret(MARKETPLACE_SECRET)) || process.env[MARKETPLACE_KEY_ENV] || undefined;
    if (!apiKey) {
      apiKey = (await ui.input({ title: 'Skills marketplace API key', prompt: `Kept in VS Code's secret storage (or set ${MARKETPLACE_KEY_ENV})`, password: true })) || undefined;
      if (apiKey) await settings.storeSecret(MARKETPLACE_SECRET, apiKey);
    }
    return new MarketplaceClient({ baseUrl, apiKey });
  }

  private requireTrust(): void {
    if (!this.deps.runtimes.trusted) throw new Error('This workspace is not trusted: stage runs execute agents and commands, so they are off in restricted mode.');
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
