// Run all / Stop all in VS Code: the same graph runner as `viban run-all` (src/app/graphRuns.ts),
// on the window's durable queue, with the same hand-off and verify-and-fix. One graph run per
// folder at a time; both board views and the command palette share it.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { storeLayout } from '../store/layout';
import { createGraphRunner } from '../app/graphRuns';
import { handoffPlacer } from '../app/handoff';
import { createRunVerifier } from '../app/verifyRuns';
import type { FolderRuntime } from '../app/folderRuntime';
import { z } from 'zod';
import { DoneWhenSchema, TiersSchema, type GraphEvent, type GraphRunner, type GraphRunSummary, type GraphScope } from '../graph';
import { loadHeadlessSettings, type HeadlessSettings } from '../cli/settings';
import type { Redactor } from '../secrets/redactor';
import { Logger, errorText } from './logger';
import { queueLimits, type WorkspaceRuntimes } from './workspaceRuntimes';
import { checkPlainRuns } from '../app/plainRunChecks';
import type { VerifySettings } from '../verify/verifySettings';

const ACCEPTED_COLUMN = 'done';

export interface GraphRunState {
  running: boolean;
  /** "Running 3 tasks: 1 done, 1 running" or the last run's outcome. */
  text?: string;
}

interface LiveRun {
  runner: GraphRunner;
  total: number;
  started: number;
  ended: number;
  done: Promise<GraphRunSummary>;
}

export class GraphRunsHost implements vscode.Disposable {
  private readonly live = new Map<string, LiveRun>();
  private readonly lastText = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<string>();
  /** Fires with the folder root whose graph run started, progressed or ended. */
  readonly onDidChange = this.changed.event;
  private readonly log = new Logger('graph');

  private readonly plainWatches = new Map<string, () => void>();
  private readonly fileVerify = new Map<string, VerifySettings | undefined>();

  constructor(private readonly redactor: Redactor) {}

