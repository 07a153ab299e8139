// The task-graph half of a board webview: links from the card's "Blocked by" picker (a cycle is
// refused with the cycle named by the board service), the tier, and Run all / Stop all through
// the window's shared graph runs (graphRunsHost.ts). Pushes the Run all state to the header.
import * as vscode from 'vscode';
import type { FromWebview, ToWebview } from '../protocol/messages';
import type { GraphRunsHost } from './graphRunsHost';
import type { WorkspaceRuntimes } from './workspaceRuntimes';

export type GraphMessage = Extract<FromWebview, { type: 'graphAction' }>;
export const isGraphMessage = (m: FromWebview): m is GraphMessage => m.type === 'graphAction';

export class GraphChannel implements vscode.Disposable {
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly post: (m: ToWebview) => void,
    private readonly runtimes: WorkspaceRuntimes,
    private readonly graphs: GraphRunsHost,
  ) {
    this.subscriptions.push(
      graphs.onDidChange(() => void this.pushState()),
      runtimes.onDidChange(() => void this.pushState()),
    );
  }

  async handle(msg: GraphMessage): Promise<void> {
    const runtime = await this.runtimes.activeRuntime();
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
      case 'runAll':
        await this.graphs.runAll(runtime, msg.columnId);
        return;
      case 'stopAll':
        await this.graphs.stopAll(runtime);
        return;
    }
  }

  async pushState(): Promise<void> {
    const runtime = await this.runtimes.activeRuntime().catch(() => undefined);
    this.post({ type: 'graphRun', ...this.graphs.state(runtime) });
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
  }
}
