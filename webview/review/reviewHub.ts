// The webview's review state: the watched task's changes (pushed by the host, again and again
// while its agent works) and the review requests in flight. Same shape as SessionHub: a small
// external store that views subscribe to, so a live push re-renders the Changes section only.
import type { RequestMessage, ToWebview } from '../../src/protocol/messages';
import type { ReviewState } from '../../src/protocol/review';
import type { PendingReplies, WithoutRequestId } from '../host/pendingReplies';
import type { HostApi } from '../host/vscodeApi';

export type ReviewRequest = WithoutRequestId<Extract<RequestMessage, { type: 'acceptTask' | 'sendBack' | 'discardTask' }>>;
export interface ReviewReply {
  ok: boolean;
  error?: string;
  /** sendBack: the session the review comments started. */
  sessionId?: string;
}

/** Merging or pushing can take a while (hooks, network); discard waits on the host's modal. */
export const REVIEW_TIMEOUT_MS: Record<ReviewRequest['type'], number> = {
  acceptTask: 180_000,
  sendBack: 60_000,
  discardTask: 600_000,
};

export class ReviewHub {
  watchedTaskId: string | null = null;
  /** The watched task's latest review; null until the host sent one. */
  review: ReviewState | null = null;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly api: HostApi,
    /** The page's one set of requests waiting for a reply. */
    private readonly replies: PendingReplies,
  ) {}

  /** A review request is in flight: every review action waits (no discard during a merge). */
  get busy(): boolean {
    return this.replies.pending(this) > 0;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(): void {
    for (const l of [...this.listeners]) l();
  }

  /** A host message; false for messages that are not the review's. */
  receive(msg: ToWebview): boolean {
    switch (msg.type) {
      case 'review':
        // A push for a task the user has already left is stale.
        if (msg.review.taskId !== this.watchedTaskId) return true;
        this.review = msg.review;
        this.emit();
        return true;
      default:
        return false;
    }
  }

  /** Follow a task's changes (null: none); the host answers with `review` and keeps it current. */
  watch(taskId: string | null): void {
    if (taskId === this.watchedTaskId) return;
    this.watchedTaskId = taskId;
    this.review = null;
    this.api.postMessage({ type: 'watchReview', taskId });
    this.emit();
  }

  openDiff(taskId: string, path: string): void {
    this.api.postMessage({ type: 'openDiff', taskId, path });
  }

  openWorktree(taskId: string): void {
    this.api.postMessage({ type: 'openWorktree', taskId });
  }

  request(body: ReviewRequest, done: (reply: ReviewReply) => void): string {
    const requestId = this.replies.send(body, { timeoutMs: REVIEW_TIMEOUT_MS[body.type], owner: this }, (r) => {
      done({ ok: r.ok, error: r.error, sessionId: r.sessionId });
      this.emit(); // not busy any more
    });
    this.emit(); // busy now
    return requestId;
  }

  dispose(): void {
    this.listeners.clear();
  }
}
