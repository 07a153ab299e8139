// The webview's session state: executors, the watched task's sessions, pending approvals and the
// open session's log. A small external store rather than reducer state: the log is large and
// mutated in place (see logModel.ts), and views subscribe to the part they draw, so a streaming
// log re-renders the log and nothing else.
import type { ExecutorInfo, RequestMessage, RunConfig, ToWebview } from '../../src/protocol/messages';
import type { PendingApproval, SessionMeta } from '../../src/protocol/sessions';
import type { ConversationMessage } from '../../src/protocol/conversation';
import type { QueueJobView, QueueSnapshot } from '../../src/protocol/queue';
import type { HostApi } from '../host/vscodeApi';
import type { PendingReplies, WithoutRequestId } from '../host/pendingReplies';
import { LogModel } from './logModel';

export type SessionRequest = WithoutRequestId<Extract<RequestMessage, { type: 'startRun' | 'stopSession' | 'answerApproval' | 'sendMessage' | 'openInTerminal' | 'queueCancel' | 'queueRetry' | 'cancelRemote' | 'initRemote' }>>;
export interface SessionReply {
  ok: boolean;
  error?: string;
  sessionId?: string;
  jobId?: string;
  position?: number;
}

export type HubTopic = 'state' | 'log' | 'conversation';

/** The watched task's conversation: messages in sequence order, each in its latest version. */
export interface OpenConversation {
  taskId: string;
  messages: ConversationMessage[];
  hasOlder: boolean;
  loaded: boolean;
  loadingOlder: boolean;
}

const CONVERSATION_PAGE = 30;

const REQUEST_TIMEOUT_MS = 60_000;
const PAGE = 500;

export interface OpenLog {
  sessionId: string;
  model: LogModel;
  /** False until the host sent the tail. */
  loaded: boolean;
  loadingOlder: boolean;
}

export class SessionHub {
  executors: ExecutorInfo[] | null = null;
  runConfig: RunConfig | null = null;
  watchedTaskId: string | null = null;
  /** The watched task's sessions, newest first. */
  sessions: SessionMeta[] = [];
  approvals: PendingApproval[] = [];
  openLog: OpenLog | null = null;
  conversation: OpenConversation | null = null;
  /** The workspace folder's queue (runs and messages waiting or running). */
  queue: QueueSnapshot | null = null;
  /** The user picked a session: stop following the newest one. */
  private pinned = false;
  private readonly listeners: Record<HubTopic, Set<() => void>> = { state: new Set(), log: new Set(), conversation: new Set() };

  constructor(
    private readonly api: HostApi,
    /** The page's one set of requests waiting for a reply. */
    private readonly replies: PendingReplies,
  ) {}

  subscribe(topic: HubTopic, listener: () => void): () => void {
    this.listeners[topic].add(listener);
    return () => this.listeners[topic].delete(listener);
  }

  private emit(topic: HubTopic): void {
    for (const l of [...this.listeners[topic]]) l();
  }

  /** A host message; returns false for messages that are not the hub's. */
  receive(msg: ToWebview): boolean {
    switch (msg.type) {
      case 'executors':
        this.executors = msg.executors;
        this.runConfig = msg.runConfig;
        break;
      case 'sessions':
        if (msg.taskId !== this.watchedTaskId) return true;
        this.sessions = newestFirst(msg.sessions);
        this.followNewest();
        break;
      case 'sessionUpdated': {
        if (msg.session.taskId !== this.watchedTaskId) return true;
        const others = this.sessions.filter((s) => s.id !== msg.session.id);
        this.sessions = newestFirst([...others, msg.session]);
        this.followNewest();
        break;
      }
      case 'approvals':
        this.approvals = msg.pending;
        break;
      case 'sessionLog':
        this.applyLog(msg);
        return true;
      case 'queue':
        this.queue = msg.snapshot;
        this.emit('conversation');
        break;
      case 'conversationPage':
        this.applyPage(msg.page, msg.older);
        return true;
      case 'conversationMessage':
        this.applyMessage(msg.message);
        return true;
      default:
        return false;
    }
    this.emit('state');
    return true;
  }

  private applyLog(msg: Extract<ToWebview, { type: 'sessionLog' }>): void {
    const open = this.openLog;
    if (!open || open.sessionId !== msg.sessionId) return;
    if (msg.mode === 'reset') {
      open.model.reset(msg.entries, msg.hasOlder ?? false);
      open.loaded = true;
    } else if (msg.mode === 'older') {
      open.model.prepend(msg.entries, msg.hasOlder ?? false);
      open.loadingOlder = false;
    } else open.model.append(msg.entries);
    this.emit('log');
  }

  private applyPage(page: { taskId: string; messages: ConversationMessage[]; hasOlder: boolean }, older: boolean): void {
    const c = this.conversation;
    if (!c || c.taskId !== page.taskId) return;
    // Live records that arrived while the page was read win over the page's copy.
    const byId = new Map(page.messages.map((m) => [m.id, m]));
    for (const m of c.messages) if (!byId.has(m.id) || byId.get(m.id)!.revision < m.revision) byId.set(m.id, m);
    c.messages = [...byId.values()].sort((a, b) => a.sequence - b.sequence);
    if (older || !c.loaded) c.hasOlder = page.hasOlder;
    c.loaded = true;
    if (older) c.loadingOlder = false;
    this.emit('conversation');
  }

