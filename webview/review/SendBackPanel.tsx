// Send back: review comments go to the same agent as a follow-up; the new run shows in the log.
import { useRef } from 'preact/hooks';
import { usePersistedState } from '../host/usePersistedState';
import { useHub } from '../session/hubContext';
import { Button } from '../ui/Button';
import { TextArea } from '../ui/TextArea';
import type { ReviewHub } from './reviewHub';
import { ReviewOutcome } from './ReviewOutcome';
import { useReviewRequest } from './useReviewRequest';

export interface SendBackPanelProps {
  hub: ReviewHub;
  taskId: string;
  blocked?: string;
}

export function SendBackPanel({ hub, taskId, blocked }: SendBackPanelProps) {
  const sessions = useHub();
  // Kept in the webview's state, like the commit message: a rebuilt view keeps what was typed.
  const [comments, setComments] = usePersistedState(`reviewComments:${taskId}`, '', isText);
  const latest = useRef(comments);
  latest.current = comments;
  const req = useReviewRequest(hub, 'The review comments were not sent.');
  const disabled = Boolean(blocked) || hub.busy || !comments.trim();

  const send = () => {
    if (disabled) return;
    const sent = comments;
    req.send({ type: 'sendBack', taskId, comments: sent }, (reply) => {
      // Keep anything typed while the request was in flight.
      if (latest.current === sent) setComments('');
      if (reply.sessionId) sessions.showSession(reply.sessionId);
      return 'Sent to the agent. Its new run is in the log above.';
    });
  };

  return (
    <div class="review-send-back" role="group" aria-label="Send back to the agent">
      <div class="review-label">Review comments for the agent</div>
      <TextArea
        className="review-comments"
        value={comments}
        rows={3}
        ariaLabel="Review comments for the agent"
        placeholder="What should the agent change?"
        disabled={Boolean(blocked)}
        onInput={setComments}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            send();
          }
        }}
      />
      <div class="review-actions">
        <Button appearance="secondary" disabled={disabled} onClick={send}>
          <i slot="start" class="codicon codicon-reply" aria-hidden="true" />
          {req.busy ? 'Sending…' : 'Send back'}
        </Button>
      </div>
      <ReviewOutcome outcome={req.outcome} />
    </div>
  );
}

const isText = (v: unknown): v is string => typeof v === 'string';
