import type { CommandSpec } from '../commandSpec';
import { EXIT_OK } from '../errors';

export const addCommand: CommandSpec = {
  name: 'add',
  summary: 'Create a task in the first column (prints its id on the last line)',
  usage: ['add <title> [--description TEXT]'],
  options: { description: { type: 'string', short: 'd' } },
  optionHelp: { description: 'The task description: what the agent should do, in detail' },
  examples: ['viban add "Fix the flaky login test"', 'id=$(viban add "Add a dark theme" -d "Use the VS Code theme variables" | tail -n 1)'],
  positionals: { min: 1, max: 1, names: ['title'] },
  async run(ctx, args) {
    const runtime = await ctx.runtime();
    const title = args.positionals[0];
    const description = typeof args.values.description === 'string' ? args.values.description : undefined;
    const id = await runtime.board.createTask({ title, description });
    const board = runtime.board.current.board;
    const task = board.tasks.find((t) => t.id === id);
    const column = board.columns.find((c) => c.id === task?.columnId);
    ctx.out.line(`Added "${task?.title ?? title}" to ${column?.title ?? 'the board'}.`);
    // Last line, alone: scripts take it with `tail -n 1`.
    ctx.out.line(id);
    return EXIT_OK;
  },
};
