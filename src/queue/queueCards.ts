// Queued work on the board: a card whose task waits in the queue says "Queued #2" (its place in
// line), updated as the queue moves; when its job leaves the queue without a run taking over the
// card (cancelled, refused, interrupted), the card says so instead of staying "queued" forever.
import type { BoardService } from '../board/boardService';
import type { TaskAgentPatch } from '../board/boardRules';
import type { QueueSnapshot } from '../protocol/queue';

export class QueueCards {
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly board: BoardService,
    /** A session of the task runs in this process (its card shows the agent's own status). */
    private readonly hasLiveRun: (taskId: string) => boolean,
  ) {}

  /** Brings the cards in line with a queue snapshot; writes only what differs. */
  update(snapshot: QueueSnapshot): Promise<void> {
    this.chain = this.chain.then(() => this.apply(snapshot)).catch(() => undefined);
    return this.chain;
  }

  private async apply(snapshot: QueueSnapshot): Promise<void> {
    const running = new Set(snapshot.jobs.filter((j) => j.status === 'running').map((j) => j.taskId));
    const firstQueued = new Map<string, number>();
    for (const j of snapshot.jobs) if (j.status === 'queued' && j.position !== undefined && !firstQueued.has(j.taskId)) firstQueued.set(j.taskId, j.position);
    const latestEnded = new Map<string, (typeof snapshot.jobs)[number]>();
    for (const j of snapshot.jobs) if (j.status !== 'queued' && j.status !== 'running' && !latestEnded.has(j.taskId)) latestEnded.set(j.taskId, j);

    for (const task of this.board.current.board.tasks) {
      let patch: TaskAgentPatch | undefined;
      const position = firstQueued.get(task.id);
      if (running.has(task.id) || this.hasLiveRun(task.id)) continue;
      if (position !== undefined) patch = { agentStatus: 'queued', agentStatusMessage: `Queued #${position}` };
      else if (task.agentStatus === 'queued') patch = leftTheQueue(latestEnded.get(task.id));
      if (!patch || (patch.agentStatus === task.agentStatus && patch.agentStatusMessage === task.agentStatusMessage)) continue;
      await this.board.patchTaskAgent(task.id, patch).catch(() => undefined);
    }
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
