// Composition root for VS Code: build the app and register the adapters, nothing else.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { createExecutorRegistry } from './executors/builtins';
import { Redactor } from './secrets/redactor';
import { AgentTerminals } from './vscode/agentTerminal';
import { BoardViews, BOARD_VIEW_ID } from './vscode/boardViews';
import { BaseContentProvider, BASE_SCHEME } from './vscode/baseContent';
import { registerCommands } from './vscode/commands';
import { DisposableStore } from './vscode/disposable';
import { executorSettings, watchCustomExecutors } from './vscode/executorSettings';
import { ApiKeys } from './vscode/apiKeys';
import { Logger } from './vscode/logger';
import { ExecutorCatalog } from './vscode/runSettings';
import { VibanStatusBar } from './vscode/statusBar';
import { RunNotifications } from './vscode/notifications';
import { WorkspaceRuntimes } from './vscode/workspaceRuntimes';
import { BackgroundWorkers, workerMode } from './vscode/backgroundWorker';
import { SHOW_WORKERS_COMMAND, showWorkers, WorkersStatusItem } from './vscode/workersPick';
import { VsRemoteRuns } from './vscode/remoteRuns';
import { GraphRunsHost } from './vscode/graphRunsHost';
import { Briefings } from './vscode/briefPanel';
import { BriefSurfacing } from './vscode/briefSurfacing';
import { MemoryView } from './vscode/memoryView';
import { AssistDesk } from './assist/assistDesk';
import { assistAdvisor } from './vscode/assistAdvisor';
import { AssistViews, ASSIST_VIEW_ID, OPEN_ASSIST_IN_EDITOR_COMMAND } from './vscode/assistViews';

const app = new DisposableStore();
let runtimes: WorkspaceRuntimes | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const started = Date.now();
  const redactor = new Redactor();
  app.add(Logger.init(redactor));
  const keys = new ApiKeys(context.secrets, redactor);
  const settings = executorSettings(keys);
  const registry = createExecutorRegistry(settings);
  app.add(watchCustomExecutors(registry, settings));
  const background = new BackgroundWorkers(context.extensionPath, keys);
  runtimes = app.add(new WorkspaceRuntimes(context.workspaceState, registry, redactor, path.join(context.extensionPath, 'dist', 'cli.js'), background));
  const boards = runtimes;
  app.add(vscode.commands.registerCommand(SHOW_WORKERS_COMMAND, () => showWorkers(boards, background)));
  app.add(new WorkersStatusItem(runtimes));
  const terminals = app.add(new AgentTerminals(registry, redactor));
  const remote = app.add(new VsRemoteRuns(runtimes, redactor));
  const workers = { background: () => workerMode() === 'background', start: (r: { root: string }) => background.start(r.root) };
  const actions = { openInTerminal: terminals.openInTerminal.bind(terminals), remote, workers };
  const graphs = app.add(new GraphRunsHost(redactor));
  app.add(graphs.watchPlainRuns(runtimes));
  const views = app.add(new BoardViews(context.extensionUri, runtimes, new ExecutorCatalog(registry), actions, context.secrets, graphs));
  app.add(vscode.window.registerWebviewViewProvider(BOARD_VIEW_ID, views));
  app.add(vscode.workspace.registerTextDocumentContentProvider(BASE_SCHEME, new BaseContentProvider()));
  registerCommands(runtimes, views, graphs).forEach((d) => app.add(d));
  app.add(vscode.commands.registerCommand('viban.remoteInit', async () => {
    const runtime = await runtimes?.activeRuntime();
    if (runtime) await remote.initWorkflow(runtime);
  }));
  app.add(vscode.commands.registerCommand('viban.setApiKey', (provider?: 'anthropic' | 'openai') => keys.promptAndStore(provider)));
  const targets = {
    boardVisible: () => views.visible,
    showTask: async (taskId: string) => {
      await vscode.commands.executeCommand('viban.focusBoard');
      views.broadcast({ type: 'showTask', taskId });
    },
  };
  app.add(new VibanStatusBar(runtimes, targets));
  app.add(new RunNotifications(runtimes, targets));
  // Issue #14: the briefing (Brief Me, and after a long absence), unasked surfacing, the Memory view.
  app.add(new Briefings(runtimes, redactor, targets.showTask));
  app.add(new BriefSurfacing(runtimes, targets.showTask));
  app.add(new MemoryView(runtimes, redactor));
  // Assist's chat (issue #14): the same core as `viban assist`, plans run through this window's Run all.
  const assistLog = new Logger('assist');
  const desk = new AssistDesk({ redactor, advisor: (r) => assistAdvisor(r, redactor), runs: graphs, onProblem: (m) => assistLog.warn(m) });
  const assistViews = app.add(new AssistViews(context.extensionUri, runtimes, new ExecutorCatalog(registry), actions, graphs, { desk, showTask: targets.showTask }));
  app.add(vscode.window.registerWebviewViewProvider(ASSIST_VIEW_ID, assistViews));
  app.add(vscode.commands.registerCommand(OPEN_ASSIST_IN_EDITOR_COMMAND, () => assistViews.openInEditor()));
  showBoardOnFirstOpen(context.workspaceState);
  context.subscriptions.push(app);
  new Logger('activate').info(`activated in ${Date.now() - started} ms (trusted: ${vscode.workspace.isTrusted})`);
}

/** A workspace that asks for it (the demo) shows the board by itself, once: afterwards the user decides. */
function showBoardOnFirstOpen(state: vscode.Memento): void {
  const KEY = 'viban.boardShownOnFirstOpen';
  if (!vscode.workspace.getConfiguration('viban').get<boolean>('showBoardOnFirstOpen') || state.get<boolean>(KEY)) return;
  void state.update(KEY, true);
  void vscode.commands.executeCommand(`${BOARD_VIEW_ID}.focus`);
}

/** VS Code awaits this: every agent this window started is stopped before the host exits. */
export async function deactivate(): Promise<void> {
  await runtimes?.shutdown();
  app.dispose();
}
