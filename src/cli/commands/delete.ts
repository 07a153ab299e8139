import { blockedByOf, unblockedText } from '../../graph';
import { assertNotRunningElsewhere } from '../../sessions/crossProcess/liveElsewhere';
import type { CommandSpec } from '../commandSpec';
import { EXIT_OK } from '../errors';
import { requireTask } from './diff';

export const deleteCommand: CommandSpec = {
  name: 'delete',
  summary: 'Delete a task and every link to it; says which tasks no longer wait for it',
  usage: ['delete <taskId> [--json]'],
  options: { json: { type: 'boolean' } },
  optionHelp: { json: 'Print { deleted: { id, title }, unblocked: [{ id, title, blockedBy }] } as JSON' },
  examples: ['viban delete t_k3j9x2m1qa', 'viban delete t_k3j9x2m1qa --json | jq -r ".unblocked[].id"'],
  positionals: { min: 1, max: 1, names: ['taskId'] },
  async run(ctx, args) {
    const taskId = args.positionals[0];
    const runtime = await ctx.runtime();
    const task = requireTask(runtime, taskId);
    // A card deleted under its running agent would leave a session writing to a task that is gone.
    await assertNotRunningElsewhere(runtime.store, taskId);
    const { unblocked } = await runtime.board.deleteTask(taskId);
    if (args.values.json) {
      ctx.out.line(JSON.stringify({ deleted: { id: task.id, title: task.title }, unblocked: unblocked.map((t) => ({ id: t.id, title: t.title, blockedBy: [...blockedByOf(t)] })) }));
    } else {
      ctx.out.line(unblockedText(task.title, unblocked));
      if (task.worktree) ctx.out.info(`Its worktree ${task.worktree.path} (branch ${task.worktree.branch}) is kept; remove it with: git worktree remove ${task.worktree.path}`);
    }
    return EXIT_OK;
  },
};
