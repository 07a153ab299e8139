import type { Outcome } from './useReviewRequest';

/** A request's answer in place: an error is spoken at once, a success politely. */
export function ReviewOutcome({ outcome }: { outcome: Outcome | null }) {
  if (!outcome) return null;
  return outcome.ok ? (
    <p class="review-done" role="status">
      <i class="codicon codicon-pass" aria-hidden="true" /> {outcome.text}
    </p>
  ) : (
    <p class="form-error review-error" role="alert">
      {outcome.text}
    </p>
  );
}
