// "Message the agent…": Enter sends, Shift+Enter is a new line. The host records the message in the
// conversation and sends it into a running agent at once, or queues it to resume the agent's
// session (in order, once); the conversation above shows its state. Only a refusal shows here.
import { useState } from 'preact/hooks';
import { Button } from '../ui/Button';
import { TextArea } from '../ui/TextArea';
import { useHub } from './hubContext';

export function Composer({ taskId, trusted }: { taskId: string; trusted: boolean }) {
  const hub = useHub();
  const [text, setText] = useState('');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const send = (message: string) => {
    if (!message.trim() || sending || !trusted) return;
    setSending(true);
    setError(null);
    hub.request({ type: 'sendMessage', taskId, text: message }, (reply) => {
      setSending(false);
      if (!reply.ok) {
        setError(reply.error ?? 'The message was not sent.');
        return;
      }
      setText((current) => (current === message ? '' : current));
      if (reply.sessionId && reply.sessionId !== hub.openLog?.sessionId) hub.showSession(reply.sessionId);
    });
  };

  return (
    <div class="composer">
      <TextArea
        className="composer-input"
        value={text}
        rows={2}
        ariaLabel="Message the agent"
        placeholder={trusted ? 'Message the agent… (Enter to send, Shift+Enter for a new line)' : 'Agents do not run in Restricted Mode'}
        disabled={!trusted}
        onInput={setText}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
            e.preventDefault();
            send(text);
          }
        }}
      />
      <div class="composer-footer">
        {!trusted ? (
          <span class="muted composer-hint">Trust this workspace to message agents (Manage Workspace Trust).</span>
        ) : sending ? (
          <span class="muted composer-hint" role="status">
            <i class="codicon codicon-loading codicon-modifier-spin" aria-hidden="true" /> Sending…
          </span>
        ) : error ? (
          <span class="form-error composer-error" role="alert">
            {error}{' '}
            <button type="button" class="link-button" onClick={() => send(text)}>
              Retry
            </button>
          </span>
        ) : (
          <span />
        )}
        <Button disabled={!trusted || sending || !text.trim()} onClick={() => send(text)}>
          Send
        </Button>
      </div>
    </div>
  );
}
