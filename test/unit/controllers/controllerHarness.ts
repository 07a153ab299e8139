// The board webview's controller on a real folder (real board.json, real sessions and queue, an
// in-process executor the test releases turn by turn). Only the editor is stood in for: its
// dialogs answer from a script and every act is recorded, because VS Code itself cannot run in a
// unit test (the e2e layer drives the real one).
import type { FolderRuntime } from '../../../src/app/folderRuntime';
import { BoardWebviewController } from '../../../src/controllers/boardWebviewController';
import type { DiffSide, HostSettings, HostUi, Log, PickItem, Runtimes, WorkerActions } from '../../../src/controllers/ports';
import type { BoardState, ExecutorInfo, FromWebview, RunConfig, ToWebview } from '../../../src/protocol/messages';
import { GatedExecutor, openHarness, waitFor, type Harness } from '../queue/runQueue/runQueueHarness';

/** The editor's side, recorded: what was shown, opened and asked, with scripted answers. */
export class RecordingUi implements HostUi {
  readonly acts: string[] = [];
  /** Answers to `ask`, `input`, `pick` and `pickFolder`, taken in order; undefined = dismissed. */
  readonly answers: Array<string | undefined> = [];

  private answer(): string | undefined {
    return this.answers.shift();
  }
  /** The detail line of each question asked, in order. */
  readonly details: Array<string | undefined> = [];
  async ask(message: string, options: { modal: boolean; detail?: string }, ...buttons: string[]): Promise<string | undefined> {
    this.acts.push(`ask: ${message} [${buttons.join('|')}]`);
    this.details.push(options.detail);
    return this.answer();
  }
  info(message: string): void {
    this.acts.push(`info: ${message}`);
  }
  error(message: string): void {
    this.acts.push(`error: ${message}`);
  }
  async pick<T extends PickItem>(items: T[], options: { title?: string }): Promise<T | undefined> {
    this.acts.push(`pick: ${options.title} [${items.map((i) => i.label).join('|')}]`);
    const label = this.answer();
    return items.find((i) => i.label === label);
  }
  async input(options: { title: string }): Promise<string | undefined> {
    this.acts.push(`input: ${options.title}`);
    return this.answer();
  }
  async pickFolder(options: { title: string }): Promise<string | undefined> {
    this.acts.push(`pickFolder: ${options.title}`);
    return this.answer();
  }
  withProgress<T>(title: string, task: () => Promise<T>): Promise<T> {
    this.acts.push(`progress: ${title}`);
    return task();
  }
  async openFolderDialog(): Promise<void> {
    this.acts.push('openFolderDialog');
  }
  async openFolderInNewWindow(folder: string): Promise<void> {
    this.acts.push(`openFolderInNewWindow: ${folder}`);
  }
  async openBoardInEditor(): Promise<void> {
    this.acts.push('openBoardInEditor');
  }
  async openDiff(left: DiffSide, right: DiffSide, title: string): Promise<void> {
    this.acts.push(`openDiff: ${title} ${JSON.stringify(left)} ${JSON.stringify(right)}`);
  }
  async openFile(file: string, options?: { preview: boolean }): Promise<void> {
    this.acts.push(`openFile: ${file}${options?.preview ? ' (preview)' : ''}`);
  }
  async openExternal(url: string): Promise<void> {
    this.acts.push(`openExternal: ${url}`);
  }
  async openMergeEditor(worktree: string, files: string[]): Promise<void> {
    this.acts.push(`openMergeEditor: ${worktree} ${files.join(' ')}`);
  }
  async closeEditorsUnder(folder: string): Promise<void> {
    this.acts.push(`closeEditorsUnder: ${folder}`);
  }
}

export class RecordingLog implements Log {
  readonly lines: string[] = [];
  info(m: string): void {
    this.lines.push(`info ${m}`);
  }
  warn(m: string): void {
    this.lines.push(`warn ${m}`);
  }
  error(m: string): void {
    this.lines.push(`error ${m}`);
  }
  errorText(err: unknown): string {
    return err instanceof Error ? err.message : String(err);
  }
}

