import { tasksInColumn } from '../../shared/ordering';
import type { CommandSpec } from '../commandSpec';
import { CliError } from '../errors';
import { requireTask } from './diff';
import { followRuns } from './runs';

export const moveCommand: CommandSpec = {
  name: 'move',
  summary: 'Move a card to a column, like a drag: a recipe on that column runs (exit 1 if its stage run fails)',
  usage: ['move <taskId> <columnId|title> [--json]'],
  options: { json: { type: 'boolean' } },
  optionHelp: { json: 'Print each stage run that ends as one JSON line' },
  examples: ['viban move t_k3j9x2m1qa in-progress', 'viban move t_k3j9x2m1qa "In Review"'],
  positionals: { min: 2, max: 2, names: ['taskId', 'columnId|title'] },
  async run(ctx, args) {
    const [taskId, target] = args.positionals;
    const runtime = await ctx.runtime({ stageRuns: true });
    const task = requireTask(runtime, taskId);
    const { board } = runtime.board.current;
    const column = board.columns.find((c) => c.id === target) ?? board.columns.find((c) => c.title.toLowerCase() === target.toLowerCase());
    if (!column) throw new CliError(`there is no column "${target}" (columns: ${board.columns.map((c) => `${c.id} "${c.title}"`).join(', ')})`);
    if (task.columnId === column.id) {
      ctx.out.info(`${taskId} is already in "${column.title}".`);
      return 0;
    }
    const live = await runtime.automation.runs.live(taskId);
    if (live && live.columnId === task.columnId && live.status === 'running') {
      throw new CliError(`${taskId} has a running stage run (${live.id}) in its column; cancel it first: viban runs cancel ${live.id}`);
    }
    await runtime.board.moveTask(taskId, column.id, tasksInColumn(runtime.board.current.board, column.id).length, { by: { kind: 'user' }, why: 'viban move' });
    ctx.out.info(`Moved ${taskId} to "${column.title}".`);
    return followRuns(ctx, runtime, !!args.values.json);
  },
};
