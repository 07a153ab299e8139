import { assertNotRunningElsewhere } from '../../sessions/crossProcess/liveElsewhere';
import type { CommandSpec } from '../commandSpec';
import { CliError, EXIT_OK } from '../errors';
import { requireTask } from './diff';

export const discardCommand: CommandSpec = {
  name: 'discard',
  summary: "Throw a task's work away: remove its worktree and branch (refuses unmerged work without --force)",
  usage: ['discard <taskId> [--force]'],
  options: { force: { type: 'boolean', short: 'f' } },
  optionHelp: { force: 'Remove it even with uncommitted changes or commits not merged into the base branch (they are lost)' },
  examples: ['viban discard t_k3j9x2m1qa', 'viban discard t_k3j9x2m1qa --force'],
  positionals: { min: 1, max: 1, names: ['taskId'] },
  async run(ctx, args) {
    const taskId = args.positionals[0];
    const force = !!args.values.force;
    const runtime = await ctx.runtime();
    const task = requireTask(runtime, taskId);
    if (!task.worktree) {
      throw new CliError(`${taskId} has no worktree to discard (only \`viban run --worktree\` makes one); what an agent changed in place in ${runtime.root} is ordinary edits there, undo them with git`);
    }
    // Removing the folder under a running agent would leave it writing into nothing.
    await assertNotRunningElsewhere(runtime.store, taskId);
    const result = await runtime.review.discard(taskId, force);
    if (!result.ok) {
      throw new CliError(`not discarded: ${result.message.replace(/\.$/, '')}${result.needsForce ? `; pass --force to discard it anyway (that work is lost)` : ''}`);
    }
    ctx.out.line(result.message);
    return EXIT_OK;
  },
};
