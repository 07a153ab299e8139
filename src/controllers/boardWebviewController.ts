// Everything one board webview (the sidebar view or the editor tab) asks of the host, in one table:
// message type → handler. Adding a webview message is its schema in protocol/messages.ts plus one
// line here; leaving the line out does not compile.
import type { Snapshot, ToWebview } from '../protocol/messages';
import { AssistController, type AssistPorts } from './assistController';
import { AutomationController } from './automationController';
import { BoardController } from './boardController';
import type { ExecutorList, HostSettings, HostUi, Log, Runtimes, SessionActions } from './ports';
import { ReviewController } from './reviewController';
import { GraphController, type GraphRuns } from './graphController';
import { MessageRouter, type HandlerTable } from './router';
import { SessionController } from './sessionController';

export interface BoardWebviewDeps {
  post(message: ToWebview): void;
  runtimes: Runtimes;
  ui: HostUi;
  settings: HostSettings;
  log: Log;
  catalog: ExecutorList;
  actions: SessionActions;
  host: Snapshot['host'];
  /** Run all / Stop all of the window (src/vscode/graphRunsHost.ts); absent: refused with a clear error. */
  graphs?: GraphRuns;
  /** Assist (the window's AssistDesk and where its links lead); absent: the assist messages are refused. */
  assist?: AssistPorts;
}

export class BoardWebviewController {
  readonly board: BoardController;
  readonly sessions: SessionController;
  readonly review: ReviewController;
  readonly automation: AutomationController;
  readonly graph: GraphController;
  readonly assist: AssistController;
  readonly router: MessageRouter;

  constructor(deps: BoardWebviewDeps) {
    const automation = (this.automation = new AutomationController(deps));
    const board = (this.board = new BoardController({ ...deps, confirmMove: (taskId, to) => automation.confirmMove(taskId, to) }));
    const sessions = (this.sessions = new SessionController(deps));
    const review = (this.review = new ReviewController(deps));
    const graph = (this.graph = new GraphController(deps));
    const assist = (this.assist = new AssistController(deps));
    const table: HandlerTable = {
      // ---- the board ----
      ready: async () => {
        await board.hello();
        await sessions.sendExecutors(await deps.runtimes.activeRuntime().catch(() => undefined), false);
        await graph.pushState();
      },
      openFolder: board.openFolder,
      selectFolder: board.selectFolder,
      openBoardInEditor: board.openBoardInEditor,
      log: board.log,
      createTask: board.createTask,
      updateTask: board.updateTask,
      deleteTask: board.deleteTask,
      moveTask: board.moveTask,
      addColumn: board.addColumn,
      renameColumn: board.renameColumn,
      moveColumn: board.moveColumn,
      deleteColumn: board.deleteColumn,
      // ---- sessions (agent runs), conversation and queue ----
      detectExecutors: sessions.detectExecutors,
      startRun: sessions.startRun,
      stopSession: sessions.stopSession,
      answerApproval: sessions.answerApproval,
      sendMessage: sessions.sendMessage,
      watchTask: sessions.watchTask,
      openSession: sessions.openSession,
      loadOlder: sessions.loadOlder,
      closeSession: sessions.closeSession,
      openInTerminal: sessions.openInTerminal,
      setSkipConfirmation: sessions.setSkipConfirmation,
      cancelRemote: sessions.cancelRemote,
      initRemote: sessions.initRemote,
      loadConversation: sessions.loadConversation,
      queueCancel: sessions.queueCancel,
      queueRetry: sessions.queueRetry,
      startWorker: sessions.startWorker,
      // ---- review (git) ----
      watchReview: review.watchReview,
      openDiff: review.openDiff,
      acceptTask: review.acceptTask,
      sendBack: review.sendBack,
      discardTask: review.discardTask,
      openWorktree: review.openWorktree,
      // ---- stage automation ----
      watchAutomation: automation.watchAutomation,
      automationHistory: automation.automationHistory,
      setRecipe: automation.setRecipe,
      validateRecipe: automation.validateRecipe,
      stageRunAction: automation.stageRunAction,
      openArtifact: automation.openArtifact,
      skillAction: automation.skillAction,
      // ---- the task graph ----
      graphAction: graph.graphAction,
      // ---- Assist (the Assist view) ----
      assistWatch: assist.assistWatch,
      assistAsk: assist.assistAsk,
      assistPlan: assist.assistPlan,
      assistUndoRemember: assist.assistUndoRemember,
      assistOpen: assist.assistOpen,
    };
    this.router = new MessageRouter(table, { post: deps.post, log: deps.log, showError: (m) => deps.ui.error(m), name: deps.host });
  }

  receive(raw: unknown): Promise<void> {
    return this.router.receive(raw);
  }

  dispose(): void {
    this.board.dispose();
    this.sessions.dispose();
    this.review.dispose();
    this.automation.dispose();
    this.graph.dispose();
    this.assist.dispose();
  }
}
