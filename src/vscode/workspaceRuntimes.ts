import * as vscode from 'vscode';
import type { BoardService, BoardServiceState } from '../board/boardService';
import type { ExecutorRegistry } from '../executors/registry';
import { FolderRuntime } from '../app/folderRuntime';
import { DEFAULT_QUEUE_LIMITS, resolveColumnFlow, type ColumnFlow } from '../app/defaults';
import type { Redactor } from '../secrets/redactor';
import type { BoardState, FolderInfo, StoreProblem } from '../protocol/messages';
import { Logger } from './logger';
import type { Budget } from '../sessions/budget';
import type { QueueLimits } from '../queue/runQueue';
import type { Board } from '../protocol/model';
import { measureEndedRuns } from '../review/measureEndedRuns';
import { agentMcpProvider, nodeForAgents, type AgentMcpProvider } from '../mcp/agentMcpLaunch';
import { workerMode, type BackgroundWorkers } from './backgroundWorker';

const ACTIVE_KEY = 'viban.activeFolder';

/**
 * The boards of the open workspace folders (one per folder, opened lazily) and which one the
 * views show. Both the sidebar view and the editor tab render the active folder, so they stay in sync.
 */
export class WorkspaceRuntimes implements vscode.Disposable {
  private readonly runtimes = new Map<string, Promise<FolderRuntime>>();
  private readonly opened = new Map<string, FolderRuntime>();
  private readonly runtimeCreated = new vscode.EventEmitter<FolderRuntime>();
  /** Fires once per folder runtime, when it is first opened (to subscribe to its sessions). */
  readonly onDidOpenRuntime = this.runtimeCreated.event;
  private readonly unsubscribe = new Map<string, () => void>();
  private activeKey: string | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly log = new Logger('board');
  private readonly reported = new Set<string>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly memento: vscode.Memento,
    private readonly executors: ExecutorRegistry,
    private readonly redactor: Redactor,
    /** The bundled `viban` command (dist/cli.js), whose `viban mcp` agent runs get. */
    private readonly cliScript?: string,
    /** Background mode: starts (or reuses) a detached worker when work is queued. */
    private readonly background?: BackgroundWorkers,
  ) {
    this.activeKey = memento.get<string>(ACTIVE_KEY);
    this.subscriptions.push(
      vscode.workspace.onDidChangeWorkspaceFolders((e) => {
        for (const f of e.removed) void this.close(f.uri.toString());
        this.changed.fire();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.changed.fire()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration('viban.queue')) return;
        for (const r of this.opened.values()) void r.runQueue?.setLimits(queueLimits()).catch((err) => this.log.error('could not apply the queue settings', err));
      }),
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
    return (await this.activeRuntime())?.board;
  }

  /** The active folder's board, sessions and agent runs; undefined with no folder open. */
  async activeRuntime(): Promise<FolderRuntime | undefined> {
    const folder = this.activeFolder;
    return folder ? this.runtimeFor(folder) : undefined;
  }

  /** Every runtime opened so far (for the status bar and shutdown). */
  get openRuntimes(): FolderRuntime[] {
    return [...this.opened.values()];
  }

  private runtimeFor(folder: vscode.WorkspaceFolder): Promise<FolderRuntime> {
    const key = folder.uri.toString();
    let pending = this.runtimes.get(key);
    if (!pending) {
      pending = FolderRuntime.open(folder.uri.fsPath, this.executors, this.redactor, {
        onProblem: (p) => this.report(folder, p),
        flow: columnFlow,
        review: { worktreeLocation, acceptedColumn: () => columnFlow().accepted },
        // Background mode: runs belong to a detached worker and outlive this window; it queues,
        // follows logs and answers approvals through the store. Window mode: runs live here.
        queue: { ...queueLimits(), budget, runHere: workerMode() === 'window' },
        approvalsElsewhere: true,
        agentMcp: this.cliScript ? exposedMcp(folder.uri.fsPath, this.cliScript) : undefined,
        // auto_notify runs and failed stage runs say so where the person is.
        notifyStageRun: (run, message) => void (run.status === 'succeeded' ? vscode.window.showInformationMessage(`Viban: ${message}`) : vscode.window.showWarningMessage(`Viban: ${message}`)),
      }).then(
        (runtime) => {
          if (workerMode() === 'background' && this.background && runtime.runQueue) {
            const root = folder.uri.fsPath;
            const ensure = (queued: number) => {
              if (queued > 0 && vscode.workspace.isTrusted) void this.background!.ensure(root).catch((err) => this.log.error('could not start a background worker', err));
            };
            this.unsubscribe.set(`${key}#worker`, runtime.runQueue.onChange((snap) => ensure(snap.counts.queued)));
            ensure(runtime.runQueue.snapshot().counts.queued);
          }
          this.opened.set(key, runtime);
          const unsubscribers = [
            runtime.board.onDidChange((s) => this.onServiceChange(folder, s)),
            // Cards show what a task's work changed: measured when a run ends (and whenever the
            // task's Changes are looked at), kept in memory, never written to board.json.
            runtime.review.onSummary(() => this.changed.fire()),
            // Whoever ran it: this window, a background worker, a `viban` command, even while no
            // window was open (measured at open then).
            measureEndedRuns(runtime.board, runtime.review),
          ];
          this.unsubscribe.set(key, () => unsubscribers.forEach((u) => u()));
          this.onServiceChange(folder, runtime.board.current);
          this.runtimeCreated.fire(runtime);
          return runtime;
        },
        (err) => {
          this.runtimes.delete(key);
          throw err;
        },
      );
      this.runtimes.set(key, pending);
    }
    return pending;
  }

  /** The state the webviews render, or null when no folder is open. */
  async activeState(): Promise<BoardState | null> {
    const folder = this.activeFolder;
    const service = await this.active();
    if (!folder || !service) return null;
    const s = service.current;
    const runtime = this.opened.get(folder.uri.toString());
    return { folder: { key: folder.uri.toString(), name: folder.name }, board: runtime ? withMeasuredChanges(s.board, runtime) : s.board, readOnly: s.readOnly, problems: s.problems };
  }

  private onServiceChange(folder: vscode.WorkspaceFolder, state: BoardServiceState): void {
    state.problems.forEach((p) => this.report(folder, p));
    this.changed.fire();
  }

  /** Each store problem is logged and shown once, with a way to open what was preserved. */
  private report(folder: vscode.WorkspaceFolder, p: StoreProblem): void {
    const id = `${p.kind}:${p.movedTo ?? p.file ?? ''}:${p.message}`;
    if (this.reported.has(id)) return;
    this.reported.add(id);
    this.log.error(`${folder.name}: ${p.message}`);
    void this.notifyProblem(p.message, p.movedTo);
  }

  private async notifyProblem(message: string, movedTo: string | undefined): Promise<void> {
    const actions = movedTo ? ['Open Preserved Copy', 'Show Log'] : ['Show Log'];
    const pick = await vscode.window.showErrorMessage(Logger.redact(`Viban: ${message}`), ...actions);
    if (pick === 'Open Preserved Copy' && movedTo) await vscode.window.showTextDocument(vscode.Uri.file(movedTo));
    if (pick === 'Show Log') Logger.show();
  }

  private async close(key: string): Promise<void> {
    for (const k of [key, `${key}#worker`]) {
      this.unsubscribe.get(k)?.();
      this.unsubscribe.delete(k);
    }
    const runtime = this.opened.get(key);
    this.opened.delete(key);
    this.runtimes.delete(key);
    await runtime?.dispose();
  }

  /** Stops every agent run this window started and waits for the processes to end. */
  async shutdown(): Promise<void> {
    await Promise.all([...this.opened.keys()].map((k) => this.close(k)));
  }

  dispose(): void {
    void this.shutdown();
    this.subscriptions.forEach((d) => d.dispose());
    this.changed.dispose();
    this.runtimeCreated.dispose();
  }
}

