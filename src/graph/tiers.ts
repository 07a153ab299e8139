// Model tiers: A, B and C each name an executor and a model (`viban.tiers`, or `tiers` in
// .viban/settings.json). A run uses its task's tier unless the person chose explicitly: an
// explicit executor wins (and then the tier's model, which belongs to the tier's executor, is not
// used), an explicit model wins over the tier's model.
import { z } from 'zod';
import type { Task, Tier } from '../protocol/model';
import { tierOf } from './graphIndex';

export const TierChoiceSchema = z.object({ executor: z.string().min(1).optional(), model: z.string().min(1).optional() }).strict();
export type TierChoice = z.infer<typeof TierChoiceSchema>;
export const TiersSchema = z.object({ A: TierChoiceSchema.optional(), B: TierChoiceSchema.optional(), C: TierChoiceSchema.optional() }).strict();
export type Tiers = z.infer<typeof TiersSchema>;

export interface PickedRun {
  executorId: string;
  model?: string;
  tier: Tier;
  /** Where the executor came from, for the line that announces the run. */
  from: 'explicit' | 'tier' | 'default';
}

export function pickRunFor(task: Task, tiers: Tiers | undefined, explicit: { executorId?: string; model?: string }, defaultExecutorId: string): PickedRun {
  const tier = tierOf(task);
  const choice = tiers?.[tier] ?? {};
  if (explicit.executorId) {
    const sameExecutor = choice.executor === explicit.executorId;
    const model = explicit.model ?? (sameExecutor ? choice.model : undefined);
    return { executorId: explicit.executorId, tier, from: 'explicit', ...(model && { model }) };
  }
  const executorId = choice.executor ?? defaultExecutorId;
  // A tier that names only a model means "the default executor, with this model".
  const model = explicit.model ?? choice.model;
  return { executorId, tier, from: choice.executor || choice.model ? 'tier' : 'default', ...(model && { model }) };
}
