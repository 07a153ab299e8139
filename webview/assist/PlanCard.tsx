// The confirmation card: the plan in plain words ("I'll add a --json flag: … About 8 minutes,
// about $0.40. Start?") with Start, Change and Not now; the tasks, tiers and graph wait behind
// Details. Once answered, the same plan shows without the buttons.
import type { AssistPlan } from '../../src/protocol/assist';
import type { PlanCost } from '../../src/protocol/assistMessages';
import { formatCost } from '../../src/shared/format';
import { Button } from '../ui/Button';

export interface PlanCardProps {
  text: string;
  plan: AssistPlan;
  cost?: PlanCost;
  /** Still waiting for an answer: the buttons show. */
  pending: boolean;
  disabled: boolean;
  onStart(): void;
  onChange(): void;
  onNotNow(): void;
}

/** "About 6 minutes." + ", about $0.40" when it can be estimated. */
export function planText(text: string, cost: PlanCost | undefined): string {
  if (!cost) return text;
  return text.replace(/(About \d+ minutes?)\.$/, `$1, about ${formatCost(cost.usd)}.`);
}

export function PlanCard({ text, plan, cost, pending, disabled, onStart, onChange, onNotNow }: PlanCardProps) {
  const title = new Map(plan.tasks.map((t) => [t.key, t.title]));
  return (
    <div class={pending ? 'assist-plan-card pending' : 'assist-plan-card'} role="group" aria-label="Plan">
      <p class="assist-plan-text">
        {planText(text, cost)}
        {pending && ' Start?'}
      </p>
      {cost && (
        <p class="assist-note">
          The cost is estimated from what {cost.runs} runs here cost per minute.
        </p>
      )}
      {pending && (
        <div class="assist-plan-actions">
          <Button onClick={onStart} disabled={disabled}>Start</Button>
          <Button appearance="secondary" onClick={onChange} disabled={disabled}>Change</Button>
          <Button appearance="secondary" onClick={onNotNow} disabled={disabled}>Not now</Button>
        </div>
      )}
      <details class="assist-details">
        <summary>Details</summary>
        <ol class="assist-tasks">
          {plan.tasks.map((t) => (
            <li key={t.key} data-key={t.key}>
              <span class="assist-task-title">{t.title}</span>
              <span class="assist-task-meta">
                {' '}tier {t.tier} · about {t.estimateMinutes} min
                {t.blockedBy.length > 0 && ` · after ${t.blockedBy.map((k) => `"${title.get(k) ?? k}"`).join(' and ')}`}
              </span>
              {t.description && <div class="assist-task-desc">{t.description}</div>}
              {t.acceptance && <div class="assist-task-desc">Done when: {t.acceptance}</div>}
            </li>
          ))}
        </ol>
        {plan.risks.length > 0 && (
          <div class="assist-risks">
            Risks:
            <ul>{plan.risks.map((r, i) => <li key={i}>{r}</li>)}</ul>
          </div>
        )}
        {plan.questions.length > 0 && <div class="assist-risks">Open questions: {plan.questions.join(' ')}</div>}
      </details>
    </div>
  );
}
