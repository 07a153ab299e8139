// Everything that lives per workspace folder: its board, its sessions on disk, and the manager
// that runs agents there. The VS Code adapters and the `viban` command both build one of these.
import { BoardService } from '../board/boardService';
import type { ExecutorRegistry } from '../executors/registry';
import type { StoreProblem } from '../protocol/messages';
import type { Redactor } from './redactor';
import { SessionManager } from './sessionManager';
import { SessionStore } from './sessionStore';

export class FolderRuntime {
  readonly board: BoardService;
  readonly store: SessionStore;
  readonly sessions: SessionManager;

  private constructor(readonly root: string, executors: ExecutorRegistry, redactor: Redactor, onProblem: (p: StoreProblem) => void) {
    this.board = new BoardService(root);
    this.store = new SessionStore(root, redactor, onProblem);
    this.sessions = new SessionManager({ root, board: this.board, executors, store: this.store });
  }

  /** Opens the board and marks sessions a dead process left running as interrupted. */
  static async open(root: string, executors: ExecutorRegistry, redactor: Redactor, onProblem: (p: StoreProblem) => void = () => undefined): Promise<FolderRuntime> {
    const runtime = new FolderRuntime(root, executors, redactor, onProblem);
    await runtime.board.open();
    await runtime.sessions.recover();
    return runtime;
  }

  /** Stops every agent this process runs here (graceful, then forced) and releases watchers. */
  async dispose(): Promise<void> {
    await this.sessions.dispose();
    this.board.dispose();
  }
}
