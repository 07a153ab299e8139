// What the webview controllers need from the editor, as plain interfaces. The controllers decide
// (what to ask, what to run, what to answer); src/vscode/ implements these ports with the real VS
// Code API, and unit tests hand in recording stand-ins — so no controller imports `vscode`.
import type { FolderRuntime } from '../app/folderRuntime';
import type { BoardService } from '../board/boardService';
import type { BoardState, ExecutorInfo, FolderInfo, RunConfig } from '../protocol/messages';
import type { GitContext } from '../protocol/review';
import type { RemoteInfo } from '../protocol/remote';

/** The workspace's folders and their runtimes (src/vscode/workspaceRuntimes.ts). */
export interface Runtimes {
  readonly folders: FolderInfo[];
  /** Workspace trust: when false nothing may execute. */
  readonly trusted: boolean;
  readonly openRuntimes: FolderRuntime[];
  onDidOpenRuntime(listener: (runtime: FolderRuntime) => unknown): { dispose(): unknown };
  /** The folder list, the active folder or a board changed. */
  onDidChange(listener: () => unknown): { dispose(): unknown };
  setActive(folderKey: string): Promise<void>;
  active(): Promise<BoardService | undefined>;
  activeRuntime(): Promise<FolderRuntime | undefined>;
  activeState(): Promise<BoardState | null>;
}

export interface Log {
  info(message: string): void;
  warn(message: string): void;
  error(message: string, err?: unknown): void;
  /** An error as a person reads it (replies, notifications), secrets masked. */
  errorText(err: unknown): string;
}

/** One side of a diff: a file on a git ref (served read-only), or a file on disk. */
export type DiffSide = { kind: 'base'; folder: string; ref: string; path: string; empty: boolean } | { kind: 'file'; path: string };

export interface PickItem {
  label: string;
  description?: string;
  detail?: string;
}

/** The editor's dialogs, editors and windows. Every method is one user-visible act. */
export interface HostUi {
  /** A warning with buttons; resolves to the button picked, undefined when dismissed. */
  ask(message: string, options: { modal: boolean; detail?: string }, ...buttons: string[]): Promise<string | undefined>;
  info(message: string): void;
  error(message: string): void;
  pick<T extends PickItem>(items: T[], options: { title?: string; placeHolder?: string }): Promise<T | undefined>;
  input(options: { title: string; prompt?: string; placeHolder?: string; password?: boolean }): Promise<string | undefined>;
  /** A folder chosen in the open dialog (its path), or undefined. */
  pickFolder(options: { title: string; openLabel: string }): Promise<string | undefined>;
  withProgress<T>(title: string, task: () => Promise<T>): Promise<T>;
  /** The editor's own "Open Folder…" dialog. */
  openFolderDialog(): Promise<void>;
  openFolderInNewWindow(folder: string): Promise<void>;
  openBoardInEditor(): Promise<void>;
  openDiff(left: DiffSide, right: DiffSide, title: string): Promise<void>;
  /** Opens a file in an editor; `preview`: in the preview tab. */
  openFile(file: string, options?: { preview: boolean }): Promise<void>;
  openExternal(url: string): Promise<void>;
  /**
   * Opens each conflicted file of a git worktree (absolute paths under `worktree`, which need not be
   * a workspace folder) in the editor's three-way merge editor.
   */
  openMergeEditor(worktree: string, files: string[]): Promise<void>;
  /** Closes the editor tabs (diffs and files) that show files under `folder`. */
  closeEditorsUnder(folder: string): Promise<void>;
}

/** Settings and secrets as the controllers use them (src/vscode/runSettings.ts and friends). */
export interface HostSettings {
  runConfig(workspaceFolder: string | undefined, git?: GitContext): RunConfig;
  /** Overall limit for one agent run; undefined: none. */
  runTimeoutMs(): number | undefined;
  setSkipConfirmation(executorId: string, skip: boolean): Promise<void>;
  /** The skills marketplace address (empty: the default). */
  marketplaceUrl(): string | undefined;
  secret(key: string): Promise<string | undefined>;
  storeSecret(key: string, value: string): Promise<void>;
}

/** Detected executors for the confirmation card (cached briefly: detection spawns `--version`). */
export interface ExecutorList {
  list(refresh?: boolean): Promise<ExecutorInfo[]>;
}

export interface SessionActions {
  openInTerminal(runtime: FolderRuntime, taskId: string, executorId: string): Promise<void>;
  /** Runs on GitHub Actions (src/vscode/remoteRuns.ts); absent: the board does not offer them. */
  remote?: RemoteActions;
  /** Background workers (src/vscode/backgroundWorker.ts); absent: the board never shows the no-worker banner. */
  workers?: WorkerActions;
}

export interface WorkerActions {
  /** Whether runs go to background workers (viban.worker.mode = background) rather than this window. */
  background(): boolean;
  /** Starts a background worker for the folder. */
  start(runtime: FolderRuntime): Promise<void>;
}

export interface RemoteActions {
  info(runtime: FolderRuntime | undefined): Promise<RemoteInfo | undefined>;
  dispatch(runtime: FolderRuntime, opts: { taskId: string; executorId: string; permissionMode: string; model?: string; baseBranch?: string }): Promise<void>;
  cancel(runtime: FolderRuntime, taskId: string): Promise<void>;
  initWorkflow(runtime: FolderRuntime): Promise<boolean>;
}
