import { parseTier, pickRunFor } from '../../graph';
import type { CommandSpec } from '../commandSpec';
import { EXIT_OK } from '../errors';

export const tierCommand: CommandSpec = {
  name: 'tier',
  summary: "Set a task's model tier (A, B or C): its runs use the tier's executor and model from .viban/settings.json `tiers`",
  usage: ['tier <taskId> <A|B|C>'],
  options: {},
  optionHelp: {},
  examples: ['viban tier t_k3j9x2m1qa A', 'viban tier t_k3j9x2m1qa C   # the strongest model, for hard debugging'],
  positionals: { min: 2, max: 2, names: ['taskId', 'tier'] },
  async run(ctx, args) {
    const [taskId, raw] = args.positionals;
    const tier = parseTier(raw);
    const runtime = await ctx.runtime();
    const board = await runtime.board.setTier(taskId, tier);
    const task = board.tasks.find((t) => t.id === taskId)!;
    const pick = pickRunFor(task, (await ctx.settings()).tiers, {}, await ctx.defaultExecutorId());
    ctx.out.line(`"${task.title}" is tier ${tier}: its runs use ${pick.executorId}${pick.model ? ` with model ${pick.model}` : ''}.`);
    return EXIT_OK;
  },
};
