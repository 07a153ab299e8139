// A task's model tier (A/B/C): which executor and model its runs pick unless chosen explicitly.
import { DEFAULT_TIER, TierSchema, type Board, type Tier } from '../protocol/model';
import { GraphRuleError } from './graphRules';

export function parseTier(raw: string): Tier {
  const r = TierSchema.safeParse(raw.toUpperCase());
  if (!r.success) throw new GraphRuleError(`A tier is A, B or C (got "${raw}").`);
  return r.data;
}

/** The default tier is stored as no field, so untouched tasks keep their JSON. */
export function setTaskTier(board: Board, taskId: string, tier: Tier, now: string): Board {
  if (!board.tasks.some((t) => t.id === taskId)) throw new GraphRuleError(`There is no task "${taskId}" on this board (it may have been deleted in another window).`);
  return {
    ...board,
    tasks: board.tasks.map((t) => {
      if (t.id !== taskId) return t;
      const { tier: _old, ...rest } = t;
      return { ...rest, ...(tier !== DEFAULT_TIER && { tier }), updatedAt: now };
    }),
  };
}
