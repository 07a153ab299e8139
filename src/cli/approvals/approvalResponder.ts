// Answers a session's approval requests, one at a time, with a pluggable decider: the terminal
// prompt when there is a person at a TTY, an explained denial when there is not.
import type { ApprovalDecision } from '../../executors/types';
import type { PendingApproval } from '../../protocol/sessions';
import type { SessionEvents } from '../../sessions/sessionManager';

/** The slice of SessionManager this needs (so tests can hand in a fake). */
export interface ApprovalSource {
  on(listener: Partial<SessionEvents>): () => void;
  answerApproval(sessionId: string, requestId: string, decision: ApprovalDecision): void;
  readonly approvals: { pending(sessionId?: string): PendingApproval[] };
}

export type ApprovalDecider = (approval: PendingApproval) => Promise<ApprovalDecision>;

export class ApprovalResponder {
  private sessionId: string | undefined;
  private readonly seen = new Set<string>();
  private queue: Promise<void> = Promise.resolve();
  private readonly off: () => void;
  private closed = false;

  constructor(
    private readonly source: ApprovalSource,
    private readonly decide: ApprovalDecider,
  ) {
    this.off = source.on({ approvals: (pending) => this.consider(pending) });
  }

  /** From now on, answer this session's requests (including any already waiting). */
  attach(sessionId: string): void {
    this.sessionId = sessionId;
    this.consider(this.source.approvals.pending(sessionId));
  }

  /** Resolves once every request taken so far has been answered. */
  idle(): Promise<void> {
    return this.queue;
  }

  close(): void {
    this.closed = true;
    this.off();
  }

  private consider(pending: PendingApproval[]): void {
    for (const approval of pending) {
      if (this.closed || approval.sessionId !== this.sessionId || this.seen.has(approval.requestId)) continue;
      this.seen.add(approval.requestId);
      this.queue = this.queue.then(() => this.answer(approval));
    }
  }

  private async answer(approval: PendingApproval): Promise<void> {
    // The session may have ended (stopped) while an earlier question was on screen.
    if (this.closed || !this.stillPending(approval)) return;
    let decision: ApprovalDecision;
    try {
      decision = await this.decide(approval);
    } catch (err) {
      decision = { behavior: 'deny', message: `The approval could not be asked: ${(err as Error).message}` };
    }
    if (!this.stillPending(approval)) return;
    try {
      this.source.answerApproval(approval.sessionId, approval.requestId, decision);
    } catch {
      // Answered or ended meanwhile: nothing left to do.
    }
  }

  private stillPending(approval: PendingApproval): boolean {
    return this.source.approvals.pending(approval.sessionId).some((p) => p.requestId === approval.requestId);
  }
}
