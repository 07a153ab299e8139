// The one status a task shows — on its card, in its detail header, in the status bar — derived in
// one place from the task and what is known of its sessions. Pure, shared by host and webview.
//
// Why derived and not read off `task.agentStatus` alone: that field is written to board.json by
// a coalesced stream of card updates (several hundred ms behind, and for another window's run
// later still), while a waiting approval and a session's status arrive at once. Whatever is most
// direct wins: a pending question, then a live session, then the recorded outcome.
import type { AgentStatus, Task } from './model';
import type { SessionStatus } from './sessions';

export interface TaskStateInput {
  task: Pick<Task, 'agentStatus' | 'agentStatusMessage' | 'accepted' | 'prUrl' | 'lastSessionId'>;
  /** The task's latest session, when known (its status is more current than the card's). */
  session?: { id: string; status: SessionStatus; executorLabel?: string; error?: string };
  /** Tool names of the questions the task's agents wait on (pending approvals), oldest first. */
  waitingOn?: readonly string[];
}

export interface TaskState {
  /** Drives the pill's colour and icon. */
  status: AgentStatus;
  /** The pill: one or two words ("Waiting for you", "Accepted"). */
  label: string;
  /** What exactly, when it adds something the label does not say ("allow Write?"). */
  detail?: string;
}

export const IDLE: TaskState = Object.freeze({ status: 'idle', label: 'Idle' }) as TaskState;

const LIVE = new Set<SessionStatus>(['queued', 'running', 'waiting_for_user']);

export function taskState({ task, session, waitingOn = [] }: TaskStateInput): TaskState {
  const latest = session && session.id === task.lastSessionId ? session : undefined;
  const live = latest ? LIVE.has(latest.status) : undefined;
  // Without session news (a card on the board), the card's own record says whether it waits.
  if (waitingOn.length > 0 || latest?.status === 'waiting_for_user' || (!latest && task.agentStatus === 'waiting_for_user')) {
    const tools = waitingOn.length > 0 ? waitingOn : undefined;
    const recorded = /^Waiting for you:\s*(.+)$/.exec(task.agentStatusMessage ?? '')?.[1];
    const detail = tools ? (tools.length === 1 ? `allow ${tools[0]}?` : `${tools.length} questions`) : recorded;
    return { status: 'waiting_for_user', label: 'Waiting for you', detail };
  }
  if (live === true || (live === undefined && isWorking(task.agentStatus))) {
    // The card's own words say what the agent does right now, unless they only repeat the label
    // or still speak of a question that was answered.
    const status: AgentStatus = task.agentStatus === 'executing' ? 'executing' : task.agentStatus === 'queued' && latest?.status !== 'running' ? 'queued' : 'thinking';
    if (status === 'queued') return { status, label: /^Queued #\d+$/.test(task.agentStatusMessage ?? '') ? task.agentStatusMessage! : 'Queued' };
    const label = status === 'executing' ? 'Executing' : 'Thinking';
    return { status, label, detail: usefulDetail(task.agentStatusMessage, label) };
  }
  if (task.accepted) {
    const a = task.accepted;
    const sha = a.commit ? a.commit.slice(0, 7) : undefined;
    const how = a.action === 'commit' ? 'committed' : a.action === 'pr' ? 'pull request' : 'merged';
    return { status: 'done', label: 'Accepted', detail: sha ? `${how} as ${sha}` : how };
  }
  if (task.prUrl) return { status: 'done', label: 'Pull request open' };
  // A session that ended more recently than the card learnt of it.
  if (latest?.status === 'failed' || latest?.status === 'interrupted') {
    return { status: 'error', label: latest.status === 'failed' ? 'Failed' : 'Interrupted', detail: task.agentStatus === 'error' ? task.agentStatusMessage : latest.error };
  }
  if (latest?.status === 'stopped') return { status: 'idle', label: 'Stopped' };
  if (latest?.status === 'succeeded' || task.agentStatus === 'done') return { status: 'done', label: 'Finished', detail: usefulDetail(task.agentStatusMessage, 'Finished') };
  switch (task.agentStatus) {
    case 'error':
      return { status: 'error', label: 'Failed', detail: task.agentStatusMessage };
    case 'queued':
      return { status: 'queued', label: /^Queued #\d+$/.test(task.agentStatusMessage ?? '') ? task.agentStatusMessage! : 'Queued' };
    default:
      return task.agentStatusMessage === 'Stopped' ? { status: 'idle', label: 'Stopped' } : IDLE;
  }
}

const isWorking = (s: AgentStatus) => s === 'thinking' || s === 'executing' || s === 'waiting_for_user';

/** The card's message unless it says nothing more than the label ("Thinking…", "X finished"). */
function usefulDetail(message: string | undefined, label: string): string | undefined {
  if (!message) return undefined;
  const plain = message.replace(/…$/, '').trim().toLowerCase();
  if (plain === label.toLowerCase() || /\bfinished$/.test(plain) || /^waiting for you\b/.test(plain) || plain === 'accepted') return undefined;
  return message;
}

/**
 * Whether a queue job the queue file still calls running has in fact ended: its card already
 * records that very run's outcome. A background worker writes the card first and the queue a
 * moment later, and the status bar must not say "1 running" beside a card that says Finished.
 */
export function runEndedOnCard(
  job: { status: string; sessionId?: string; kind?: string },
  task: Pick<Task, 'agentStatus' | 'lastSessionId'> | undefined,
): boolean {
  // A follow-up message continues the card's last session: the card says "done" until it catches up.
  if (job.kind === 'message' || job.status !== 'running' || !job.sessionId || !task || task.lastSessionId !== job.sessionId) return false;
  return task.agentStatus === 'done' || task.agentStatus === 'error' || task.agentStatus === 'idle';
}
