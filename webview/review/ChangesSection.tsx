// The task's Changes: where its agent works, what it changed (live while it works), and the
// review loop — accept, send back, discard. The host computes everything; this draws the latest
// `review` push and posts the user's choices.
import { useEffect } from 'preact/hooks';
import type { Task } from '../../src/protocol/model';
import type { ReviewState } from '../../src/protocol/review';
import { Button } from '../ui/Button';
import { AcceptPanel } from './AcceptPanel';
import { ChangedFileList } from './ChangedFileList';
import { useReviewHub } from './reviewContext';
import type { ReviewHub } from './reviewHub';
import { ReviewOutcome } from './ReviewOutcome';
import { isWebUrl, summaryText } from './reviewText';
import { SendBackPanel } from './SendBackPanel';
import { useReviewRequest } from './useReviewRequest';

export interface ChangesSectionProps {
  task: Task;
  trusted: boolean;
  readOnly: boolean;
}

const WORKING = new Set<Task['agentStatus']>(['queued', 'thinking', 'executing', 'waiting_for_user']);

export function ChangesSection({ task, trusted, readOnly }: ChangesSectionProps) {
  const hub = useReviewHub();
  useEffect(() => {
    hub.watch(task.id);
    return () => hub.watch(null);
  }, [hub, task.id]);

  // A review computed for an older state of the task (before its run started, or before its
  // worktree existed) says the wrong thing: wait for the fresh one instead of showing it.
  const current = hub.review?.taskId === task.id ? hub.review : null;
  const review = current && current.sessionId === task.lastSessionId && Boolean(current.worktree) === Boolean(task.worktree) ? current : null;
  const neverRan = !task.lastSessionId && !task.worktree;
  const showSummary = review && review.git.isRepo && !neverRan && !review.error && !review.accepted;

  return (
    <section class="review detail-section" aria-label="Changes">
      <div class="detail-section-header">
        <h3>Changes</h3>
        {showSummary && <span class="review-summary">{summaryText(review.summary)}</span>}
      </div>
      {neverRan ? (
        <p class="muted">No changes yet: run an agent on this task and what it changes shows here.</p>
      ) : !review ? (
        <p class="muted" role="status">
          <i class="codicon codicon-loading codicon-modifier-spin" aria-hidden="true" /> Looking for changes…
        </p>
      ) : review.accepted ? (
        <AcceptedSummary accepted={review.accepted} />
      ) : !review.git.isRepo ? (
        <p class="review-not-repo">{review.git.explanation ?? 'This folder is not a git repository, so Viban cannot show or accept changes.'}</p>
      ) : (
        // key: a new task starts with a fresh commit message and fresh comments.
        <ReviewBody key={task.id} hub={hub} review={review} task={task} blocked={blockedReason(trusted, readOnly)} />
      )}
    </section>
  );
}

function blockedReason(trusted: boolean, readOnly: boolean): string | undefined {
  if (!trusted) return 'Trust this workspace to accept, send back or discard work (Restricted Mode runs nothing).';
  if (readOnly) return 'This board is read-only here, so its work cannot be accepted or discarded.';
  return undefined;
}

interface ReviewBodyProps {
  hub: ReviewHub;
  review: ReviewState;
  task: Task;
  blocked?: string;
}

function ReviewBody({ hub, review, task, blocked }: ReviewBodyProps) {
  const worktree = review.mode === 'worktree' ? review.worktree : undefined;
  return (
    <div class="review-body">
      {review.needsReview && (
        <div class="review-warning" role="status">
          <i class="codicon codicon-warning" aria-hidden="true" /> <span>Needs review: {review.needsReview}</span>
        </div>
      )}
      <WorkLocation hub={hub} review={review} />
      {review.prUrl && <PullRequestLink url={review.prUrl} />}
      {review.error && (
        <p class="form-error" role="alert">
          {review.error}
        </p>
      )}
      {WORKING.has(task.agentStatus) && (
        <p class="muted review-hint">The agent is still working: the list follows along, and accepting now takes what it has done so far.</p>
      )}
      {review.files.length > 0 ? (
        <ChangedFileList files={review.files} onOpen={(path) => hub.openDiff(review.taskId, path)} />
      ) : (
        !review.error && <p class="muted">No changes yet.</p>
      )}
      <AcceptPanel hub={hub} review={review} blocked={blocked} />
      <SendBackPanel hub={hub} taskId={review.taskId} blocked={blocked} />
      {worktree && <DiscardButton hub={hub} taskId={review.taskId} blocked={blocked} />}
    </div>
  );
}

function WorkLocation({ hub, review }: { hub: ReviewHub; review: ReviewState }) {
  const wt = review.worktree;
  if (review.mode !== 'worktree' || !wt) {
    return (
      <div class="review-where">
        <i class="codicon codicon-folder" aria-hidden="true" />
        <p>In this workspace: these are all its uncommitted changes, including any the agent did not make.</p>
      </div>
    );
  }
  return (
    <div class="review-where">
      <i class="codicon codicon-git-branch" aria-hidden="true" />
      <p>
        In its own worktree on <strong class="review-branch">{wt.branch}</strong> (from {wt.base}): <code class="review-path-text">{wt.path}</code>{' '}
        <button type="button" class="link-button" onClick={() => hub.openWorktree(review.taskId)}>
          Open in new window
        </button>
      </p>
    </div>
  );
}

function PullRequestLink({ url }: { url: string }) {
  return (
    <p class="review-pr">
      <i class="codicon codicon-git-pull-request" aria-hidden="true" /> Pull request:{' '}
      {isWebUrl(url) ? <a href={url}>{url}</a> : <span>{url}</span>}
    </p>
  );
}

function DiscardButton({ hub, taskId, blocked }: { hub: ReviewHub; taskId: string; blocked?: string }) {
  const req = useReviewRequest(hub, 'The worktree was not discarded.');
  return (
    <div class="review-discard">
      {/* The host asks for confirmation in a modal dialog, with what exactly goes. */}
      <Button appearance="secondary" className="review-discard-button" disabled={Boolean(blocked) || hub.busy} onClick={() => req.send({ type: 'discardTask', taskId })}>
        <i slot="start" class="codicon codicon-trash" aria-hidden="true" />
        Discard worktree
      </Button>
      <ReviewOutcome outcome={req.outcome} />
    </div>
  );
}

/** After acceptance there is nothing left to review: what happened, collapsed, and no actions. */
function AcceptedSummary({ accepted }: { accepted: NonNullable<ReviewState['accepted']> }) {
  const sha = accepted.commit?.slice(0, 7);
  const how = accepted.action === 'commit' ? 'committed' : accepted.action === 'pr' ? 'pull request opened' : accepted.action === 'squash' ? 'squash-merged' : 'merged';
  const title = `Accepted — ${how}${sha ? ` as ${sha}` : ''}`;
  return (
    <details class="review-accepted">
      <summary>
        <i class="codicon codicon-pass" aria-hidden="true" /> {title}
      </summary>
      <p class="muted">
        {accepted.branch ? `${accepted.branch} went into ${accepted.base ?? 'its base branch'}` : 'The work was committed in this workspace'}
        {accepted.action !== 'commit' && accepted.branch ? '; its worktree and branch were removed.' : '.'} Run the agent again to start new work on this task.
      </p>
    </details>
  );
}
