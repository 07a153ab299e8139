import type { CommandSpec } from '../commandSpec';
import { EXIT_OK } from '../errors';
import { requireTask } from './diff';

export const releaseCommand: CommandSpec = {
  name: 'release',
  summary: 'Let a task held by a failed prerequisite run without it (a running run-all starts it; later run-alls no longer hold it)',
  usage: ['release <taskId>'],
  options: {},
  optionHelp: {},
  examples: ['viban release t_k3j9x2m1qa && viban run-all'],
  positionals: { min: 1, max: 1, names: ['taskId'] },
  async run(ctx, args) {
    const taskId = args.positionals[0];
    const runtime = await ctx.runtime();
    const task = requireTask(runtime, taskId);
    const reason = task.held;
    await runtime.board.release(taskId);
    ctx.out.line(`Released "${task.title}" (${reason}): it runs without waiting for its failed prerequisites.`);
    return EXIT_OK;
  },
};
