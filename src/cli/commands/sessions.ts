import type { CommandSpec } from '../commandSpec';
import { EXIT_OK } from '../errors';
import { formatCost } from '../format/summary';
import { table, truncate } from '../format/table';

/** "2025-01-31 14:05" in local time: sortable, short, unambiguous enough for a list. */
export function shortTime(iso: string | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

export const sessionsCommand: CommandSpec = {
  name: 'sessions',
  summary: 'List agent sessions (all, or one task\'s), oldest first',
  usage: ['sessions [taskId] [--json]'],
  options: { json: { type: 'boolean' } },
  optionHelp: { json: 'Print the session metadata as a JSON array' },
  examples: ['viban sessions', 'viban sessions t_k3j9x2m1qa'],
  positionals: { min: 0, max: 1, names: ['taskId'] },
  async run(ctx, args) {
    const runtime = await ctx.runtime();
    const taskId = args.positionals[0];
    const metas = await runtime.store.list(taskId ? { taskId } : undefined);
    if (args.values.json) {
      ctx.out.line(JSON.stringify(metas, null, 2));
      return EXIT_OK;
    }
    if (!metas.length) {
      ctx.out.info(taskId ? `No sessions for task ${taskId}.` : 'No sessions yet. Start one with `viban run <taskId>`.');
      return EXIT_OK;
    }
    const titles = new Map(runtime.board.current.board.tasks.map((t) => [t.id, t.title]));
    const rows = metas.map((m) => [
      m.id,
      titles.has(m.taskId) ? `${m.taskId} ${truncate(titles.get(m.taskId)!, 30)}` : m.taskId,
      m.executorId,
      m.status,
      formatCost(m.costUsd) ?? '',
      shortTime(m.startedAt ?? m.createdAt),
    ]);
    table(['ID', 'TASK', 'EXECUTOR', 'STATUS', 'COST', 'STARTED'], rows).forEach((l) => ctx.out.line(l));
    return EXIT_OK;
  },
};
