// Stage automation for one folder: listens to card moves (recording each in events.jsonl), creates
// a stage run when a card enters a column with a recipe, runs it (steps through the durable queue,
// then gates), and moves the card as the outcome says. Runs live in .viban/runs/; a run left
// "running" by a dead process becomes interrupted, and no card is ever held by a dead run.
import { hostname } from 'node:os';
import type { BoardService, TaskMove } from '../board/boardService';
import type { ExecutorRegistry } from '../executors/registry';
import type { LogEntry } from '../protocol/logEntries';
import { isStageRunLive, STAGE_RUN_SCHEMA_VERSION, type Recipe, type RecipeValidation, type StageRun, type Trigger } from '../protocol/automation';
import { EventLog } from '../store/automation/eventLog';
import { RecipeStore } from '../store/automation/recipeStore';
import { newRunId, RunStore } from '../store/automation/runStore';
import { SkillCatalog } from './skillCatalog';
import { applyOutcome } from './stageOutcome';
import { executeStageRun, type StepLauncher } from './stageRunner';
import { validateRecipe, type ExecutorCheck } from './validation';

export interface AutomationDeps {
  root: string;
  board: BoardService;
  executors: ExecutorRegistry;
  /** The durable queue, where this process runs one; without it runs are created but not executed here. */
  launcher: () => StepLauncher | undefined;
  readLog(sessionId: string): AsyncIterable<LogEntry>;
  stopSession(sessionId: string): Promise<unknown>;
  env?: Record<string, string>;
  /** auto_notify and failures: one line for the person (a VS Code notification, a CLI line). */
  notify?(run: StageRun, message: string): void;
  onProblem?(message: string): void;
  /** Watch recipes.json for hand edits (default true). */
  watch?: boolean;
}

type RunListener = (run: StageRun) => void;

export class Automation {
  readonly recipes: RecipeStore;
  readonly catalog: SkillCatalog;
  readonly runs: RunStore;
  readonly events: EventLog;
  readonly root: string;
  private readonly active = new Map<string, { abort: AbortController; done: Promise<StageRun> }>();
  private readonly listeners = new Set<RunListener>();
  private readonly unsubscribe: Array<() => void> = [];
  /** Moves are handled one at a time, so a burst of drags creates runs in order. */
  private chain: Promise<unknown> = Promise.resolve();
  private disposed = false;

  constructor(private readonly deps: AutomationDeps) {
    this.root = deps.root;
    this.recipes = new RecipeStore(deps.root);
    this.catalog = new SkillCatalog(deps.root);
    this.runs = new RunStore(deps.root, deps.onProblem);
    this.events = new EventLog(deps.root);
  }

  async open(): Promise<void> {
    await this.recipes.load();
    if (this.deps.watch !== false) this.recipes.watch();
    if (this.recipes.current.problem) this.deps.onProblem?.(this.recipes.current.problem);
    this.unsubscribe.push(this.recipes.onDidChange((s) => s.problem && this.deps.onProblem?.(s.problem)));
    for (const r of await this.runs.recover()) this.emit(r);
    this.unsubscribe.push(this.deps.board.onDidMoveTask((m) => void this.serial(() => this.onMove(m))));
  }

  /** True while this process executes the run (its steps' queue jobs are this process's to run). */
  isRunningHere(runId: string): boolean {
    return this.active.has(runId);
  }

  /** Runs this process is executing now. */
  runningHere(): string[] {
    return [...this.active.keys()];
  }

