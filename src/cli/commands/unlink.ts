import type { CommandSpec } from '../commandSpec';
import { EXIT_OK } from '../errors';
import { blockedByIds } from './linkArgs';
import { describeWaits } from './graphText';

export const unlinkCommand: CommandSpec = {
  name: 'unlink',
  summary: 'Stop a task waiting for others',
  usage: ['unlink <taskId> --blocked-by <otherId>…'],
  options: { 'blocked-by': { type: 'string', multiple: true, short: 'b' } },
  optionHelp: { 'blocked-by': 'A task it should no longer wait for; repeat it, or list several ids after it' },
  examples: ['viban unlink t_api --blocked-by t_migration'],
  positionals: { min: 1, max: Number.MAX_SAFE_INTEGER, names: ['taskId'] },
  async run(ctx, args) {
    const { taskId, ids } = blockedByIds(args, args.values['blocked-by'], 'unlink');
    const runtime = await ctx.runtime();
    const board = await runtime.board.unlink(taskId, ids);
    ctx.out.line(describeWaits(board, taskId));
    return EXIT_OK;
  },
};
