// The conversation follows the queue: a user's message mirrors the job that delivers it.
import type { QueueJob } from '../protocol/queue';
import type { ConversationStore } from './conversationStore';

/**
 * queued → pending, running → processing, ended → completed / failed. `synced` remembers, per job,
 * the status last written, so unchanged jobs cost nothing.
 */
export async function syncMessages(conversation: ConversationStore, synced: Map<string, string>, jobs: QueueJob[]): Promise<void> {
  for (const job of jobs) {
    const status = job.status === 'queued' ? 'pending' : job.status === 'running' ? 'processing' : job.status === 'succeeded' ? 'completed' : 'failed';
    const error = status === 'failed' ? (job.lastError ?? 'The message was not delivered.') : undefined;
    const key = `${status}|${error ?? ''}`;
    if (synced.get(job.id) === key) continue;
    const messageId = job.payload.messageId as string;
    const current = await conversation.get(job.taskId, messageId);
    if (!current) continue;
    synced.set(job.id, key);
    if (current.metadata?.jobId && current.metadata.jobId !== job.id) continue; // an older job of a re-sent message
    if (current.status === status && (current.metadata?.error ?? undefined) === error) continue;
    await conversation.update(job.taskId, messageId, { status, metadata: { jobId: job.id, error, ...(job.sessionId && { sessionId: job.sessionId }) } });
  }
}
