// One folder's board as the application sees it: the store plus the rules, a current state that
// every view renders, and change notifications (own writes and external ones alike). Used by the
// VS Code adapters and by the headless command; it knows nothing about either.
import type { Board, Task, Tier } from '../protocol/model';
import { GraphRuleError, deleteTaskAndLinks, linkTasks, setTaskTier, unlinkTasks } from '../graph';
import type { StoreProblem as StoreProblemLike } from '../protocol/messages';
import { BoardStore, type LoadResult } from '../store/boardStore';
import * as rules from './boardRules';
import { newId } from '../store/ids';

export interface BoardServiceState {
  board: Board;
  readOnly: boolean;
  problems: StoreProblemLike[];
}

type Listener = (state: BoardServiceState) => void;

/** A card that changed column in this process, with who moved it and why (stage automation's hook). */
export interface TaskMove {
  taskId: string;
  from: string;
  to: string;
  by?: { kind: 'user' | 'automation' | 'run'; id?: string };
  why?: string;
}
type MoveListener = (move: TaskMove) => void;

export class BoardService {
  private state: BoardServiceState | undefined;
  private readonly listeners = new Set<Listener>();
  private readonly moveListeners = new Set<MoveListener>();
  /** Serialises this process's writes; the store's lock file serialises across processes. */
  private queue: Promise<unknown> = Promise.resolve();
  private stopWatching: (() => void) | undefined;
  /**
   * Problems about something that happened (a corrupt file moved aside) stay visible until the
   * user changes the board; those about the file as it is now (merge conflict markers) go with it.
   */
  private sticky: StoreProblemLike[] = [];

  constructor(
    readonly root: string,
    private readonly store: BoardStore = new BoardStore({ root }),
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Loads the board and starts following changes made by other processes. */
  async open(): Promise<BoardServiceState> {
    this.accept(await this.store.load());
    this.stopWatching ??= this.store.watch((r) => this.accept(r));
    return this.current;
  }

  get current(): BoardServiceState {
    if (!this.state) throw new Error('BoardService.open() was not called');
    return this.state;
  }

  onDidChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Applies a rule under the lock; a rule violation throws and nothing is written. */
  update(mutate: (board: Board, now: string) => Board, move?: Pick<TaskMove, 'by' | 'why'>): Promise<Board> {
    const run = async () => {
      let before: Board | undefined;
      const board = await this.store.update((b) => mutate((before = b), this.now().toISOString()));
      this.sticky = [];
      this.setState({ board, readOnly: false, problems: [] });
      if (before && this.moveListeners.size) this.emitMoves(before, board, move);
      return board;
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  async createTask(input: { title: string; description?: string; columnId?: string }): Promise<string> {
    const id = newId('t');
    await this.update((b, now) => rules.createTask(b, { ...input, id, now }));
    return id;
  }

  updateTask(taskId: string, patch: { title?: string; description?: string }) {
    return this.update((b, now) => rules.updateTask(b, taskId, patch, now));
  }

  patchTaskAgent(taskId: string, patch: rules.TaskAgentPatch) {
    return this.update((b, now) => rules.patchTaskAgent(b, taskId, patch, now));
  }

  /** Deletes the task and every link to it; resolves to the tasks that no longer wait for it. */
  async deleteTask(taskId: string): Promise<{ board: Board; unblocked: Task[] }> {
    let unblocked: Task[] = [];
    const board = await this.update((b, now) => {
      const outcome = deleteTaskAndLinks(b, taskId, now);
      unblocked = outcome.unblocked;
      return outcome.board;
    });
    return { board, unblocked };
  }

  /** `taskId` waits for each of `blockedBy`; a link that would close a cycle is refused with the cycle named. */
  link(taskId: string, blockedBy: readonly string[]) {
    return this.update((b, now) => linkTasks(b, taskId, blockedBy, now));
  }

  unlink(taskId: string, blockedBy: readonly string[]) {
    return this.update((b, now) => unlinkTasks(b, taskId, blockedBy, now));
  }

  /**
   * The user lets a held task run without its failed prerequisites: the graph running now starts
   * it, and later runs no longer hold it for them. Refused for a task that is not held.
   */
  release(taskId: string) {
    return this.update((b, now) => {
      const task = b.tasks.find((t) => t.id === taskId);
      if (!task) throw new GraphRuleError(`There is no task "${taskId}" on the board.`);
      if (!task.held) throw new GraphRuleError(`"${task.title}" is not held: only a task held by a failed prerequisite can be released.`);
      return rules.patchTaskAgent(b, taskId, { released: true, held: undefined }, now);
    });
  }

  setTier(taskId: string, tier: Tier) {
    return this.update((b, now) => setTaskTier(b, taskId, tier, now));
  }

  moveTask(taskId: string, toColumnId: string, toIndex: number, move?: Pick<TaskMove, 'by' | 'why'>) {
    return this.update((b, now) => rules.moveTask(b, taskId, toColumnId, toIndex, now), move);
  }

  /** Cards that change column through this service (every write path), after the write. */
  onDidMoveTask(listener: MoveListener): () => void {
    this.moveListeners.add(listener);
    return () => this.moveListeners.delete(listener);
  }

  addColumn(title: string) {
    return this.update((b) => rules.addColumn(b, newId('c'), title));
  }

  renameColumn(columnId: string, title: string) {
    return this.update((b) => rules.renameColumn(b, columnId, title));
  }

  moveColumn(columnId: string, toIndex: number) {
    return this.update((b) => rules.moveColumn(b, columnId, toIndex));
  }

  deleteColumn(columnId: string, moveCardsTo?: string) {
    return this.update((b) => rules.deleteColumn(b, columnId, moveCardsTo));
  }

  dispose(): void {
    this.stopWatching?.();
    this.stopWatching = undefined;
    this.store.dispose();
    this.listeners.clear();
    this.moveListeners.clear();
  }

  private emitMoves(before: Board, after: Board, move: Pick<TaskMove, 'by' | 'why'> | undefined): void {
    const was = new Map(before.tasks.map((t) => [t.id, t.columnId]));
    for (const t of after.tasks) {
      const from = was.get(t.id);
      if (from === undefined || from === t.columnId) continue;
      for (const l of [...this.moveListeners]) l({ taskId: t.id, from, to: t.columnId, ...move });
    }
  }

  private accept(result: LoadResult): void {
    const happened = (p: StoreProblemLike) => p.kind === 'corrupt' && p.movedTo !== undefined;
    const fresh = result.problems.filter(happened);
    if (fresh.length) this.sticky = [...this.sticky, ...fresh];
    const others = result.problems.filter((p) => !happened(p));
    this.setState({ board: result.board, readOnly: result.readOnly, problems: [...this.sticky, ...others] });
  }

  private setState(state: BoardServiceState): void {
    this.state = state;
    for (const l of [...this.listeners]) l(state);
  }
}
