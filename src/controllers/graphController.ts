// The task-graph half of a board webview: links from the card's "Blocked by" picker (a cycle is
// refused with the cycle named by the board service), the tier, and Run all / Stop all through
// the window's shared graph runs (src/vscode/graphRunsHost.ts), and "Resolve in merge editor" for a
// task held by a conflict in its hand-off (then Release carries on). Pushes the Run all state.
import type { FolderRuntime } from '../app/folderRuntime';
import type { FromWebview, ToWebview } from '../protocol/messages';
import { conflictedFilesOf } from '../app/mergeConflict';
import type { HostUi, Runtimes } from './ports';

type GraphAction = Extract<FromWebview, { type: 'graphAction' }>;

/** The window's graph runs, one per folder (implemented by src/vscode/graphRunsHost.ts). */
export interface GraphRuns {
  runAll(runtime: FolderRuntime, columnId?: string): Promise<void>;
  stopAll(runtime: FolderRuntime): Promise<boolean>;
  state(runtime: FolderRuntime | undefined): { running: boolean; text?: string };
  onDidChange(listener: (root: string) => unknown): { dispose(): unknown };
}

export interface GraphControllerDeps {
  post(message: ToWebview): void;
  runtimes: Runtimes;
  graphs?: GraphRuns;
  /** Where "Resolve in merge editor" opens the conflicted files. */
  ui?: Pick<HostUi, 'openMergeEditor'>;
}

export class GraphController {
  private readonly subscriptions: Array<{ dispose(): unknown }> = [];

  constructor(private readonly deps: GraphControllerDeps) {
    if (deps.graphs) this.subscriptions.push(deps.graphs.onDidChange(() => void this.pushState()));
    this.subscriptions.push(deps.runtimes.onDidChange(() => void this.pushState()));
  }

  readonly graphAction = async (msg: GraphAction): Promise<void> => {
    const runtime = await this.deps.runtimes.activeRuntime();
    if (!runtime) throw new Error('Open a folder to use the task graph.');
    const board = runtime.board;
    const need = (v: string | undefined, what: string): string => {
      if (!v) throw new Error(`${msg.action} needs ${what}.`);
      return v;
    };
    switch (msg.action) {
      case 'link':
        await board.link(need(msg.taskId, 'a task'), [need(msg.otherId, 'the task it waits for')]);
        return;
      case 'unlink':
        await board.unlink(need(msg.taskId, 'a task'), [need(msg.otherId, 'the task it waits for')]);
        return;
      case 'setTier':
        if (!msg.tier) throw new Error('setTier needs a tier (A, B or C).');
        await board.setTier(need(msg.taskId, 'a task'), msg.tier);
        return;
      case 'release':
        await board.release(need(msg.taskId, 'a task'));
        return;
      case 'resolveMerge':
        await this.resolveMerge(runtime, need(msg.taskId, 'a task'));
        return;
      case 'runAll':
        await this.requireGraphs().runAll(runtime, msg.columnId);
        return;
      case 'stopAll':
        await this.requireGraphs().stopAll(runtime);
        return;
    }
  };

  /** A task held with "needs merge: <file>": its conflicted files, in its worktree, in the merge editor. */
  private async resolveMerge(runtime: FolderRuntime, taskId: string): Promise<void> {
    const task = runtime.board.current.board.tasks.find((t) => t.id === taskId);
    if (!task) throw new Error(`There is no task "${taskId}" on the board.`);
    if (!this.deps.ui) throw new Error('The merge editor is not available in this view.');
    const { worktree, files } = await conflictedFilesOf(task);
    await this.deps.ui.openMergeEditor(worktree, files);
  }

  async pushState(): Promise<void> {
    if (!this.deps.graphs) return;
    const runtime = await this.deps.runtimes.activeRuntime().catch(() => undefined);
    this.deps.post({ type: 'graphRun', ...this.deps.graphs.state(runtime) });
  }

  private requireGraphs(): GraphRuns {
    if (!this.deps.graphs) throw new Error('Run all is not available in this view.');
    return this.deps.graphs;
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
  }
}
