// Streams an agent's reply into the task's conversation: the assistant message is created with
// the first words, rewritten with the whole text so far at most every `throttleMs` (each rewrite
// is a superseding record in the append-only file), and settled with status and metadata at the end.
import type { ConversationMetadata } from '../protocol/conversation';
import type { LogEntry } from '../protocol/logEntries';
import type { ConversationStore } from './conversationStore';
import { deriveReply, type DerivedReply, type ReplyScope } from './replyFromLog';

export class ReplyWriter {
  private readonly entries: LogEntry[] = [];
  private chain: Promise<unknown> = Promise.resolve();
  private created = false;
  private lastWritten = '';
  private timer: NodeJS.Timeout | undefined;
  private finished = false;

  constructor(
    private readonly conversation: ConversationStore,
    private readonly taskId: string,
    /** Stable per user message, so a retried message reuses its reply bubble. */
    readonly replyId: string,
    private readonly scope: ReplyScope,
    private readonly metadata: ConversationMetadata,
    private readonly throttleMs = 400,
  ) {}

  push(entries: readonly LogEntry[]): void {
    if (this.finished) return;
    this.entries.push(...entries);
    if (!entries.some((e) => e.kind === 'assistant')) return;
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.enqueue(() => this.writeDraft());
    }, this.created ? this.throttleMs : 0);
  }

  /** The reply so far (live input: its turn may end with a `result` while the session goes on). */
  current(): DerivedReply {
    return deriveReply(this.entries, undefined, this.scope);
  }

  /** Final status, content and metadata; a failed turn that said nothing leaves no bubble. */
  finish(reply: DerivedReply): Promise<void> {
    this.finished = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    return this.enqueue(async () => {
      const metadata = { ...this.metadata, ...reply.metadata };
      if (!this.created && !reply.content) return;
      if (!this.created) {
        const m = await this.conversation.append(this.taskId, { id: this.replyId, role: 'assistant', content: reply.content, status: reply.status, metadata });
        this.created = true;
        // An id already in the file (a retried message) returns the old bubble: settle it below.
        if (m.content === reply.content && m.status === reply.status) return;
      }
      await this.conversation.update(this.taskId, this.replyId, { content: reply.content, status: reply.status, metadata });
    });
  }

  private async writeDraft(): Promise<void> {
    if (this.finished) return;
    const { content } = this.current();
    if (!content || content === this.lastWritten) return;
    this.lastWritten = content;
    if (!this.created) {
      const existing = await this.conversation.append(this.taskId, { id: this.replyId, role: 'assistant', content, status: 'processing', metadata: this.metadata });
      this.created = true;
      if (existing.content === content && existing.status === 'processing') return;
    }
    await this.conversation.update(this.taskId, this.replyId, { content, status: 'processing' });
  }

  private enqueue(step: () => Promise<void>): Promise<void> {
    const next = this.chain.then(step, step);
    this.chain = next.catch(() => undefined);
    return next;
  }
}