  /**
   * Verify-and-fix for a card's own runs too (app/plainRunChecks.ts): each folder's queue is
   * watched once it opens; checks run when `viban.verify.commands` or `verify.commands` in
   * .viban/settings.json is set.
   */
  watchPlainRuns(runtimes: WorkspaceRuntimes): vscode.Disposable {
    const watch = (runtime: FolderRuntime) => {
      if (!runtime.runQueue || this.plainWatches.has(runtime.root)) return;
      const reload = () => void this.settings(runtime.root, true).then((s) => this.fileVerify.set(runtime.root, s.verify));
      reload();
      const files = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(runtime.root), path.relative(runtime.root, storeLayout(runtime.root).settings)));
      files.onDidChange(reload);
      files.onDidCreate(reload);
      files.onDidDelete(reload);
      const stop = checkPlainRuns(runtime, runtime.runQueue, () => this.verifySettings(runtime.root), (m) => this.log.warn(m));
      this.plainWatches.set(runtime.root, () => {
        stop();
        files.dispose();
      });
    };
    runtimes.openRuntimes.forEach(watch);
    const sub = runtimes.onDidOpenRuntime(watch);
    return new vscode.Disposable(() => {
      sub.dispose();
      for (const stop of this.plainWatches.values()) stop();
      this.plainWatches.clear();
    });
  }

  /** The checks' settings: a VS Code setting the user set wins over .viban/settings.json. */
  private verifySettings(root: string): VerifySettings | undefined {
    const config = vscode.workspace.getConfiguration('viban');
    const file = this.fileVerify.get(root);
    return { ...file, ...defined({ commands: setting(config, 'verify.commands', file?.commands), maxAttempts: setting(config, 'verify.maxAttempts', file?.maxAttempts) }) };
  }

  state(runtime: FolderRuntime | undefined): GraphRunState {
    if (!runtime) return { running: false };
    const run = this.live.get(runtime.root);
    if (run) return { running: true, text: `Running all: ${run.ended} of ${run.total} finished${run.started - run.ended > 0 ? `, ${run.started - run.ended} running` : ''}` };
    const text = this.lastText.get(runtime.root);
    return { running: false, ...(text && { text }) };
  }

  /** Starts the folder's graph (every column but the last, or one column); resolves once it is planned. */
  async runAll(runtime: FolderRuntime, columnId?: string): Promise<void> {
    await this.begin(runtime, { columnId });
  }

  /** Runs exactly these tasks (an Assist plan) the same way; resolves once planned, with the run's end. */
  async runTasks(runtime: FolderRuntime, taskIds: string[]): Promise<{ done: Promise<GraphRunSummary> }> {
    return this.begin(runtime, { taskIds });
  }

  running(runtime: FolderRuntime): boolean {
    return this.live.has(runtime.root);
  }

  private async begin(runtime: FolderRuntime, scope: GraphScope): Promise<{ done: Promise<GraphRunSummary> }> {
    if (!vscode.workspace.isTrusted) throw new Error('Agents run only in a trusted workspace. Trust this folder to run the graph.');
    if (this.live.has(runtime.root)) throw new Error('The graph of this folder is already running. Stop all first to start again.');
    const queue = runtime.requireQueue();
    const settings = await this.settings(runtime.root);
    const config = vscode.workspace.getConfiguration('viban');
    const defaultExecutorId = config.get<string>('defaultExecutor') || settings.executors?.default || 'claude-code';
    let planned!: (order: number) => void;
    const plannedP = new Promise<number>((resolve) => (planned = resolve));
    const run = { total: 0, started: 0, ended: 0 } as LiveRun;
    const runner = createGraphRunner({
      runtime,
      queue,
      tiers: () => setting(config, 'tiers', settings.tiers),
      defaultExecutorId: () => defaultExecutorId,
      permissionMode: 'auto-edit',
      doneWhen: setting(config, 'graph.doneWhen', settings.graph?.doneWhen),
      acceptedColumn: ACCEPTED_COLUMN,
      concurrency: () => queueLimits().concurrency ?? settings.graph?.concurrency ?? 2,
      place: await handoffPlacer(runtime),
      verify: createRunVerifier(runtime, () => {
        this.fileVerify.set(runtime.root, settings.verify);
        return this.verifySettings(runtime.root);
      }),
      onEvent: (e) => this.onEvent(runtime.root, run, e, planned),
      onProblem: (m) => this.log.warn(m),
    });
    run.runner = runner;
    this.live.set(runtime.root, run);
    run.done = runner.run(scope);
    run.done.then(
      (summary) => this.finish(runtime.root, summary, runtime),
      (err) => {
        this.live.delete(runtime.root);
        this.lastText.set(runtime.root, `Run all failed: ${errorText(err)}`);
        this.changed.fire(runtime.root);
      },
    );
    // A refused plan (a cycle, an unknown column) is the caller's error, not a silent no-op.
    await Promise.race([plannedP, run.done]);
    // Wrapped: an async function returning the promise itself would wait for the whole run.
    return { done: run.done };
  }

  async stopAll(runtime: FolderRuntime): Promise<boolean> {
    const run = this.live.get(runtime.root);
    if (!run) return false;
    await run.runner.stop();
    await run.done.catch(() => undefined);
    return true;
  }

  get anyRunning(): boolean {
    return this.live.size > 0;
  }

  private onEvent(root: string, run: LiveRun, e: GraphEvent, planned: (n: number) => void): void {
    if (e.type === 'plan') {
      run.total = e.order.length;
      planned(e.order.length);
    } else if (e.type === 'start') run.started++;
    else if (e.type === 'end') run.ended++;
    else if (e.type === 'held') run.ended++;
    this.changed.fire(root);
  }

  private finish(root: string, s: GraphRunSummary, runtime: FolderRuntime): void {
    this.live.delete(root);
    const parts = [`${s.succeeded.length} succeeded`];
    if (s.failed.length) parts.push(`${s.failed.length} failed`);
    if (s.held.length) parts.push(`${s.held.length} held`);
    if (s.stopped.length) parts.push(`${s.stopped.length} stopped`);
    if (s.waiting.length) parts.push(`${s.waiting.length} waiting`);
    const total = s.succeeded.length + s.failed.length + s.held.length + s.stopped.length + s.waiting.length;
    const text = total === 0 ? 'Run all: nothing to run (every task is done).' : `Run all finished: ${parts.join(', ')}.`;
    this.lastText.set(root, text);
    this.changed.fire(root);
    const title = (id: string) => runtime.board.current.board.tasks.find((t) => t.id === id)?.title ?? id;
    if (s.failed.length) void vscode.window.showWarningMessage(`Viban: ${text} Failed: ${s.failed.map(title).join(', ')}.`);
    else void vscode.window.showInformationMessage(`Viban: ${text}`);
  }

  private async settings(root: string, quiet = false): Promise<HeadlessSettings> {
    try {
      return await loadHeadlessSettings(root, this.redactor);
    } catch (err) {
      // A broken .viban/settings.json is reported, and the graph runs on the VS Code settings alone.
      if (quiet) this.log.warn(`${errorText(err)} — the checks use the VS Code settings only`);
      else void vscode.window.showWarningMessage(`Viban: ${errorText(err)} — Run all uses the VS Code settings only.`);
      return {};
    }
  }

  dispose(): void {
    for (const stop of this.plainWatches.values()) stop();
    for (const run of this.live.values()) void run.runner.stop();
    this.changed.dispose();
  }
}

/** A VS Code setting the user set (any scope) wins over .viban/settings.json; its default does not. */
function setting<T>(config: vscode.WorkspaceConfiguration, key: string, fromFile: T | undefined): T | undefined {
  const i = config.inspect<unknown>(key);
  const set = i?.workspaceFolderValue ?? i?.workspaceValue ?? i?.globalValue;
  if (set === undefined) return fromFile;
  // settings.json is hand-edited: a value of the wrong shape is reported and ignored, never half-used.
  const parsed = SETTING_SCHEMAS[key]?.safeParse(set);
  if (parsed && !parsed.success) {
    void vscode.window.showWarningMessage(`Viban: the setting viban.${key} is not valid (${parsed.error.issues[0]?.message}); using ${fromFile === undefined ? 'the default' : 'the value in .viban/settings.json'}.`);
    return fromFile;
  }
  return set as T;
}

const SETTING_SCHEMAS: Record<string, z.ZodType> = {
  tiers: TiersSchema,
  'graph.doneWhen': DoneWhenSchema,
  'verify.commands': z.array(z.string().min(1)),
  'verify.maxAttempts': z.number().int().min(1).max(10),
};

function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
