import { existsSync } from 'node:fs';
import { repoInfo } from '../../git';
import type { Task } from '../../protocol/model';
import { assertNotRunningElsewhere } from '../../sessions/crossProcess/liveElsewhere';
import type { FolderRuntime } from '../../app/folderRuntime';
import { oneOf } from '../args';
import type { CommandSpec } from '../commandSpec';
import type { CliContext } from '../context';
import { CliError, UsageError } from '../errors';
import { changeSummary } from '../format/changes';
import { streamSession } from '../session/streamRun';
import { requireTask } from './diff';
import { MODES, MODE_HELP, requireTerminalForAsk } from './runModes';
import { runRemote } from '../remote/runRemote';

type Worktree = NonNullable<Task['worktree']>;

export const runCommand: CommandSpec = {
  name: 'run',
  summary: 'Run an agent on a task and stream what it does (exit 0 succeeded, 1 failed, 130 stopped)',
  usage: [
    'run <taskId> [--executor ID] [--mode ask|auto-edit|plan|full-auto] [--model M] [--worktree [--base BRANCH]] [--json]',
    'run <taskId> --remote github [--detach] [--executor ID] [--mode auto-edit|plan|full-auto] [--model M] [--base BRANCH]',
  ],
  options: {
    executor: { type: 'string', short: 'e' },
    mode: { type: 'string', short: 'm' },
    model: { type: 'string' },
    worktree: { type: 'boolean' },
    base: { type: 'string' },
    json: { type: 'boolean' },
    remote: { type: 'string' },
    detach: { type: 'boolean' },
  },
  optionHelp: {
    executor: 'Which agent (see `viban executors`); default: executors.default in .viban/settings.json, else claude-code',
    mode: `${MODE_HELP}. Default: ask`,
    model: 'Model name passed to the agent (e.g. sonnet)',
    worktree: "Work in the task's own git worktree on a new branch viban/<id>-<title>, leaving your checkout alone (review with viban diff / accept / discard)",
    base: 'Branch the worktree starts from and is merged back into (default: the current branch); needs --worktree',
    json: 'Print one normalized log entry (JSON) per line instead of the human view',
    remote: 'Run on GitHub Actions instead of here (`github`): the workflow from `viban remote init github` runs the task, pushes viban/<id>-<title> and opens a pull request; default mode there: auto-edit',
    detach: 'With --remote: return once the run is dispatched (follow it with `viban remote status`)',
  },
  examples: [
    'viban run t_k3j9x2m1qa',
    'viban run t_k3j9x2m1qa --mode auto-edit --model sonnet',
    'viban run t_k3j9x2m1qa --worktree --base main --mode auto-edit',
    'viban run t_k3j9x2m1qa --mode plan --json | jq -c "select(.kind == \\"tool_use\\")"',
    'viban run t_k3j9x2m1qa --remote github',
  ],
  positionals: { min: 1, max: 1, names: ['taskId'] },
  async run(ctx, args) {
    if (args.values.remote !== undefined) return runRemote(ctx, args, runCommand);
    if (args.values.detach) throw new UsageError('--detach goes with --remote github', 'run');
    const taskId = args.positionals[0];
    const mode = oneOf(args.values.mode, MODES, 'mode', 'run') ?? 'ask';
    const base = typeof args.values.base === 'string' ? args.values.base : undefined;
    if (base !== undefined && !args.values.worktree) throw new UsageError('--base names the branch a worktree starts from; add --worktree', 'run');
    requireTerminalForAsk(ctx, mode, 'run');
    const executorId = typeof args.values.executor === 'string' ? args.values.executor : await ctx.defaultExecutorId();
    const registry = await ctx.registry();
    if (!registry.get(executorId)) {
      throw new UsageError(`unknown executor "${executorId}"; known: ${registry.list().map((e) => e.id).join(', ')} (see \`viban executors\`)`, 'run');
    }
    const runtime = await ctx.runtime();
    const task = requireTask(runtime, taskId);
    await assertNotRunningElsewhere(runtime.store, taskId);
    const place = await workPlace(ctx, runtime, task, !!args.values.worktree, base);
    const model = typeof args.values.model === 'string' ? args.values.model : undefined;
    const json = !!args.values.json;
    if (place.worktree) say(ctx, json, ctx.out.style('dim', `Worktree ${place.worktree.path} · branch ${place.worktree.branch} (from ${place.worktree.base})`));
    const code = await streamSession(ctx, (rt) => rt.sessions.start({ taskId, executorId, permissionMode: mode, model, cwd: place.cwd, worktree: place.worktree }), { json });
    if (place.worktree) await reportChanges(ctx, runtime, taskId, json);
    return code;
  },
};

/** Where the agent works: the task's worktree (made on its first --worktree run), or the folder itself. */
async function workPlace(ctx: CliContext, runtime: FolderRuntime, task: Task, wanted: boolean, base: string | undefined): Promise<{ cwd: string; worktree?: Worktree }> {
  const existing = task.worktree;
  if (existing) {
    // A task keeps working where its earlier runs left their changes, so the review sees one place.
    if (!existsSync(existing.path)) {
      throw new CliError(`the worktree of ${task.id} (${existing.path}) is gone; \`viban discard ${task.id}\` forgets it, then run again`);
    }
    if (!wanted) ctx.out.info(`${task.id} already has a worktree: the agent continues there (\`viban discard ${task.id}\` drops it).`);
    if (base !== undefined && base !== existing.base) ctx.out.info(`${task.id} already works on ${existing.branch} from ${existing.base}; --base ${base} is ignored.`);
    return { cwd: existing.path, worktree: existing };
  }
  if (!wanted) return { cwd: runtime.root };
  await requireGitForWorktree(runtime.root);
  return runtime.review.prepareRun(task.id, 'worktree', base);
}

async function requireGitForWorktree(root: string): Promise<void> {
  const info = await repoInfo(root);
  const instead = `or run without --worktree to let the agent work in ${root} itself`;
  if (!info.isRepo) {
    if (info.reason === 'not-a-repo') {
      throw new CliError(`--worktree needs git: ${root} is not a git repository, so the task cannot get its own worktree and branch; run \`git init\` and make a first commit, ${instead}`);
    }
    throw new CliError(`--worktree is not available: ${info.explanation}`);
  }
  if (!info.head) throw new CliError(`--worktree needs a first commit: ${root} has no commits yet, so there is nothing to start the task's branch from; commit once, ${instead}`);
}

async function reportChanges(ctx: CliContext, runtime: FolderRuntime, taskId: string, json: boolean): Promise<void> {
  try {
    const state = await runtime.review.review(taskId);
    if (state.error) return ctx.out.info(`viban: warning: ${state.error}`);
    const next = state.files.length ? `review: viban diff ${taskId} · viban accept ${taskId} · viban discard ${taskId}` : `viban discard ${taskId} removes the worktree`;
    say(ctx, json, `${state.worktree?.branch ?? 'worktree'}: ${state.files.length ? changeSummary(state.summary) : 'no changes'} · ${next}`);
  } catch (err) {
    ctx.out.info(`viban: warning: could not compute the changes: ${(err as Error).message}`);
  }
}

/** The human view prints on stdout; with --json, stdout carries log entries only. */
function say(ctx: CliContext, json: boolean, text: string): void {
  if (json) ctx.out.info(text);
  else ctx.out.line(text);
}
