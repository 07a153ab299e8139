// The task's conversation above the composer: what the user asked and what the agent answered,
// each with its state (queued #N, sending, answering, failed with the reason and Retry). Older
// messages page in when the user scrolls to the top.
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { ConversationMessage } from '../../src/protocol/conversation';
import { formatCost, formatDuration } from './formatting';
import { useHub } from './hubContext';
import { Markdown } from '../ui/Markdown';

export function ConversationView({ trusted }: { trusted: boolean }) {
  const hub = useHub('conversation');
  const c = hub.conversation;
  const list = useRef<HTMLDivElement>(null);
  const lastCount = useRef(0);
  const firstId = useRef<string | undefined>(undefined);
  const prevHeight = useRef(0);

  // New messages at the bottom scroll into view; a page prepended at the top keeps the reading place.
  useLayoutEffect(() => {
    const el = list.current;
    if (!el || !c) return;
    const prepended = firstId.current !== undefined && c.messages[0]?.id !== firstId.current && c.messages.length > lastCount.current;
    if (prepended) el.scrollTop += el.scrollHeight - prevHeight.current;
    else if (c.messages.length !== lastCount.current) el.scrollTop = el.scrollHeight;
    firstId.current = c.messages[0]?.id;
    lastCount.current = c.messages.length;
    prevHeight.current = el.scrollHeight;
  });

  if (!c || (c.loaded && c.messages.length === 0)) return null;
  const onScroll = () => {
    if (list.current && list.current.scrollTop < 40) hub.loadOlderMessages();
  };

  return (
    <div class="conversation" role="log" aria-label="Conversation" ref={list} onScroll={onScroll}>
      {c.hasOlder && (
        <button type="button" class="link-button conversation-older" disabled={c.loadingOlder} onClick={() => hub.loadOlderMessages()}>
          {c.loadingOlder ? 'Loading earlier messages…' : 'Load earlier messages'}
        </button>
      )}
      {!c.loaded && <p class="muted">Loading the conversation…</p>}
      {c.messages.map((m) => (
        <MessageBubble key={m.id} message={m} trusted={trusted} />
      ))}
    </div>
  );
}

function MessageBubble({ message, trusted }: { message: ConversationMessage; trusted: boolean }) {
  const hub = useHub('conversation');
  const [retrying, setRetrying] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setRetrying(false), [message.status]);
  const job = hub.job(message.metadata?.jobId);
  const meta = message.metadata;
  const retry = () => {
    if (!meta?.jobId) return;
    setRetrying(true);
    setError(null);
    hub.request({ type: 'queueRetry', jobId: meta.jobId, taskId: message.taskId, messageId: message.id }, (r) => {
      if (!r.ok) {
        setRetrying(false);
        setError(r.error ?? 'Retry did not work.');
      }
    });
  };

  return (
    <div class={`conversation-message role-${message.role} status-${message.status}`} data-id={message.id}>
      <div class="conversation-meta">
        <span class="conversation-role">{message.role === 'user' ? 'You' : message.role === 'assistant' ? 'Agent' : 'System'}</span>
        <span class="conversation-state" role="status">
          {stateText(message, job?.position)}
        </span>
        {message.role === 'assistant' && message.status === 'completed' && <span class="muted conversation-numbers">{numbers(message)}</span>}
      </div>
      <Markdown source={message.content} className="conversation-content" />
      {message.status === 'failed' && message.role === 'user' && (
        <div class="form-error conversation-error" role="alert">
          {meta?.error ?? 'The message was not delivered.'}{' '}
          {meta?.jobId && (
            <button type="button" class="link-button conversation-retry" disabled={!trusted || retrying} onClick={retry}>
              {retrying ? 'Retrying…' : 'Retry'}
            </button>
          )}
        </div>
      )}
      {error && (
        <div class="form-error" role="alert">
          {error}
        </div>
      )}
    </div>
  );
}

function stateText(m: ConversationMessage, position: number | undefined): string {
  switch (m.status) {
    case 'pending':
      return position !== undefined ? `Queued #${position}` : 'Queued';
    case 'processing':
      return m.role === 'user' ? 'Sent · the agent is answering…' : 'Answering…';
    case 'failed':
      return 'Failed';
    case 'completed':
      return '';
  }
}

function numbers(m: ConversationMessage): string {
  const md = m.metadata;
  if (!md) return '';
  const parts = [
    md.model ?? md.executorId,
    md.inputTokens !== undefined || md.outputTokens !== undefined ? `${(md.inputTokens ?? 0) + (md.outputTokens ?? 0)} tokens` : undefined,
    md.costUsd !== undefined ? formatCost(md.costUsd) : undefined,
    md.durationMs !== undefined ? formatDuration(md.durationMs) : undefined,
  ];
  return parts.filter(Boolean).join(' · ');
}
