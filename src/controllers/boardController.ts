// The board half of a board webview: the handshake, folders, cards and columns. The host is the
// source of truth: the webview only renders and asks, and when a request is refused it gets the
// truth again (it may have applied the change optimistically).
import type { FromWebview, Snapshot, ToWebview } from '../protocol/messages';
import type { BoardService } from '../board/boardService';
import { tasksInColumn } from '../shared/ordering';
import { dependantsWarning, unblockedText } from '../graph/deleteText';
import type { HostUi, Log, Runtimes } from './ports';
import type { ReplyFields } from './router';

type Msg<T extends FromWebview['type']> = Extract<FromWebview, { type: T }>;

export interface BoardControllerDeps {
  post(message: ToWebview): void;
  runtimes: Runtimes;
  ui: HostUi;
  log: Log;
  host: Snapshot['host'];
  /** Asked before a move: may throw to refuse it (a stage run in the card's column: see AutomationController). */
  confirmMove(taskId: string, toColumnId: string): Promise<void>;
}

export class BoardController {
  private ready = false;
  private readonly subscription: { dispose(): unknown };

  constructor(private readonly deps: BoardControllerDeps) {
    this.subscription = deps.runtimes.onDidChange(() => void this.pushState());
  }

  /** The webview is listening: it gets the full snapshot, and pushes from now on. */
  async hello(): Promise<void> {
    this.ready = true;
    await this.sendSnapshot();
  }

  /** Full snapshot: on the webview's `ready`, when a hidden view becomes visible again, after a refused request. */
  async sendSnapshot(): Promise<void> {
    const { runtimes, log, ui } = this.deps;
    let state = null;
    try {
      state = await runtimes.activeState();
    } catch (err) {
      log.error('could not open the board', err);
      ui.error(`Viban could not open the board: ${log.errorText(err)}`);
    }
    this.deps.post({ type: 'snapshot', snapshot: { folders: runtimes.folders, state, trusted: runtimes.trusted, host: this.deps.host } });
  }

  private async pushState(): Promise<void> {
    // Folder list or trust may have changed too, so a push is a (cheap) snapshot.
    if (this.ready) await this.sendSnapshot();
  }

  openFolder = () => this.deps.ui.openFolderDialog();
  selectFolder = (msg: Msg<'selectFolder'>) => this.deps.runtimes.setActive(msg.folderKey);
  openBoardInEditor = () => this.deps.ui.openBoardInEditor();
  log = (msg: Msg<'log'>) => this.deps.log[msg.level](`(webview) ${msg.message}`);

  createTask = this.resyncOnFailure(async (msg: Msg<'createTask'>): Promise<ReplyFields> => {
    const taskId = await (await this.requireBoard()).createTask({ title: msg.title, description: msg.description, columnId: msg.columnId });
    return { taskId };
  });
  updateTask = this.resyncOnFailure(async (msg: Msg<'updateTask'>) => {
    await (await this.requireBoard()).updateTask(msg.taskId, { title: msg.title, description: msg.description });
  });
  deleteTask = this.resyncOnFailure(async (msg: Msg<'deleteTask'>) => {
    const board = await this.requireBoard();
    const task = board.current.board.tasks.find((t) => t.id === msg.taskId);
    if (!task) throw new Error('That task no longer exists (it may have been deleted in another window).');
    const dependants = board.current.board.tasks.filter((t) => t.blockedBy?.includes(task.id));
    const warning = dependantsWarning(dependants);
    const answer = await this.deps.ui.ask(
      `Delete the task "${task.title}"?`,
      { modal: true, detail: `The card and its description are removed from the board. This cannot be undone from Viban.${warning ? ` ${warning}` : ''}` },
      'Delete',
    );
    if (answer !== 'Delete') return;
    const { unblocked } = await board.deleteTask(msg.taskId);
    // Say which tasks stopped waiting: a Run all in progress may start them next.
    if (unblocked.length) this.deps.ui.info(unblockedText(task.title, unblocked));
  });
  moveTask = this.resyncOnFailure(async (msg: Msg<'moveTask'>) => {
    const board = await this.requireBoard();
    await this.deps.confirmMove(msg.taskId, msg.toColumnId);
    await board.moveTask(msg.taskId, msg.toColumnId, msg.toIndex);
  });
  addColumn = this.resyncOnFailure(async (msg: Msg<'addColumn'>) => {
    await (await this.requireBoard()).addColumn(msg.title);
  });
  renameColumn = this.resyncOnFailure(async (msg: Msg<'renameColumn'>) => {
    await (await this.requireBoard()).renameColumn(msg.columnId, msg.title);
  });
  moveColumn = this.resyncOnFailure(async (msg: Msg<'moveColumn'>) => {
    await (await this.requireBoard()).moveColumn(msg.columnId, msg.toIndex);
  });
  deleteColumn = this.resyncOnFailure(async (msg: Msg<'deleteColumn'>) => {
    const board = await this.requireBoard();
    const current = board.current.board;
    const column = current.columns.find((c) => c.id === msg.columnId);
    if (!column) throw new Error('That column no longer exists.');
    const cards = tasksInColumn(current, msg.columnId).length;
    if (cards === 0) {
      const ok = await this.deps.ui.ask(`Remove the empty column "${column.title}"?`, { modal: true }, 'Remove');
      if (ok === 'Remove') await board.deleteColumn(msg.columnId);
      return;
    }
    const targets = current.columns.filter((c) => c.id !== msg.columnId);
    const pick = await this.deps.ui.pick(
      targets.map((c) => ({ label: c.title, description: `${tasksInColumn(current, c.id).length} cards`, id: c.id })),
      { title: `Remove "${column.title}": where should its ${cards} card${cards === 1 ? '' : 's'} go?`, placeHolder: 'Pick a column (Escape keeps the column)' },
    );
    if (pick) await board.deleteColumn(msg.columnId, pick.id);
  });

  private async requireBoard(): Promise<BoardService> {
    const board = await this.deps.runtimes.active();
    if (!board) throw new Error('Open a folder to use the board.');
    return board;
  }

  /** A refused board request: the webview may have applied it optimistically, so it gets the truth again. */
  private resyncOnFailure<M>(handle: (msg: M) => Promise<ReplyFields | void>): (msg: M) => Promise<ReplyFields | void> {
    return async (msg) => {
      try {
        return await handle(msg);
      } catch (err) {
        await this.sendSnapshot();
        throw err;
      }
    };
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
