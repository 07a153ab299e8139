// An agent asks before using a tool: what it wants to do, in readable form, and the answers
// Allow / Allow <tool> for the rest of this session / Deny (with an optional reason).
import { useEffect, useRef, useState } from 'preact/hooks';
import type { PendingApproval } from '../../src/protocol/sessions';
import { Button } from '../ui/Button';
import { TextField } from '../ui/TextField';
import { DiffView } from './DiffView';
import { useHub } from './hubContext';
import { commandOf, fileEdits, prettyJson } from './toolSummary';

export interface ApprovalCardProps {
  approval: PendingApproval;
  /** Take focus when shown (unless the user is typing somewhere). */
  autoFocus?: boolean;
}

export function ApprovalCard({ approval, autoFocus }: ApprovalCardProps) {
  const hub = useHub();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const root = useRef<HTMLDivElement>(null);
  const headingId = `approval-${approval.sessionId}-${approval.requestId}`.replace(/[^\w-]/g, '_');

  useEffect(() => {
    if (autoFocus && !isTyping(document.activeElement)) root.current?.focus();
  }, [autoFocus, approval.requestId]);

  const answer = (decision: 'allow' | 'allow_always' | 'deny') => {
    setBusy(true);
    setError(null);
    const message = decision === 'deny' && reason.trim() ? reason.trim().slice(0, 4000) : undefined;
    hub.request(
      { type: 'answerApproval', sessionId: approval.sessionId, approvalId: approval.requestId, decision, ...(message !== undefined && { message }) },
      (r) => {
        setBusy(false);
        if (!r.ok) setError(r.error ?? 'The answer was not delivered.');
      },
    );
  };

  return (
    <div class="approval-card" role="group" aria-labelledby={headingId} tabIndex={-1} ref={root}>
      <div class="approval-title" id={headingId}>
        <i class="codicon codicon-shield" aria-hidden="true" />
        The agent wants to use <strong>{approval.toolName}</strong>
      </div>
      <ApprovalInput toolName={approval.toolName} input={approval.input} />
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
      <div class="approval-actions">
        <Button disabled={busy} onClick={() => answer('allow')}>
          Allow
        </Button>
        <Button appearance="secondary" disabled={busy} onClick={() => answer('allow_always')}>
          Allow {approval.toolName} for the rest of this session
        </Button>
        <Button appearance="secondary" disabled={busy} onClick={() => answer('deny')}>
          Deny
        </Button>
      </div>
      <TextField
        className="approval-reason"
        value={reason}
        onInput={setReason}
        ariaLabel="Reason for denying (optional)"
        placeholder="Reason for Deny, or what to do instead (optional)"
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !busy) {
            e.preventDefault();
            answer('deny');
          }
        }}
      />
    </div>
  );
}

/** Bash: the command; Write/Edit: the file and a diff; anything else: pretty JSON. */
export function ApprovalInput({ toolName, input }: { toolName: string; input: unknown }) {
  const command = commandOf(input);
  if (command !== undefined) {
    return (
      <pre class="approval-command">
        <code>{command}</code>
      </pre>
    );
  }
  const edits = fileEdits(toolName, input);
  if (edits.length) {
    // The diff names each file it changes.
    return (
      <div class="approval-edit">
        <DiffView edits={edits} />
      </div>
    );
  }
  return <pre class="approval-json">{prettyJson(input)}</pre>;
}

function isTyping(el: Element | null): boolean {
  if (!el) return false;
  const tag = el.tagName.toLowerCase();
  return tag === 'textarea' || tag === 'input' || tag === 'vscode-text-area' || tag === 'vscode-text-field' || (el as HTMLElement).isContentEditable;
}
