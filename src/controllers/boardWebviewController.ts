// Everything one board webview (the sidebar view or the editor tab) asks of the host, in one table:
// message type → handler. Adding a webview message is its schema in protocol/messages.ts plus one
// line here; leaving the line out does not compile.
import type { Snapshot, ToWebview } from '../protocol/messages';
import { AutomationController } from './automationController';
import { BoardController } from './boardController';
import type { ExecutorList, HostSettings, HostUi, Log, Runtimes, SessionActions } from './ports';
import { ReviewController } from './reviewController';
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
}

export class BoardWebviewController {
  readonly board: BoardController;
  readonly sessions: SessionController;
  readonly review: ReviewController;
  readonly automation: AutomationController;
  readonly router: MessageRouter;

  constructor(deps: BoardWebviewDeps) {
    const automation = (this.automation = new AutomationController(deps));
    const board = (this.board = new BoardController({ ...deps, confirmMove: (taskId, to) => automation.confirmMove(taskId, to) }));
    const sessions = (this.sessions = new SessionController(deps));
    const review = (this.review = new ReviewController(deps));
    const table: HandlerTable = {
      // ---- the board ----
      ready: async () => {
        await board.hello();
        await sessions.sendExecutors(await deps.runtimes.activeRuntime().catch(() => undefined), false);
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
  }
}
