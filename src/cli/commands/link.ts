import type { CommandSpec } from '../commandSpec';
import { EXIT_OK } from '../errors';
import { blockedByIds } from './linkArgs';
import { describeWaits } from './graphText';

export const linkCommand: CommandSpec = {
  name: 'link',
  summary: 'Make a task wait for others: it runs only after they are done (a cycle is refused, with the cycle named)',
  usage: ['link <taskId> --blocked-by <otherId>…'],
  options: { 'blocked-by': { type: 'string', multiple: true, short: 'b' } },
  optionHelp: { 'blocked-by': 'A task it waits for; repeat it, or list several ids after it' },
  examples: ['viban link t_api --blocked-by t_migration', 'viban link t_ui --blocked-by t_api t_theme'],
  positionals: { min: 1, max: Number.MAX_SAFE_INTEGER, names: ['taskId'] },
  async run(ctx, args) {
    const { taskId, ids } = blockedByIds(args, args.values['blocked-by'], 'link');
    const runtime = await ctx.runtime();
    const board = await runtime.board.link(taskId, ids);
    ctx.out.line(describeWaits(board, taskId));
    return EXIT_OK;
  },
};