const flowConfig = () => vscode.workspace.getConfiguration('viban').get<{ runStarted?: string; runSucceeded?: string; accepted?: string }>('columnFlow', {});

/** Setting `viban.columnFlow`: which column a card moves to as its run starts, succeeds, is accepted. */
function columnFlow(): ColumnFlow {
  return resolveColumnFlow(flowConfig());
}

function worktreeLocation(): string | undefined {
  return vscode.workspace.getConfiguration('viban').get<string>('worktreeLocation') || undefined;
}

/** Settings `viban.queue.*`: how many jobs run at once, per executor, and attempts for transient failures. */
export function queueLimits(): QueueLimits {
  const c = vscode.workspace.getConfiguration('viban.queue');
  const perExecutor = Object.fromEntries(
    Object.entries(c.get<Record<string, unknown>>('perExecutor', {}) ?? {}).filter((e): e is [string, number] => typeof e[1] === 'number' && e[1] >= 1),
  );
  return {
    concurrency: c.get<number>('concurrency', DEFAULT_QUEUE_LIMITS.concurrency),
    maxAttempts: c.get<number>('maxAttempts', DEFAULT_QUEUE_LIMITS.maxAttempts),
    perExecutor,
  };
}

/** Settings `viban.budget.*` (USD); unset or 0-less values mean no limit. */
export function budget(): Budget {
  const c = vscode.workspace.getConfiguration('viban.budget');
  const read = (key: string) => {
    const v = c.get<number | null>(key);
    return typeof v === 'number' && v >= 0 ? v : undefined;
  };
  return { perTaskUsd: read('perTaskUsd'), boardUsd: read('boardUsd') };
}

/** The board as views show it: each task with the summary of its changes measured in this window. */
function withMeasuredChanges(board: Board, runtime: FolderRuntime): Board {
  return { ...board, tasks: board.tasks.map((t) => ({ ...t, changes: runtime.review.summaryOf(t.id) })) };
}

/**
 * `viban mcp` for the agents this window runs, decided at each run: the setting
 * viban.mcp.exposeToAgents (default on), and never in Restricted Mode (an untrusted folder's
 * agents get no handle on the board).
 */
function exposedMcp(root: string, cliScript: string): AgentMcpProvider {
  const provider = agentMcpProvider({ root, node: nodeForAgents(), cliScript });
  return async (run) => {
    if (!vscode.workspace.isTrusted) return undefined;
    if (!vscode.workspace.getConfiguration('viban').get<boolean>('mcp.exposeToAgents', true)) return undefined;
    return provider(run);
  };
}
