// The code advisor's plan, checked before anyone sees it: the shape (zod, exactly the
// `propose_plan` input), then the graph rules a schema cannot say — every key once, every
// blockedBy key a task of the same plan, no task waiting on itself, no cycle. Every problem is
// listed in one message, because that message goes back to the advisor when it is re-asked.
import { describeZodError } from '../protocol/messages';
import { AssistPlanSchema, type AssistPlan, type PlanTask } from '../protocol/assist';

export type PlanCheck = { ok: true; plan: AssistPlan } | { ok: false; problems: string[] };

/** A plan that still broke the rules after it was asked for again: nothing was created. */
export class InvalidPlanError extends Error {
  override readonly name = 'InvalidPlanError';
  constructor(readonly problems: string[], attempts: number) {
    super(`The code advisor's plan was not usable (${attempts === 1 ? 'once' : `${attempts} times`}), so nothing was created: ${problems.join('; ')}.`);
  }
}

export function checkPlan(value: unknown): PlanCheck {
  const parsed = AssistPlanSchema.safeParse(value);
  if (!parsed.success) return { ok: false, problems: [`the plan does not have the expected shape (${describeZodError(parsed.error)})`] };
  const problems = graphProblems(parsed.data.tasks);
  return problems.length ? { ok: false, problems } : { ok: true, plan: parsed.data };
}

export function graphProblems(tasks: readonly PlanTask[]): string[] {
  const problems: string[] = [];
  const keys = new Set<string>();
  for (const t of tasks) {
    if (keys.has(t.key)) problems.push(`the key "${t.key}" is used by more than one task`);
    keys.add(t.key);
  }
  for (const t of tasks) {
    for (const dep of t.blockedBy) {
      if (dep === t.key) problems.push(`task "${t.key}" is blocked by itself`);
      else if (!keys.has(dep)) problems.push(`task "${t.key}" is blocked by "${dep}", which is not a task of this plan (keys: ${[...keys].join(', ')})`);
    }
    if (new Set(t.blockedBy).size !== t.blockedBy.length) problems.push(`task "${t.key}" lists the same blockedBy key twice`);
  }
  if (problems.length) return problems;
  const cycle = findCycle(tasks);
  if (cycle) problems.push(`the tasks wait for each other in a circle: ${cycle.join(' → ')}`);
  return problems;
}

/** One cycle of blockedBy links, as keys (first repeated at the end), or undefined. */
function findCycle(tasks: readonly PlanTask[]): string[] | undefined {
  const deps = new Map(tasks.map((t) => [t.key, t.blockedBy]));
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const visit = (key: string): string[] | undefined => {
    state.set(key, 'visiting');
    path.push(key);
    for (const dep of deps.get(key) ?? []) {
      if (state.get(dep) === 'visiting') return [...path.slice(path.indexOf(dep)), dep];
      if (!state.has(dep)) {
        const found = visit(dep);
        if (found) return found;
      }
    }
    path.pop();
    state.set(key, 'done');
    return undefined;
  };
  for (const t of tasks) {
    if (state.has(t.key)) continue;
    const found = visit(t.key);
    if (found) return found;
  }
  return undefined;
}

/** Tasks in an order where each comes after what it waits for (the plan is checked: no cycle). */
export function planOrder(tasks: readonly PlanTask[]): PlanTask[] {
  const byKey = new Map(tasks.map((t) => [t.key, t]));
  const out: PlanTask[] = [];
  const seen = new Set<string>();
  const visit = (t: PlanTask) => {
    if (seen.has(t.key)) return;
    seen.add(t.key);
    for (const dep of t.blockedBy) visit(byKey.get(dep)!);
    out.push(t);
  };
  tasks.forEach(visit);
  return out;
}

/** Minutes along the longest chain of waits: what the user waits for when tasks run in parallel. */
export function criticalPathMinutes(tasks: readonly PlanTask[]): number {
  const finish = new Map<string, number>();
  for (const t of planOrder(tasks)) finish.set(t.key, t.estimateMinutes + Math.max(0, ...t.blockedBy.map((d) => finish.get(d) ?? 0)));
  return Math.max(0, ...finish.values());
}
