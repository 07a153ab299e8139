import type { AcceptAction } from '../../protocol/review';
import { assertNotRunningElsewhere } from '../../sessions/crossProcess/liveElsewhere';
import type { CommandSpec } from '../commandSpec';
import { CliError, EXIT_FAILED, EXIT_OK, UsageError } from '../errors';
import { changeSummary } from '../format/changes';
import { requireTask } from './diff';

const ACTIONS: readonly AcceptAction[] = ['squash', 'merge', 'pr', 'commit'];

export const acceptCommand: CommandSpec = {
  name: 'accept',
  summary: "Accept a task's work: squash-merge, merge, open a pull request, or commit in place",
  usage: ['accept <taskId> [--squash | --merge | --pr | --commit] [--message TEXT]'],
  options: {
    squash: { type: 'boolean' },
    merge: { type: 'boolean' },
    pr: { type: 'boolean' },
    commit: { type: 'boolean' },
    message: { type: 'string', short: 'm' },
  },
  optionHelp: {
    squash: "One commit on the base branch with the task's changes; removes the worktree and branch (default for worktree tasks)",
    merge: 'A merge commit (--no-ff) of the task branch into its base; removes the worktree and branch',
    pr: 'Commit, push the task branch to origin and open a pull request with gh; the worktree stays',
    commit: 'Commit the changes where they are: in the worktree, or in place (default for tasks run in place)',
    message: "Commit message (default: the task title and the agent's final summary — see `viban diff --json`)",
  },
  examples: [
    'viban accept t_k3j9x2m1qa',
    'viban accept t_k3j9x2m1qa --merge --message "Fix the login redirect"',
    'viban accept t_k3j9x2m1qa --pr',
  ],
  positionals: { min: 1, max: 1, names: ['taskId'] },
  async run(ctx, args) {
    const taskId = args.positionals[0];
    const chosen = ACTIONS.filter((a) => args.values[a]);
    if (chosen.length > 1) throw new UsageError(`choose one of --squash, --merge, --pr, --commit (got ${chosen.map((a) => `--${a}`).join(' and ')})`, 'accept');
    const given = typeof args.values.message === 'string' ? args.values.message : undefined;
    if (given !== undefined && !given.trim()) throw new UsageError('--message is empty', 'accept');

    const runtime = await ctx.runtime();
    const task = requireTask(runtime, taskId);
    const wt = task.worktree;
    const action = chosen[0] ?? (wt ? 'squash' : 'commit');
    if (!wt && action !== 'commit') {
      throw new CliError(`--${action} needs the task's own branch, but ${taskId} has none: its agent works in place in ${runtime.root}; accept it with --commit (or give it a branch with \`viban run ${taskId} --worktree\`)`);
    }
    // Committing under an agent that is still writing would take half its work.
    await assertNotRunningElsewhere(runtime.store, taskId);
    const state = await runtime.review.review(taskId);
    if (!state.git.isRepo) throw new CliError(`nothing to accept: ${state.git.explanation ?? `${runtime.root} is not a git repository`}`);
    if (state.error) throw new CliError(state.error);
    if (!state.files.length) {
      throw new CliError(`nothing to accept: ${taskId} changed no file${wt ? ` on ${wt.branch} (remove it with \`viban discard ${taskId}\`)` : ''}`);
    }

    const result = await runtime.review.accept(taskId, action, given ?? state.proposedMessage);
    if (!result.ok) {
      ctx.out.error(result.message);
      if (wt && action === 'pr') ctx.out.info(`The branch ${wt.branch} and its worktree ${wt.path} are kept; run \`viban accept ${taskId} --pr\` again once that is fixed.`);
      if (result.conflictFiles?.length && wt) {
        ctx.out.info(`To resolve: merge ${wt.base} into the task branch in ${wt.path} (git -C ${wt.path} merge ${wt.base}), fix the files, commit, then accept again.`);
      }
      return EXIT_FAILED;
    }
    const { out } = ctx;
    out.line(out.style('green', `✓ ${result.message}`));
    out.line(`  ${changeSummary(state.summary)}${result.commit ? ` · commit ${result.commit.slice(0, 7)}` : ''}`);
    const after = runtime.board.current.board;
    const moved = after.tasks.find((t) => t.id === taskId);
    if (moved && moved.columnId !== task.columnId) out.line(`  Moved to ${after.columns.find((c) => c.id === moved.columnId)?.title ?? moved.columnId}.`);
    return EXIT_OK;
  },
};
