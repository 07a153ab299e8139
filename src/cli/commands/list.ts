import { tasksInColumn } from '../../board/ordering';
import type { Task } from '../../protocol/model';
import type { CommandSpec } from '../commandSpec';
import { EXIT_OK } from '../errors';
import { formatCost } from '../format/summary';
import { table } from '../format/table';

function taskJson(t: Task) {
  const { id, title, description, agentStatus, agentStatusMessage, lastSessionId, executorId, costUsd, createdAt, updatedAt } = t;
  return { id, title, description, agentStatus, agentStatusMessage, lastSessionId, executorId, costUsd, createdAt, updatedAt };
}

export const listCommand: CommandSpec = {
  name: 'list',
  summary: 'Show the board: tasks by column with their agent status',
  usage: ['list [--json]'],
  options: { json: { type: 'boolean' } },
  optionHelp: { json: 'Print { columns: [{ id, title, tasks: [...] }] } as JSON' },
  examples: ['viban list', 'viban list --json | jq -r ".columns[].tasks[].id"'],
  positionals: { min: 0, max: 0, names: [] },
  async run(ctx, args) {
    const runtime = await ctx.runtime();
    const { board, problems } = runtime.board.current;
    for (const p of problems) ctx.out.info(`viban: warning: ${p.message}`);
    const columns = board.columns.map((c) => ({ ...c, tasks: tasksInColumn(board, c.id) }));
    if (args.values.json) {
      ctx.out.line(JSON.stringify({ columns: columns.map((c) => ({ id: c.id, title: c.title, tasks: c.tasks.map(taskJson) })) }, null, 2));
      return EXIT_OK;
    }
    for (const column of columns) {
      ctx.out.line(ctx.out.style('bold', `${column.title} (${column.tasks.length})`));
      const rows = column.tasks.map((t) => {
        const status = t.agentStatusMessage && t.agentStatus !== 'idle' ? `${t.agentStatus} · ${t.agentStatusMessage}` : t.agentStatus;
        return [t.id, t.title, status, formatCost(t.costUsd) ?? ''];
      });
      if (rows.length) table(['ID', 'TITLE', 'AGENT', 'COST'], rows).forEach((l) => ctx.out.line(`  ${l}`));
    }
    return EXIT_OK;
  },
};
