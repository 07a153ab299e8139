// "About $0.40": a plan's cost estimated honestly, from what agent runs have cost per minute in this
// workspace (the sessions' recorded cost over their recorded duration), times the minutes the
// advisor estimated for all its tasks. With fewer than MIN_RUNS priced runs there is too little
// to go on, and Assist says nothing about cost rather than guess a token rate.
import type { AssistPlan } from '../protocol/assist';
import type { PlanCost } from '../protocol/assistMessages';
import type { SessionMeta } from '../protocol/sessions';

export const MIN_RUNS = 3;
/** Only recent runs: what the agents cost changes with the models and prices. */
const RECENT_RUNS = 50;

export interface CostRate {
  usdPerMinute: number;
  runs: number;
}

/** $/minute of the recent finished runs that recorded a cost and a duration; undefined when too few. */
export function costRate(sessions: readonly SessionMeta[]): CostRate | undefined {
  const priced = sessions
    .filter((s) => s.costUsd !== undefined && s.costUsd > 0 && s.startedAt && s.endedAt)
    .map((s) => ({ usd: s.costUsd!, minutes: (Date.parse(s.endedAt!) - Date.parse(s.startedAt!)) / 60_000, at: s.endedAt! }))
    .filter((r) => Number.isFinite(r.minutes) && r.minutes > 0)
    .sort((a, b) => a.at.localeCompare(b.at))
    .slice(-RECENT_RUNS);
  if (priced.length < MIN_RUNS) return undefined;
  const usd = priced.reduce((n, r) => n + r.usd, 0);
  const minutes = priced.reduce((n, r) => n + r.minutes, 0);
  return { usdPerMinute: usd / minutes, runs: priced.length };
}

/** Every task's minutes cost money, including those that run in parallel. */
export function planCost(plan: AssistPlan, rate: CostRate | undefined): PlanCost | undefined {
  if (!rate || !plan.tasks.length) return undefined;
  const minutes = plan.tasks.reduce((n, t) => n + t.estimateMinutes, 0);
  return { usd: Math.round(minutes * rate.usdPerMinute * 100) / 100, runs: rate.runs };
}
