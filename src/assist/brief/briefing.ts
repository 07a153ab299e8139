// The briefing (issue #14, "Briefing and follow-up"): what happened since the user was last seen,
// computed from the store alone — deterministic, no model. Runs finished, failed and waiting,
// checks that failed, pull requests opened and work merged, cost spent, and open questions from
// memory that are due; each fact names the card it belongs to, so a view can link to it.
import type { Board, Task } from '../../protocol/model';
import type { SessionMeta } from '../../protocol/sessions';
import type { StageRun } from '../../protocol/automation';
import type { MemoryItem } from '../../protocol/memory';

/** The card a fact belongs to. `onBoard: false`: the card was deleted since (nothing to open). */
export interface CardRef {
  taskId: string;
  taskTitle: string;
  onBoard: boolean;
}

export interface BriefRun extends CardRef {
  sessionId: string;
  executor: string;
  status: SessionMeta['status'];
  /** When it ended (finished, failed) or started (waiting). */
  at: string;
  costUsd?: number;
  error?: string;
}

export interface BriefCheck extends CardRef {
  /** verification: the workspace checks after a run; gate: a stage recipe's gate. */
  kind: 'verification' | 'gate';
  /** The failing command, or the gate's name. */
  name: string;
  message?: string;
  at: string;
}

export interface BriefPullRequest extends CardRef {
  url?: string;
  branch?: string;
  at: string;
}

export interface BriefQuestion {
  memoryId: string;
  value: string;
  due: string;
}

export interface Briefing {
  since: string;
  until: string;
  runs: { finished: BriefRun[]; failed: BriefRun[]; waiting: BriefRun[] };
  checksFailed: BriefCheck[];
  pullRequests: { opened: BriefPullRequest[]; merged: BriefPullRequest[] };
  /** Sum of the cost of the runs that ended in the window (runs that report one). */
  costUsd: number;
  dueQuestions: BriefQuestion[];
  counts: {
    finished: number;
    failed: number;
    waiting: number;
    checksFailed: number;
    pullRequestsOpened: number;
    merged: number;
    dueQuestions: number;
  };
}

export interface BriefingInput {
  since: Date;
  until: Date;
  board: Board | undefined;
  sessions: readonly SessionMeta[];
  stageRuns: readonly StageRun[];
  memory: readonly MemoryItem[];
}

/** Runs that ended this way count as failed: an error, or the process running them died. */
const FAILED: ReadonlySet<SessionMeta['status']> = new Set(['failed', 'interrupted']);

export function computeBriefing(input: BriefingInput): Briefing {
  const since = input.since.getTime();
  const until = input.until.getTime();
  const inWindow = (iso: string | undefined) => {
    const t = iso === undefined ? NaN : Date.parse(iso);
    return t > since && t <= until;
  };
  const tasks = new Map((input.board?.tasks ?? []).map((t) => [t.id, t]));
  const card = (taskId: string, fallbackTitle: string): CardRef => {
    const task = tasks.get(taskId);
    return { taskId, taskTitle: task?.title ?? fallbackTitle, onBoard: !!task };
  };
  const run = (s: SessionMeta, at: string): BriefRun => ({
    ...card(s.taskId, firstLine(s.prompt)),
    sessionId: s.id,
    executor: s.executorLabel,
    status: s.status,
    at,
    ...(s.costUsd !== undefined && { costUsd: s.costUsd }),
    ...(s.error && { error: s.error }),
  });

  const ended = input.sessions.filter((s) => inWindow(s.endedAt));
  const finished = byTime(ended.filter((s) => s.status === 'succeeded').map((s) => run(s, s.endedAt!)));
  const failed = byTime(ended.filter((s) => FAILED.has(s.status)).map((s) => run(s, s.endedAt!)));
  // Waiting is a state, not an event: a run still waiting is news however long ago it started.
  const waiting = byTime(input.sessions.filter((s) => s.status === 'waiting_for_user').map((s) => run(s, s.startedAt ?? s.createdAt)));
  const costUsd = round2(ended.reduce((sum, s) => sum + (s.costUsd ?? 0), 0));

  const checksFailed = byTime([...verificationFailures([...tasks.values()], inWindow), ...gateFailures(input.stageRuns, inWindow, card)]);

  const opened: BriefPullRequest[] = [];
  const merged: BriefPullRequest[] = [];
  for (const task of tasks.values()) {
    const a = task.accepted;
    if (!a || !inWindow(a.at)) continue;
    const ref: BriefPullRequest = { ...card(task.id, task.title), at: a.at, ...(task.prUrl && { url: task.prUrl }), ...(a.branch && { branch: a.branch }) };
    if (a.action === 'pr') opened.push(ref);
    else if (a.action === 'merge' || a.action === 'squash') merged.push(ref);
  }

  const dueQuestions = input.memory
    .filter((m) => m.category === 'open' && m.due !== undefined && Date.parse(m.due) <= until)
    .sort((a, b) => a.due!.localeCompare(b.due!) || a.id.localeCompare(b.id))
    .map((m) => ({ memoryId: m.id, value: m.value, due: m.due! }));

  return {
    since: input.since.toISOString(),
    until: input.until.toISOString(),
    runs: { finished, failed, waiting },
    checksFailed,
    pullRequests: { opened: byTime(opened), merged: byTime(merged) },
    costUsd,
    dueQuestions,
    counts: {
      finished: finished.length,
      failed: failed.length,
      waiting: waiting.length,
      checksFailed: checksFailed.length,
      pullRequestsOpened: opened.length,
      merged: merged.length,
      dueQuestions: dueQuestions.length,
    },
  };
}

/** Nothing at all happened and nothing is due: the view says so in one line. */
export function isQuiet(b: Briefing): boolean {
  return Object.values(b.counts).every((n) => n === 0);
}

function verificationFailures(tasks: Task[], inWindow: (iso: string | undefined) => boolean): BriefCheck[] {
  return tasks
    .filter((t) => t.verification?.state === 'checks_failed' && inWindow(t.verification.at))
    .map((t) => ({
      taskId: t.id,
      taskTitle: t.title,
      onBoard: true,
      kind: 'verification' as const,
      name: t.verification!.failedCommand ?? 'checks',
      ...(t.verification!.outputTail && { message: lastLines(t.verification!.outputTail, 3) }),
      at: t.verification!.at,
    }));
}

function gateFailures(runs: readonly StageRun[], inWindow: (iso: string | undefined) => boolean, card: (taskId: string, title: string) => CardRef): BriefCheck[] {
  const out: BriefCheck[] = [];
  for (const r of runs) {
    const at = r.endedAt;
    if (!inWindow(at)) continue;
    for (const g of r.gates) if (g.required && !g.passed) out.push({ ...card(r.taskId, r.taskId), kind: 'gate', name: g.name, message: g.message, at: at! });
  }
  return out;
}

function byTime<T extends { at: string }>(items: T[]): T[] {
  return items.sort((a, b) => a.at.localeCompare(b.at));
}

function firstLine(text: string): string {
  return (text.split('\n').find((l) => l.trim()) ?? '').trim().slice(0, 120) || '(untitled)';
}

function lastLines(text: string, n: number): string {
  return text.trimEnd().split('\n').slice(-n).join('\n');
}

function round2(n: number): number {
  return Math.round(n * 10000) / 10000;
}
