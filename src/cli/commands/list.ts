import { tasksInColumn } from '../../shared/ordering';
import { blockedByOf, tierOf } from '../../graph';
import type { Task } from '../../protocol/model';
import type { CommandSpec } from '../commandSpec';
import { EXIT_OK } from '../errors';
import { reviewSuffix } from '../format/changes';
import { formatCost } from '../format/summary';
import { table } from '../format/table';
import { liveChanges } from './diff';

function taskJson(t: Task, changes: Task['changes']) {
  const { id, title, description, agentStatus, agentStatusMessage, lastSessionId, executorId, costUsd, createdAt, updatedAt, worktree, prUrl, needsReview, held } = t;
  return {
    id, title, description, agentStatus, agentStatusMessage, lastSessionId, executorId, costUsd, createdAt, updatedAt, worktree, changes, prUrl, needsReview,
    blockedBy: [...blockedByOf(t)],
    tier: tierOf(t),
    verification: verificationOf(t),
    held,
  };
}

/** The three states scripts see: checks still running count as not verified yet. */
function verificationOf(t: Task): 'verified' | 'checks_failed' | 'unverified' {
  const state = t.verification?.state;
  return state === 'verified' || state === 'checks_failed' ? state : 'unverified';
}

export const listCommand: CommandSpec = {
  name: 'list',
  summary: 'Show the board: tasks by column with their agent status, worktree branch, changes and pull request',
  usage: ['list [--json]'],
  options: { json: { type: 'boolean' } },
  optionHelp: { json: 'Print { columns: [{ id, title, tasks: [...] }] } as JSON; each task carries blockedBy, tier and verification (verified, checks_failed, unverified)' },
  examples: ['viban list', 'viban list --json | jq -r ".columns[].tasks[].id"', 'viban list --json | jq -r ".columns[].tasks[] | select(.worktree) | .worktree.branch"'],
  positionals: { min: 0, max: 0, names: [] },
  async run(ctx, args) {
    const runtime = await ctx.runtime();
    const { board, problems } = runtime.board.current;
    for (const p of problems) ctx.out.info(`viban: warning: ${p.message}`);
    const columns = board.columns.map((c) => ({ ...c, tasks: tasksInColumn(board, c.id) }));
    // Worktree tasks are measured now; a task that ran in place shares the folder with everyone's
    // edits, so a per-task count there would mislead and is not shown.
    const changes = new Map(await Promise.all(board.tasks.filter((t) => t.worktree).map(async (t) => [t.id, await liveChanges(t)] as const)));
    if (args.values.json) {
      ctx.out.line(JSON.stringify({ columns: columns.map((c) => ({ id: c.id, title: c.title, tasks: c.tasks.map((t) => taskJson(t, changes.get(t.id))) })) }, null, 2));
      return EXIT_OK;
    }
    for (const column of columns) {
      ctx.out.line(ctx.out.style('bold', `${column.title} (${column.tasks.length})`));
      const rows = column.tasks.map((t) => {
        const status = t.agentStatusMessage && t.agentStatus !== 'idle' ? `${t.agentStatus} · ${t.agentStatusMessage}` : t.agentStatus;
        return [t.id, t.title, status, formatCost(t.costUsd) ?? '', reviewSuffix(t, changes.get(t.id)) ?? ''];
      });
      const review = rows.some((r) => r[4]);
      const headers = ['ID', 'TITLE', 'AGENT', 'COST', ...(review ? ['REVIEW'] : [])];
      if (rows.length) table(headers, review ? rows : rows.map((r) => r.slice(0, 4))).forEach((l) => ctx.out.line(`  ${l}`));
    }
    return EXIT_OK;
  },
};
