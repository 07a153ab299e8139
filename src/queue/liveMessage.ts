// A message to an agent that is running and takes live input skips the queue: it goes into the
// process at once, and its reply is that turn (the log's entries from its length at send).
import type { ConversationMessage } from '../protocol/conversation';
import type { LogEntry } from '../protocol/logEntries';
import type { QueueJob } from '../protocol/queue';
import { isLive, type SessionMeta } from '../protocol/sessions';
import type { ConversationStore } from '../conversation/conversationStore';
import { deriveReply } from '../conversation/replyFromLog';
import { readAll } from './queueOutcome';
import { ReplyWriter } from '../conversation/replyWriter';
import type { SessionManager } from '../sessions/sessionManager';
import type { SessionStore } from '../sessions/sessionStore';

export interface LiveDeps {
  sessions: SessionManager;
  store: SessionStore;
  conversation: ConversationStore;
  replyThrottleMs?: number;
  report(err: unknown): void;
}

/** Undefined when the agent does not take input now (the caller queues the message instead). */
export interface SentMessage {
  message: ConversationMessage;
  /** The queue job carrying it, unless it went into a running agent at once. */
  job?: QueueJob;
  sessionId?: string;
  position?: number;
}

export async function sendLiveMessage(deps: LiveDeps, taskId: string, text: string, live: SessionMeta, requestId: string | undefined): Promise<SentMessage | undefined> {
  const fromSeq = live.entryCount;
  const { sessions } = deps;
  let writer: ReplyWriter | undefined;
  const buffered: LogEntry[] = [];
  let settle: (() => void) | undefined;
  const off = sessions.on({
    entries: (id, entries) => {
      if (id !== live.id) return;
      const turn = entries.filter((e) => e.seq === undefined || e.seq >= fromSeq);
      if (writer) writer.push(turn);
      else buffered.push(...turn);
      if (turn.some((e) => e.kind === 'result')) settle?.();
    },
    session: (meta) => {
      if (meta.id === live.id && !isLive(meta.status)) settle?.();
    },
  });
  try {
    await sessions.followUp(taskId, text);
  } catch {
    off();
    return undefined; // it does not take input now: queue the message behind it
  }
  const message = await deps.conversation.append(taskId, { ...(requestId && { id: requestId }), role: 'user', content: text, status: 'processing', metadata: { sessionId: live.id, executorId: live.executorId } });
  writer = new ReplyWriter(deps.conversation, taskId, `${message.id}-reply`, { fromSeq }, { sessionId: live.id }, deps.replyThrottleMs);
  writer.push(buffered);
  const turnEnded = new Promise<void>((resolve) => (settle = resolve));
  if (buffered.some((e) => e.kind === 'result')) settle?.();
  void turnEnded.then(async () => {
    off();
    const current = deps.sessions.liveRunForTask(taskId);
    const ended = current?.id === live.id ? undefined : await deps.store.get(live.id);
    const reply = ended ? deriveReply(await readAll(deps.store, live.id), ended, { fromSeq }) : writer!.current();
    await writer!.finish(reply);
    await deps.conversation.update(taskId, message.id, { status: reply.status, ...(reply.status === 'failed' && { metadata: { error: reply.metadata.error } }) });
  }).catch((err) => deps.report(err));
  return { message, sessionId: live.id };
}
