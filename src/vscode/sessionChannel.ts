// The session half of a board webview: runs, approvals, follow-ups and the live log. Log entries
// are batched by EntryBatcher (one post per ~16 ms window), never one post per token.
import * as vscode from 'vscode';
import type { FromWebview, ToWebview } from '../protocol/messages';
import type { LogEntry } from '../protocol/logEntries';
import type { FolderRuntime } from '../sessions/folderRuntime';
import { EntryBatcher } from '../sessions/entryBatcher';
import { stopAnywhere } from '../sessions/crossProcess/remoteStop';
import { runConfig, runTimeoutMs, setSkipConfirmation, type ExecutorCatalog } from './runSettings';
import type { WorkspaceRuntimes } from './workspaceRuntimes';

type SessionMessage = Extract<
  FromWebview,
  { type: 'detectExecutors' | 'startRun' | 'stopSession' | 'answerApproval' | 'sendMessage' | 'watchTask' | 'openSession' | 'loadOlder' | 'closeSession' | 'openInTerminal' | 'setSkipConfirmation' }
>;

const SESSION_TYPES = new Set<string>(['detectExecutors', 'startRun', 'stopSession', 'answerApproval', 'sendMessage', 'watchTask', 'openSession', 'loadOlder', 'closeSession', 'openInTerminal', 'setSkipConfirmation']);

export const isSessionMessage = (m: FromWebview): m is SessionMessage => SESSION_TYPES.has(m.type);

export interface SessionActions {
  openInTerminal(runtime: FolderRuntime, taskId: string, executorId: string): Promise<void>;
}

export class SessionChannel implements vscode.Disposable {
  private watchedTask: string | null = null;
  private readonly open = new Set<string>();
  private readonly batcher = new EntryBatcher((id, entries) => this.flushSession(id, entries));
  /** Highest seq already sent per open session: live entries at or below it came with the tail. */
  private readonly sentUpTo = new Map<string, number>();
  private readonly unsubscribers: Array<() => void> = [];
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly post: (m: ToWebview) => void,
    private readonly runtimes: WorkspaceRuntimes,
    private readonly catalog: ExecutorCatalog,
    private readonly actions: SessionActions,
  ) {
    runtimes.openRuntimes.forEach((r) => this.subscribe(r));
    this.disposables.push(runtimes.onDidOpenRuntime((r) => this.subscribe(r)));
  }

  private subscribe(runtime: FolderRuntime): void {
    this.unsubscribers.push(
      runtime.sessions.on({
        entries: (id, entries) => this.queue(id, entries),
        session: (meta) => {
          if (meta.taskId === this.watchedTask) this.post({ type: 'sessionUpdated', session: meta });
        },
        approvals: () => this.postApprovals(),
      }),
    );
  }

  private postApprovals(): void {
    this.post({ type: 'approvals', pending: this.runtimes.openRuntimes.flatMap((r) => r.sessions.approvals.pending()) });
  }

  private queue(sessionId: string, entries: LogEntry[]): void {
    if (this.open.has(sessionId)) this.batcher.push(sessionId, entries);
  }

  private flushSession(sessionId: string, all: LogEntry[]): void {
    const after = this.sentUpTo.get(sessionId) ?? -1;
    const entries = all.filter((e) => (e.seq ?? Infinity) > after);
    if (entries.length) this.post({ type: 'sessionLog', sessionId, entries, mode: 'append' });
  }

  /** Handles one message; returns the id of a session a request created, if any. */
  async handle(msg: SessionMessage): Promise<string | void> {
    const runtime = await this.runtimes.activeRuntime();
    if (!runtime) throw new Error('Open a folder to run agents.');
    const sessions = runtime.sessions;
    switch (msg.type) {
      case 'detectExecutors':
        return this.sendExecutors(runtime, true);
      case 'startRun': {
        this.requireTrust();
        const { cwd, worktree } = await runtime.review.prepareRun(msg.taskId, msg.isolation ?? 'workspace', msg.baseBranch);
        const meta = await sessions.start({ taskId: msg.taskId, executorId: msg.executorId, permissionMode: msg.permissionMode, model: msg.model, cwd, worktree, timeoutMs: runTimeoutMs() });
        return meta.id;
      }
      case 'stopSession':
        // Also works for a session a `viban` command or another window runs.
        await stopAnywhere(runtime, msg.sessionId, { timeoutMs: 30_000 });
        return;
      case 'answerApproval':
        sessions.answerApproval(
          msg.sessionId,
          msg.approvalId,
          msg.decision === 'deny' ? { behavior: 'deny', message: msg.message?.trim() || 'The user denied this.' } : { behavior: 'allow', always: msg.decision === 'allow_always' },
        );
        return;
      case 'sendMessage': {
        this.requireTrust();
        return (await sessions.followUp(msg.taskId, msg.text)).id;
      }
      case 'watchTask':
        this.watchedTask = msg.taskId;
        if (msg.taskId) this.post({ type: 'sessions', taskId: msg.taskId, sessions: await runtime.store.list({ taskId: msg.taskId }) });
        this.postApprovals();
        return;
      case 'openSession':
        this.open.add(msg.sessionId);
        await this.sendTail(runtime, msg.sessionId, Number.MAX_SAFE_INTEGER, msg.tail, 'reset');
        return;
      case 'loadOlder':
        await this.sendTail(runtime, msg.sessionId, msg.beforeSeq, msg.count, 'older');
        return;
      case 'closeSession':
        this.open.delete(msg.sessionId);
        this.sentUpTo.delete(msg.sessionId);
        return;
      case 'openInTerminal':
        this.requireTrust();
        await this.actions.openInTerminal(runtime, msg.taskId, msg.executorId);
        return;
      case 'setSkipConfirmation':
        await setSkipConfirmation(msg.executorId, msg.skip);
        return this.sendExecutors(runtime, false);
    }
  }

  async sendExecutors(runtime: FolderRuntime | undefined, refresh: boolean): Promise<void> {
    const executors = await this.catalog.list(refresh);
    const git = await runtime?.review.gitContext().catch(() => undefined);
    this.post({ type: 'executors', executors, runConfig: runConfig(runtime?.root, git) });
  }

  /**
   * The last `count` entries before `beforeSeq`, read from disk. Entries that arrive live while
   * reading are buffered by queue() and follow this batch, so nothing is missed or shown twice.
   */
  /**
   * The last `count` entries before `beforeSeq`, read from the end of the file. Entries that
   * arrive live meanwhile are buffered by queue() and filtered by seq, so none is shown twice.
   */
  private async sendTail(runtime: FolderRuntime, sessionId: string, beforeSeq: number, count: number, mode: 'reset' | 'older'): Promise<void> {
    const { entries, hasOlder } = await runtime.replayTail(sessionId, count, beforeSeq);
    if (mode === 'reset') this.sentUpTo.set(sessionId, entries.length ? entries[entries.length - 1].seq ?? -1 : -1);
    this.post({ type: 'sessionLog', sessionId, entries, mode, hasOlder });
  }

  private requireTrust(): void {
    if (!vscode.workspace.isTrusted) {
      throw new Error('This workspace is in Restricted Mode: Viban does not run agents until you trust it (Manage Workspace Trust).');
    }
  }

  dispose(): void {
    this.batcher.dispose();
    this.unsubscribers.forEach((u) => u());
    this.disposables.forEach((d) => d.dispose());
  }
}
