// Accept: an editable commit message (prefilled with the host's proposal, and kept once the user
// edits it, whatever the live pushes bring), and the actions for where the work is: squash or
// merge into the base branch, or a pull request, for a worktree; a commit for the workspace.
import { usePersistedState } from '../host/usePersistedState';
import type { AcceptAction, ReviewState } from '../../src/protocol/review';
import { Button } from '../ui/Button';
import { TextArea } from '../ui/TextArea';
import type { ReviewHub } from './reviewHub';
import { ReviewOutcome } from './ReviewOutcome';
import { acceptLabel, acceptedText, ghProblem } from './reviewText';
import { useReviewRequest } from './useReviewRequest';

export interface AcceptPanelProps {
  hub: ReviewHub;
  review: ReviewState;
  /** Why nothing may be accepted now (restricted mode, read-only board), or undefined. */
  blocked?: string;
}

export function AcceptPanel({ hub, review, blocked }: AcceptPanelProps) {
  // null: not edited, so follow the proposal as the agent's work (and summary) moves on. Kept in
  // the webview's state so a hidden and rebuilt view does not lose what the user typed.
  const [draft, setDraft] = usePersistedState<string | null>(`reviewDraft:${review.taskId}`, null, isDraft);
  const req = useReviewRequest(hub, 'The changes were not accepted.');
  const message = draft ?? review.proposedMessage;
  const worktree = review.mode === 'worktree' ? review.worktree : undefined;
  const noChanges = review.files.length === 0;
  const disabled = Boolean(blocked) || hub.busy || noChanges || !message.trim();
  const prProblem = ghProblem(review.gh);

  const accept = (action: AcceptAction) => {
    if (disabled || (action === 'pr' && prProblem)) return;
    req.send({ type: 'acceptTask', taskId: review.taskId, action, message }, () => {
      // The next proposal belongs to whatever is left to review.
      setDraft(null);
      return acceptedText(action, worktree);
    });
  };
  const primary: AcceptAction = worktree ? 'squash' : 'commit';

  return (
    <div class="review-accept" role="group" aria-label="Accept the changes">
      <div class="review-label">Commit message</div>
      <TextArea
        className="review-message"
        value={message}
        rows={4}
        ariaLabel="Commit message"
        disabled={hub.busy}
        onInput={setDraft}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            accept(primary);
          }
        }}
      />
      <div class="review-actions">
        {worktree ? (
          <>
            <Button disabled={disabled} onClick={() => accept('squash')}>
              {acceptLabel('squash', worktree.base)}
            </Button>
            <Button appearance="secondary" disabled={disabled} onClick={() => accept('merge')}>
              {acceptLabel('merge', worktree.base)}
            </Button>
            <Button appearance="secondary" disabled={disabled || Boolean(prProblem)} title={prProblem} onClick={() => accept('pr')}>
              <i slot="start" class="codicon codicon-git-pull-request" aria-hidden="true" />
              {acceptLabel('pr', worktree.base)}
            </Button>
          </>
        ) : (
          <Button disabled={disabled} onClick={() => accept('commit')}>
            {acceptLabel('commit', '')}
          </Button>
        )}
        {req.busy && (
          <span class="muted review-busy" role="status">
            <i class="codicon codicon-loading codicon-modifier-spin" aria-hidden="true" /> Working…
          </span>
        )}
      </div>
      {worktree && prProblem && <p class="muted review-hint review-gh">Pull request: {prProblem}</p>}
      {blocked && <p class="muted review-hint">{blocked}</p>}
      {!blocked && noChanges && <p class="muted review-hint">Nothing to accept: there are no changes.</p>}
      <ReviewOutcome outcome={req.outcome} />
    </div>
  );
}

const isDraft = (v: unknown): v is string | null => v === null || typeof v === 'string';
