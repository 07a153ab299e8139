// The Assist view's state in the webview: the host's `assist` pushes (the conversation list, the
// shown conversation as stored, what Assist is doing, plan costs), which conversation this view
// shows, and its requests — ask, Start / Not now — sent through the page's one PendingReplies.
import type { AssistState } from '../../src/protocol/assistMessages';
import type { ToWebview } from '../../src/protocol/messages';
import type { PendingReplies } from '../host/pendingReplies';
import type { HostApi } from '../host/vscodeApi';

/** Asking returns once the request is recorded (the advisor then reads in the background). */
const ASK_TIMEOUT_MS = 60_000;
/** Start creates the cards and plans the run before it answers. */
const START_TIMEOUT_MS = 120_000;

export class AssistHub {
  state: AssistState | null = null;
  /** The conversation this view shows (null: a new one, not yet written to). */
  conversationId: string | null = null;
  /** The host's last refusal, said where the user acted. */
  error: string | undefined;
  /** A request waiting for its reply (the composer and the card's buttons wait with it). */
  sending = false;
  /** Until the user picks (or starts) a conversation, the view opens on the most recent one. */
  private picked = false;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly api: HostApi,
    private readonly replies: PendingReplies,
  ) {}

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Shows a conversation (or a new one) and asks the host for it; `byUser`: the user chose it. */
  watch(conversationId: string | null, byUser = true): void {
    if (byUser) this.picked = true;
    this.conversationId = conversationId;
    this.error = undefined;
    this.api.postMessage({ type: 'assistWatch', conversationId });
    this.emit();
  }

  ask(text: string): Promise<boolean> {
    this.picked = true;
    return this.request({ type: 'assistAsk', conversationId: this.conversationId, text }, ASK_TIMEOUT_MS);
  }

  answerPlan(messageId: string, action: 'start' | 'notNow'): Promise<boolean> {
    if (!this.conversationId) return Promise.resolve(false);
    return this.request({ type: 'assistPlan', conversationId: this.conversationId, messageId, action }, START_TIMEOUT_MS);
  }

  /** Undo of "Remembered: …": the host forgets the memory item. */
  undoRemember(messageId: string): Promise<boolean> {
    if (!this.conversationId) return Promise.resolve(false);
    return this.request({ type: 'assistUndoRemember', conversationId: this.conversationId, messageId }, ASK_TIMEOUT_MS);
  }

  openTask(taskId: string): void {
    this.api.postMessage({ type: 'assistOpen', target: 'task', taskId });
  }

  openInEditor(): void {
    this.api.postMessage({ type: 'assistOpen', target: 'editor' });
  }

  /** The conversation shown, when the host's state is about it. */
  get conversation() {
    const c = this.state?.conversation;
    return c && c.id === this.conversationId ? c : null;
  }

  busy() {
    return this.state?.busy.find((b) => b.conversationId === this.conversationId);
  }

  receive(message: Extract<ToWebview, { type: 'assist' }>): void {
    this.state = message.state;
    // A conversation the host started for this view's first question becomes the one shown.
    if (!this.conversationId && this.sending && message.state.conversation) this.conversationId = message.state.conversation.id;
    // History is kept: a view that opens shows the latest conversation, not an empty one.
    if (!this.picked && !this.conversationId && !this.sending && message.state.conversations.length) {
      this.watch(message.state.conversations[0].id, false);
      return;
    }
    this.emit();
  }

  private request(body: Parameters<PendingReplies['send']>[0], timeoutMs: number): Promise<boolean> {
    this.sending = true;
    this.error = undefined;
    this.emit();
    return new Promise((resolve) => {
      this.replies.send(body, { timeoutMs, owner: this }, (reply) => {
        this.sending = false;
        this.error = reply.ok ? undefined : reply.error;
        this.emit();
        resolve(reply.ok);
      });
    });
  }

  private emit(): void {
    this.listeners.forEach((l) => l());
  }
}
