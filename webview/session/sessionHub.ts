// The webview's session state: executors, the watched task's sessions, pending approvals and the
// open session's log. A small external store rather than reducer state: the log is large and
// mutated in place (see logModel.ts), and views subscribe to the part they draw, so a streaming
// log re-renders the log and nothing else.
import type { ExecutorInfo, RequestMessage, RunConfig, ToWebview } from '../../src/protocol/messages';
import type { PendingApproval, SessionMeta } from '../../src/protocol/sessions';
import type { HostApi } from '../host/vscodeApi';
import { newRequestId } from '../host/requestIds';
import { LogModel } from './logModel';

type WithoutRequestId<T> = T extends unknown ? Omit<T, 'requestId'> : never;
export type SessionRequest = WithoutRequestId<Extract<RequestMessage, { type: 'startRun' | 'stopSession' | 'answerApproval' | 'sendMessage' | 'openInTerminal' }>>;
export interface SessionReply {
  ok: boolean;
  error?: string;
  sessionId?: string;
}

export type HubTopic = 'state' | 'log';

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
  /** The user picked a session: stop following the newest one. */
  private pinned = false;
  private readonly listeners: Record<HubTopic, Set<() => void>> = { state: new Set(), log: new Set() };
  private readonly waiting = new Map<string, { done: (r: SessionReply) => void; timer: ReturnType<typeof setTimeout> }>();

  constructor(private readonly api: HostApi) {}

  subscribe(topic: HubTopic, listener: () => void): () => void {
    this.listeners[topic].add(listener);
    return () => this.listeners[topic].delete(listener);
  }

  private emit(topic: HubTopic): void {
    for (const l of [...this.listeners[topic]]) l();
  }

  /** A host message; returns false for messages that are not the hub's (board replies). */
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
      case 'reply': {
        const w = this.waiting.get(msg.inReplyTo);
        if (!w) return false;
        clearTimeout(w.timer);
        this.waiting.delete(msg.inReplyTo);
        w.done({ ok: msg.ok, error: msg.error, sessionId: msg.sessionId });
        return true;
      }
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
    this.api.postMessage({ type: 'watchTask', taskId });
    this.emit('state');
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
    const requestId = newRequestId();
    const timer = setTimeout(() => {
      this.waiting.delete(requestId);
      done({ ok: false, error: 'Viban did not answer in time. Try again.' });
    }, REQUEST_TIMEOUT_MS);
    this.waiting.set(requestId, { done, timer });
    this.api.postMessage({ ...body, requestId } as RequestMessage);
    return requestId;
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
    this.waiting.forEach((w) => clearTimeout(w.timer));
    this.waiting.clear();
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