/** One workspace folder whose runtime is the harness's real one. */
export class OneFolder implements Runtimes {
  trusted = true;
  private readonly listeners = new Set<() => unknown>();
  constructor(private readonly h: Harness) {}
  get folders() {
    return [{ key: `file://${this.h.root}`, name: 'project' }];
  }
  get openRuntimes(): FolderRuntime[] {
    return [this.h.runtime];
  }
  onDidOpenRuntime() {
    return { dispose: () => undefined };
  }
  onDidChange(listener: () => unknown) {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }
  /** What the workspace does when a board changes or a folder opens. */
  fireChange(): void {
    this.listeners.forEach((l) => l());
  }
  async setActive(): Promise<void> {}
  async active() {
    return this.h.runtime.board;
  }
  async activeRuntime() {
    return this.h.runtime;
  }
  async activeState(): Promise<BoardState> {
    const s = this.h.runtime.board.current;
    return { folder: this.folders[0], board: s.board, readOnly: s.readOnly, problems: s.problems };
  }
}

export class RecordingSettings implements HostSettings {
  skip = new Set<string>();
  secrets = new Map<string, string>();
  runConfig(workspaceFolder: string | undefined): RunConfig {
    return { defaultPermissionMode: 'ask', skipConfirmation: [...this.skip], workspaceFolder, runningAsRoot: false, defaultIsolation: 'workspace' };
  }
  runTimeoutMs(): number | undefined {
    return undefined;
  }
  async setSkipConfirmation(executorId: string, skip: boolean): Promise<void> {
    if (skip) this.skip.add(executorId);
    else this.skip.delete(executorId);
  }
  marketplaceUrl(): string | undefined {
    return undefined;
  }
  async secret(key: string): Promise<string | undefined> {
    return this.secrets.get(key);
  }
  async storeSecret(key: string, value: string): Promise<void> {
    this.secrets.set(key, value);
  }
}

export interface ControllerHarness {
  h: Harness;
  executor: GatedExecutor;
  controller: BoardWebviewController;
  ui: RecordingUi;
  log: RecordingLog;
  folder: OneFolder;
  posted: ToWebview[];
  terminals: string[];
  /** Sends a message as the webview would (raw, validated by the router) and waits until it is handled. */
  send(message: FromWebview | unknown): Promise<void>;
  /** The reply to `requestId`. */
  reply(requestId: string): Extract<ToWebview, { type: 'reply' }>;
  ofType<T extends ToWebview['type']>(type: T): Array<Extract<ToWebview, { type: T }>>;
  close(): Promise<void>;
}

export async function openController(opts: { workers?: WorkerActions } = {}): Promise<ControllerHarness> {
  const executor = new GatedExecutor('scripted');
  const h = await openHarness([executor]);
  const ui = new RecordingUi();
  const log = new RecordingLog();
  const folder = new OneFolder(h);
  const posted: ToWebview[] = [];
  const terminals: string[] = [];
  const executors: ExecutorInfo[] = [
    { id: 'scripted', label: 'Scripted', kind: 'api', capabilities: executor.capabilities, installed: true, models: [], interactive: false },
  ];
  const controller = new BoardWebviewController({
    post: (m) => posted.push(m),
    runtimes: folder,
    ui,
    log,
    settings: new RecordingSettings(),
    catalog: { list: async () => executors },
    actions: { openInTerminal: async (_r, taskId, executorId) => void terminals.push(`${taskId}:${executorId}`), ...(opts.workers && { workers: opts.workers }) },
    host: 'editor',
  });
  const ofType = <T extends ToWebview['type']>(type: T) => posted.filter((m): m is Extract<ToWebview, { type: T }> => m.type === type);
  return {
    h,
    executor,
    controller,
    ui,
    log,
    folder,
    posted,
    terminals,
    send: (message) => controller.receive(message),
    reply(requestId) {
      const found = ofType('reply').filter((r) => r.inReplyTo === requestId);
      if (found.length !== 1) throw new Error(`expected one reply to ${requestId}, got ${found.length}`);
      return found[0];
    },
    ofType,
    async close() {
      controller.dispose();
      await h.close();
    },
  };
}

export { waitFor };
