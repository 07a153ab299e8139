// Approval requests waiting on the user, per session. "Allow for the rest of the session"
// remembers the tool so the same question is not asked twice.
import type { ApprovalDecision } from '../executors/types';
import type { PendingApproval } from '../protocol/sessions';

interface Waiting {
  approval: PendingApproval;
  resolve: (d: ApprovalDecision) => void;
}

export class ApprovalBroker {
  private readonly waiting = new Map<string, Waiting>();
  private readonly alwaysAllowed = new Map<string, Set<string>>();

  constructor(private readonly onChange: () => void) {}

  /** Resolves at once for a tool the user allowed for this session; otherwise waits for answer(). */
  ask(approval: PendingApproval): Promise<ApprovalDecision> {
    if (this.alwaysAllowed.get(approval.sessionId)?.has(approval.toolName)) {
      return Promise.resolve({ behavior: 'allow', always: true });
    }
    return new Promise((resolve) => {
      this.waiting.set(key(approval.sessionId, approval.requestId), { approval, resolve });
      this.onChange();
    });
  }

  answer(sessionId: string, requestId: string, decision: ApprovalDecision): PendingApproval {
    const w = this.waiting.get(key(sessionId, requestId));
    if (!w) throw new Error('That approval was already answered or the session has ended.');
    this.waiting.delete(key(sessionId, requestId));
    if (decision.behavior === 'allow' && decision.always) {
      const set = this.alwaysAllowed.get(sessionId) ?? new Set<string>();
      set.add(w.approval.toolName);
      this.alwaysAllowed.set(sessionId, set);
    }
    w.resolve(decision);
    this.onChange();
    return w.approval;
  }

  pending(sessionId?: string): PendingApproval[] {
    return [...this.waiting.values()].map((w) => w.approval).filter((a) => !sessionId || a.sessionId === sessionId);
  }

  /** Whether the session has a question open (asked once per log entry: no arrays made). */
  hasPending(sessionId: string): boolean {
    if (this.waiting.size === 0) return false;
    for (const w of this.waiting.values()) if (w.approval.sessionId === sessionId) return true;
    return false;
  }

  /** A session ended: its open questions are denied so the executor can finish. */
  endSession(sessionId: string, reason: string): void {
    for (const [k, w] of [...this.waiting]) {
      if (w.approval.sessionId !== sessionId) continue;
      this.waiting.delete(k);
      w.resolve({ behavior: 'deny', message: reason });
    }
    this.alwaysAllowed.delete(sessionId);
    this.onChange();
  }
}

const key = (sessionId: string, requestId: string) => `${sessionId}\u0000${requestId}`;