  private applyMessage(message: ConversationMessage): void {
    const c = this.conversation;
    if (!c || c.taskId !== message.taskId) return;
    const i = c.messages.findIndex((m) => m.id === message.id);
    if (i >= 0) {
      if (c.messages[i].revision > message.revision) return;
      c.messages = c.messages.map((m, j) => (j === i ? message : m));
    } else c.messages = [...c.messages, message].sort((a, b) => a.sequence - b.sequence);
    this.emit('conversation');
  }

  /** Ask for the page of messages before the oldest one shown (once at a time). */
  loadOlderMessages(): void {
    const c = this.conversation;
    if (!c || !c.loaded || c.loadingOlder || !c.hasOlder || c.messages.length === 0) return;
    c.loadingOlder = true;
    this.api.postMessage({ type: 'loadConversation', taskId: c.taskId, before: c.messages[0].sequence, limit: CONVERSATION_PAGE });
    this.emit('conversation');
  }

  /** The queue job for `jobId` as the board sees it (with its place in line). */
  job(jobId: string | undefined): QueueJobView | undefined {
    return jobId ? this.queue?.jobs.find((j) => j.id === jobId) : undefined;
  }

  jobsForTask(taskId: string): QueueJobView[] {
    return this.queue?.jobs.filter((j) => j.taskId === taskId) ?? [];
  }

  // ---- intents ----

  detectExecutors(): void {
    this.api.postMessage({ type: 'detectExecutors' });
  }

  setSkipConfirmation(executorId: string, skip: boolean): void {
    this.api.postMessage({ type: 'setSkipConfirmation', executorId, skip });
  }

  /** Follow a task's sessions (null: none). Opens its newest session's log when they arrive. */
  watchTask(taskId: string | null): void {
    if (taskId === this.watchedTaskId) return;
    this.watchedTaskId = taskId;
    this.sessions = [];
    this.pinned = false;
    this.openSession(null);
    this.conversation = taskId ? { taskId, messages: [], hasOlder: false, loaded: false, loadingOlder: false } : null;
    this.api.postMessage({ type: 'watchTask', taskId });
    if (taskId) this.api.postMessage({ type: 'loadConversation', taskId, limit: CONVERSATION_PAGE });
    this.emit('state');
    this.emit('conversation');
  }

  /** Show this session's log (null: none). `pin`: the user chose it, so stop following the newest. */
  openSession(sessionId: string | null, pin = false): void {
    if (pin) this.pinned = true;
    if (this.openLog?.sessionId === sessionId) return;
    if (this.openLog) this.api.postMessage({ type: 'closeSession', sessionId: this.openLog.sessionId });
    this.openLog = sessionId ? { sessionId, model: new LogModel(), loaded: false, loadingOlder: false } : null;
    if (sessionId) this.api.postMessage({ type: 'openSession', sessionId, tail: PAGE });
    this.emit('state');
    this.emit('log');
  }

  /** Ask for the page before the first loaded entry (once at a time). */
  loadOlder(): void {
    const open = this.openLog;
    if (!open || !open.loaded || open.loadingOlder || !open.model.hasOlder || !open.model.firstSeq) return; // seq 0 is the first entry there is
    open.loadingOlder = true;
    this.api.postMessage({ type: 'loadOlder', sessionId: open.sessionId, beforeSeq: open.model.firstSeq, count: PAGE });
    this.emit('log');
  }

  request(body: SessionRequest, done: (reply: SessionReply) => void = () => {}): string {
    return this.replies.send(body, { timeoutMs: REQUEST_TIMEOUT_MS, owner: this }, (r) => done({ ok: r.ok, error: r.error, sessionId: r.sessionId, jobId: r.jobId, position: r.position }));
  }

  /** A run or follow-up created this session: show it. */
  showSession(sessionId: string): void {
    this.pinned = false;
    this.openSession(sessionId);
  }

  session(id: string | undefined): SessionMeta | undefined {
    return id ? this.sessions.find((s) => s.id === id) : undefined;
  }

  approvalsForTask(taskId: string): PendingApproval[] {
    return this.approvals.filter((a) => a.taskId === taskId);
  }

  dispose(): void {
    Object.values(this.listeners).forEach((l) => l.clear());
  }

  private followNewest(): void {
    const newest = this.sessions[0];
    if (!newest) return;
    if (!this.openLog || (!this.pinned && this.openLog.sessionId !== newest.id)) this.openSession(newest.id);
  }
}

const time = (s: SessionMeta) => Date.parse(s.startedAt ?? s.createdAt) || 0;

export function newestFirst(list: readonly SessionMeta[]): SessionMeta[] {
  return [...list].sort((a, b) => time(b) - time(a) || (b.id > a.id ? 1 : b.id < a.id ? -1 : 0));
}
