// Queued work on the board: a card whose task waits in the queue says "Queued #2" (its place in
// line), updated as the queue moves; when its job leaves the queue without a run taking over the
// card (cancelled, refused, interrupted), the card says so instead of staying "queued" forever.
import type { BoardService } from '../board/boardService';
import type { TaskAgentPatch } from '../board/boardRules';
import type { Task } from '../protocol/model';
import type { QueueSnapshot } from '../protocol/queue';

export class QueueCards {
  private chain: Promise<void> = Promise.resolve();
  private latest: QueueSnapshot | undefined;

  constructor(
    private readonly board: BoardService,
    /** A session of the task runs in this process (its card shows the agent's own status). */
    private readonly hasLiveRun: (taskId: string) => boolean,
  ) {}

  /** Brings the cards in line with a queue snapshot; writes only what differs. */
  update(snapshot: QueueSnapshot): Promise<void> {
    // Only the newest snapshot matters: changes that arrive while a write is under way are
    // folded into one pass instead of one pass each.
    const scheduled = this.latest !== undefined;
    this.latest = snapshot;
    if (!scheduled) {
      this.chain = this.chain
        .then(() => {
          const next = this.latest!;
          this.latest = undefined;
          return this.apply(next);
        })
        .catch(() => undefined);
    }
    return this.chain;
  }

  private async apply(snapshot: QueueSnapshot): Promise<void> {
    const running = new Set(snapshot.jobs.filter((j) => j.status === 'running').map((j) => j.taskId));
    const firstQueued = new Map<string, number>();
    for (const j of snapshot.jobs) if (j.status === 'queued' && j.position !== undefined && !firstQueued.has(j.taskId)) firstQueued.set(j.taskId, j.position);
    const latestEnded = new Map<string, (typeof snapshot.jobs)[number]>();
    for (const j of snapshot.jobs) if (j.status !== 'queued' && j.status !== 'running' && !latestEnded.has(j.taskId)) latestEnded.set(j.taskId, j);

    const patchFor = (task: Task): TaskAgentPatch | undefined => {
      const position = firstQueued.get(task.id);
      if (running.has(task.id) || this.hasLiveRun(task.id)) return undefined;
      let patch: TaskAgentPatch | undefined;
      if (position !== undefined) patch = { agentStatus: 'queued', agentStatusMessage: `Queued #${position}` };
      else if (task.agentStatus === 'queued') patch = leftTheQueue(latestEnded.get(task.id));
      return patch && (patch.agentStatus !== task.agentStatus || patch.agentStatusMessage !== task.agentStatusMessage) ? patch : undefined;
    };
    // One locked write for every card that changed, decided again on the fresh board: a claim
    // renumbers every waiting card ("Queued #3" -> "#2"), and a write per card made each claim
    // cost as many board writes as runs were waiting (quadratic over a long queue).
    if (!this.board.current.board.tasks.some((t) => patchFor(t))) return;
    await this.board
      .update((board, now) => {
        let changed = false;
        const tasks = board.tasks.map((t) => {
          const patch = patchFor(t);
          if (!patch) return t;
          changed = true;
          return { ...t, ...patch, updatedAt: now };
        });
        return changed ? { ...board, tasks } : board;
      })
      .catch(() => undefined);
  }
}

function leftTheQueue(job: QueueSnapshot['jobs'][number] | undefined): TaskAgentPatch {
  switch (job?.status) {
    case 'failed':
      return { agentStatus: 'error', agentStatusMessage: job.lastError ?? 'The run failed before it started' };
    case 'interrupted':
      return { agentStatus: 'error', agentStatusMessage: 'Interrupted when the window closed — retry it from the queue' };
    case 'cancelled':
      return { agentStatus: 'idle', agentStatusMessage: 'Removed from the queue' };
    default:
      return { agentStatus: 'idle', agentStatusMessage: undefined };
  }
}