  onRunChange(listener: RunListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves when every move seen so far has been recorded and its run created (tests, the CLI). */
  settled(): Promise<void> {
    return this.chain.then(() => undefined);
  }

  /** A card moved (by a drag, `viban move`, or a run): record it; a recipe on the new column makes a run. */
  private async onMove(move: TaskMove): Promise<void> {
    const by: Trigger = move.by ?? { kind: 'user' };
    // The history line and the run are written side by side: the run should not wait for it.
    const recorded = this.events.append({ ts: new Date().toISOString(), taskId: move.taskId, from: move.from, to: move.to, by, ...(move.why && { why: move.why }) }).catch((err) => this.deps.onProblem?.(`Could not record the card move: ${(err as Error).message}`));
    try {
      await this.runForMove(move, by);
    } finally {
      await recorded;
    }
  }

  private async runForMove(move: TaskMove, by: Trigger): Promise<void> {
    // A run still waiting for Start in the column the card left will never be wanted there.
    const waiting = await this.runs.live(move.taskId);
    if (waiting && waiting.status === 'queued' && waiting.columnId !== move.to && !this.active.has(waiting.id)) await this.cancel(waiting.id, 'The card left the column.');
    const recipe = this.recipes.recipeFor(move.to);
    if (!recipe?.enabled || recipe.automationLevel === 'manual') return;
    await this.createRun(move.taskId, move.to, by.kind === 'user' ? { kind: 'user' } : by, move.from);
  }

  /** Creates a queued run for the card in `columnId` and starts it unless the level waits for a person. */
  async createRun(taskId: string, columnId: string, triggeredBy: Trigger, fromColumnId?: string, retryOf?: string): Promise<StageRun> {
    const recipe = this.recipes.recipeFor(columnId);
    if (!recipe) throw new Error(`The column "${columnId}" has no recipe.`);
    const live = await this.runs.live(taskId);
    if (live && live.columnId !== columnId) await this.cancel(live.id, 'The card moved to another column.');
    else if (live) return live;
    const run: StageRun = {
      schemaVersion: STAGE_RUN_SCHEMA_VERSION,
      id: newRunId(),
      taskId,
      columnId,
      ...(fromColumnId && { fromColumnId }),
      automationLevel: recipe.automationLevel,
      status: 'queued',
      awaitingApproval: recipe.automationLevel === 'human_approval' && !retryOf,
      triggeredBy,
      recipe,
      steps: recipe.steps.map((s) => ({ skill: s.skill, status: 'pending' as const, attempts: 0, jobIds: [], sessionIds: [], outputs: {} })),
      gates: [],
      artifacts: [],
      ...(retryOf && { retryOf }),
      createdAt: new Date().toISOString(),
    };
    const saved = await this.save(run);
    if (!saved.awaitingApproval) this.execute(saved);
    return saved;
  }

  /** Start for a human_approval run (the card's button, `viban runs retry` of a waiting run). */
  async start(runId: string): Promise<StageRun> {
    const run = await this.requireRun(runId);
    if (run.status !== 'queued') throw new Error(`The stage run ${runId} is ${run.status}; only a queued run can be started.`);
    const saved = await this.save({ ...run, awaitingApproval: false, triggeredBy: { kind: 'user' } });
    this.execute(saved);
    return saved;
  }

  /** A new run of the same stage for the same card (the old one stays as it ended). */
  async retry(runId: string): Promise<StageRun> {
    const run = await this.requireRun(runId);
    if (isStageRunLive(run.status)) throw new Error(`The stage run ${runId} is still ${run.status}; cancel it first.`);
    const task = this.deps.board.current.board.tasks.find((t) => t.id === run.taskId);
    if (!task) throw new Error(`The card ${run.taskId} no longer exists.`);
    if (task.columnId !== run.columnId) throw new Error(`The card is no longer in the column this run was for (it is in "${task.columnId}").`);
    return this.createRun(run.taskId, run.columnId, { kind: 'user' }, run.fromColumnId, run.id);
  }

  async cancel(runId: string, why = 'Cancelled by the user.'): Promise<StageRun> {
    const run = await this.requireRun(runId);
    const here = this.active.get(runId);
    if (here) {
      here.abort.abort();
      return here.done;
    }
    if (!isStageRunLive(run.status)) throw new Error(`The stage run ${runId} already ended (${run.status}).`);
    if (run.status === 'running' && run.ownerPid !== process.pid) {
      throw new Error(`The stage run ${runId} is running in another process (pid ${run.ownerPid}); cancel it there.`);
    }
    return this.save({ ...run, status: 'cancelled', endedAt: new Date().toISOString(), error: why });
  }

  /** Resolves with the run once it has ended (and its outcome was applied to the card). */
  async waitForEnd(runId: string): Promise<StageRun> {
    const here = this.active.get(runId);
    if (here) return here.done;
    return this.requireRun(runId);
  }

  async validate(recipe: Recipe, columnTitle?: string): Promise<RecipeValidation> {
    const { skills } = await this.catalog.rescan();
    return validateRecipe(recipe, skills, await this.checkExecutor(recipe.executor), columnTitle);
  }

  async checkExecutor(id: string): Promise<ExecutorCheck> {
    const executor = this.deps.executors.get(id);
    if (!executor) return { known: false };
    const d = await executor.detect().catch((err) => ({ installed: false, reason: (err as Error).message }));
    return { known: true, installed: d.installed, reason: d.reason };
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    this.unsubscribe.forEach((u) => u());
    const running = [...this.active.values()];
    running.forEach((r) => r.abort.abort());
    await Promise.all(running.map((r) => r.done.catch(() => undefined)));
    this.recipes.dispose();
    this.listeners.clear();
  }

  // ---- running ----

  private execute(queued: StageRun): void {
    const launcher = this.deps.launcher();
    if (!launcher || this.disposed) return; // stays queued: a process with the queue (a window, a worker) picks it up
    const abort = new AbortController();
    const done = this.runToEnd(queued, launcher, abort.signal).finally(() => this.active.delete(queued.id));
    this.active.set(queued.id, { abort, done });
  }

  private async runToEnd(queued: StageRun, launcher: StepLauncher, signal: AbortSignal): Promise<StageRun> {
    let run = await this.save({ ...queued, status: 'running', startedAt: new Date().toISOString(), ownerPid: process.pid, ownerHost: hostname() });
    try {
      const validation = await this.validate(run.recipe);
      if (!validation.valid) {
        run = await this.save({ ...run, status: 'failed', endedAt: new Date().toISOString(), error: `The recipe is not valid: ${validation.errors.join(' ')}` });
      } else {
        const task = () => this.deps.board.current.board.tasks.find((t) => t.id === run.taskId);
        const t = task();
        run = await executeStageRun(run, {
          launcher,
          loadSkill: (id) => this.catalog.load(id),
          readLog: this.deps.readLog,
          stopSession: this.deps.stopSession,
          task,
          save: (r) => this.save(r),
          cwd: t?.worktree?.path ?? this.deps.root,
          env: this.deps.env,
        }, signal);
      }
    } catch (err) {
      run = await this.save({ ...run, status: 'failed', endedAt: new Date().toISOString(), error: (err as Error).message });
    }
    if (run.status === 'cancelled' && this.disposed) {
      run = await this.save({ ...run, status: 'interrupted', error: 'The window or command running it closed.' });
    }
    try {
      const { outcome } = await applyOutcome(this.deps.board, run);
      run = await this.save({ ...run, outcome, ownerPid: undefined, ownerHost: undefined });
    } catch (err) {
      run = await this.save({ ...run, outcome: `Could not move the card: ${(err as Error).message}`, ownerPid: undefined, ownerHost: undefined });
    }
    if (run.automationLevel === 'auto_notify' || run.status === 'failed') this.deps.notify?.(run, `${run.status === 'succeeded' ? 'Stage run finished' : 'Stage run failed'}: ${run.outcome ?? run.error ?? ''}`);
    return run;
  }

  // ---- helpers ----

  private async save(run: StageRun): Promise<StageRun> {
    const saved = await this.runs.save(run);
    this.emit(saved);
    return saved;
  }

  private emit(run: StageRun): void {
    for (const l of [...this.listeners]) l(run);
  }

  private async requireRun(runId: string): Promise<StageRun> {
    const run = await this.runs.get(runId);
    if (!run) throw new Error(`There is no stage run "${runId}" (see \`viban runs\`).`);
    return run;
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const p = this.chain.then(fn, fn);
    this.chain = p.catch((err) => this.deps.onProblem?.(`Stage automation: ${(err as Error).message}`));
    return p;
  }
}
