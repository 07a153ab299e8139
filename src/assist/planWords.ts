// The plan and the outcome in plain words, as the confirmation card and the command line say them:
// "I'll add a --json flag: change the export command, add a serializer, update the README. About
// 8 minutes. Start?" — tasks, tiers and the graph stay behind Details.
import type { AssistPlan } from '../protocol/assist';
import type { Task } from '../protocol/model';
import { criticalPathMinutes, planOrder } from './planCheck';

const lowerFirst = (s: string) => (/^[A-Z][a-z]/.test(s) ? s[0].toLowerCase() + s.slice(1) : s);
const noStop = (s: string) => s.trim().replace(/[.!\s]+$/, '');

/** "I'll <summary>: <task titles>. About N minutes." (no tasks: the summary is the answer). */
export function planSentence(plan: AssistPlan): string {
  if (!plan.tasks.length) return plan.summary.trim();
  const steps = planOrder(plan.tasks).map((t) => lowerFirst(noStop(t.title)));
  return `I'll ${lowerFirst(noStop(plan.summary))}: ${steps.join(', ')}. ${aboutMinutes(plan)}.`;
}

export function aboutMinutes(plan: AssistPlan): string {
  const minutes = Math.max(1, Math.round(criticalPathMinutes(plan.tasks)));
  return `About ${minutes} minute${minutes === 1 ? '' : 's'}`;
}

/** The Details: each task with its tier, estimate and what it waits for. */
export function planDetails(plan: AssistPlan): string[] {
  const title = new Map(plan.tasks.map((t) => [t.key, t.title]));
  const lines = planOrder(plan.tasks).map((t, i) => {
    const waits = t.blockedBy.length ? `, after ${t.blockedBy.map((k) => `"${title.get(k)}"`).join(' and ')}` : '';
    return `  ${i + 1}. ${t.title} (tier ${t.tier}, ~${t.estimateMinutes} min${waits})`;
  });
  if (plan.risks.length) lines.push('  Risks:', ...plan.risks.map((r) => `  - ${r}`));
  return lines;
}

export interface PlanOutcome {
  succeeded: string[];
  failed: string[];
  held: Array<{ taskId: string; reason: string }>;
  stopped: string[];
  waiting: Array<{ taskId: string; on: string[] }>;
}

/**
 * Assist's message after the runs: what finished, and for each task that did not, what happened
 * and the next step offered ("The README task failed its checks twice — want me to look?").
 */
export function followUpMessage(outcome: PlanOutcome, tasks: readonly Task[]): string {
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const name = (id: string) => `"${byId.get(id)?.title ?? id}"`;
  const list = (ids: string[]) => (ids.length <= 2 ? ids.map(name).join(' and ') : `${ids.slice(0, -1).map(name).join(', ')} and ${name(ids[ids.length - 1])}`);
  const sentences: string[] = [];
  const allDone = outcome.succeeded.length > 0 && !outcome.failed.length && !outcome.held.length && !outcome.stopped.length && !outcome.waiting.length;
  if (outcome.succeeded.length) sentences.push(`${allDone ? 'Done' : 'Finished'}: ${list(outcome.succeeded)}.`);
  for (const id of outcome.failed) {
    const t = byId.get(id);
    const checks = t?.verification?.state === 'checks_failed';
    const times = t?.verification?.attempts ?? 1;
    const how = checks ? `failed its checks${times === 2 ? ' twice' : times > 2 ? ` ${times} times` : ''}` : `failed${t?.agentStatusMessage ? ` (${t.agentStatusMessage.split('\n')[0].slice(0, 120)})` : ''}`;
    sentences.push(`${name(id)} ${how} — want me to look?`);
  }
  for (const h of outcome.held) sentences.push(`${name(h.taskId)} is on hold: ${h.reason}.`);
  if (outcome.stopped.length) sentences.push(`Stopped: ${list(outcome.stopped)}.`);
  for (const w of outcome.waiting) sentences.push(`${name(w.taskId)} still waits for ${list(w.on)}.`);
  return sentences.join(' ') || 'Nothing ran: every task of the plan was already done.';
}
