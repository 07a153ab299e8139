import { changedFiles } from '../../git';
import type { Task } from '../../protocol/model';
import type { FolderRuntime } from '../../app/folderRuntime';
import type { CommandSpec } from '../commandSpec';
import { CliError, EXIT_OK } from '../errors';
import { changeSummary, fileRows } from '../format/changes';
import { table } from '../format/table';

/** The task, or the one-line error every command gives for an unknown id. */
export function requireTask(runtime: FolderRuntime, taskId: string): Task {
  const task = runtime.board.current.board.tasks.find((t) => t.id === taskId);
  if (!task) throw new CliError(`there is no task "${taskId}" on the board in ${runtime.root} (see \`viban list\`)`);
  return task;
}

/**
 * What a worktree task changed, measured now (the agent or the user may have edited since the
 * board last recorded it); the recorded summary when git cannot tell. Read-only: no gh, no writes.
 */
export async function liveChanges(task: Task): Promise<Task['changes']> {
  if (!task.worktree) return undefined;
  try {
    const { files } = await changedFiles({ worktree: task.worktree.path, base: task.worktree.base });
    const mine = files.filter((f) => !f.path.startsWith('.viban/'));
    return { files: mine.length, insertions: mine.reduce((n, f) => n + f.insertions, 0), deletions: mine.reduce((n, f) => n + f.deletions, 0) };
  } catch {
    return task.changes;
  }
}

export const diffCommand: CommandSpec = {
  name: 'diff',
  summary: "Show what a task's agent changed: in its worktree against the base branch, or in place against HEAD",
  usage: ['diff <taskId> [--json]'],
  options: { json: { type: 'boolean' } },
  optionHelp: { json: 'Print { taskId, mode, worktree, files: [{ path, status, insertions, deletions, binary }], summary, proposedMessage } as JSON' },
  examples: ['viban diff t_k3j9x2m1qa', 'viban diff t_k3j9x2m1qa --json | jq -r ".files[].path"'],
  positionals: { min: 1, max: 1, names: ['taskId'] },
  async run(ctx, args) {
    const taskId = args.positionals[0];
    const runtime = await ctx.runtime();
    const task = requireTask(runtime, taskId);
    const state = await runtime.review.review(taskId);
    if (!state.git.isRepo) throw new CliError(`cannot show changes: ${state.git.explanation ?? `${runtime.root} is not a git repository`}`);
    if (state.error) throw new CliError(state.error);

    if (args.values.json) {
      const { mode, worktree, files, summary, proposedMessage, prUrl, needsReview } = state;
      ctx.out.line(JSON.stringify({ taskId, mode, worktree, against: worktree?.base ?? 'HEAD', files, summary, proposedMessage, prUrl, needsReview }, null, 2));
      return EXIT_OK;
    }
    const { out } = ctx;
    const where = task.worktree
      ? `${task.worktree.branch} in ${task.worktree.path}, against ${task.worktree.base}`
      : `in place in ${runtime.root}, against HEAD`;
    out.line(out.style('bold', `${task.title} (${taskId})`) + out.style('dim', ` · ${where}`));
    if (state.needsReview) out.line(out.style('yellow', `! ${state.needsReview}`));
    if (state.prUrl) out.line(`Pull request: ${state.prUrl}`);
    if (!state.files.length) {
      out.line('No changes.');
      return EXIT_OK;
    }
    table(['', 'FILE', 'LINES'], fileRows(state.files))
      .slice(1)
      .forEach((l) => out.line(`  ${l}`));
    out.line(changeSummary(state.summary));
    out.info(`Accept with \`viban accept ${taskId}\`${task.worktree ? `, or drop it with \`viban discard ${taskId}\`` : ''}.`);
    return EXIT_OK;
  },
};
