import { existsSync } from 'node:fs';
import { repoInfo } from '../../git';
import { pickRunFor } from '../../graph';
import type { Task } from '../../protocol/model';
import { assertNotRunningElsewhere } from '../../sessions/crossProcess/liveElsewhere';
import type { FolderRuntime } from '../../app/folderRuntime';
import { oneOf } from '../args';
import type { CommandSpec } from '../commandSpec';
import type { CliContext } from '../context';
import { CliError, EXIT_FAILED, EXIT_OK, UsageError } from '../errors';
import { checksConfigured, verifyPlainSession } from '../../app/plainRunChecks';
import type { RunRequest } from '../../queue/runQueue';
import { workersOverview } from '../../workers/workersOverview';
import { NO_WORKER_MESSAGE } from '../../workers/workerHealth';
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
    'run <taskId> [--executor ID] [--mode ask|auto-edit|plan|full-auto] [--model M] [--worktree [--base BRANCH]] [--json] [--detach]',
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
    detach: { type: 'boolean', short: 'd' },
  },
  optionHelp: {
    executor: "Which agent (see `viban executors`); default: the task's tier in .viban/settings.json `tiers`, else executors.default, else claude-code",
    mode: `${MODE_HELP}. Default: ask`,
    model: "Model name passed to the agent (e.g. sonnet); default: the task's tier's model",
    worktree: "Work in the task's own git worktree on a new branch viban/<id>-<title>, leaving your checkout alone (review with viban diff / accept / discard)",
    base: 'Branch the worktree starts from and is merged back into (default: the current branch); needs --worktree',
    json: 'Print one normalized log entry (JSON) per line instead of the human view',
    remote: 'Run on GitHub Actions instead of here (`github`): the workflow from `viban remote init github` runs the task, pushes viban/<id>-<title> and opens a pull request; default mode there: auto-edit',
    detach: 'Queue the run for a worker (`viban worker`, or the one VS Code starts) and return at once; the session id is printed on the last line (follow it with viban log <id> --follow). With --remote: return once the run is dispatched (follow it with `viban remote status`)',
  },
  examples: [
    'viban run t_k3j9x2m1qa',
    'viban run t_k3j9x2m1qa --mode auto-edit --model sonnet',
    'viban run t_k3j9x2m1qa --worktree --base main --mode auto-edit',
    'viban run t_k3j9x2m1qa --mode plan --json | jq -c "select(.kind == \\"tool_use\\")"',
    'viban log "$(viban run t_k3j9x2m1qa --detach --mode auto-edit | tail -1)" --follow',
    'viban run t_k3j9x2m1qa --remote github',
  ],
  positionals: { min: 1, max: 1, names: ['taskId'] },
  async run(ctx, args) {
    if (args.values.remote !== undefined) return runRemote(ctx, args, runCommand);
    const taskId = args.positionals[0];
    const mode = oneOf(args.values.mode, MODES, 'mode', 'run') ?? 'ask';
    const base = typeof args.values.base === 'string' ? args.values.base : undefined;
    if (base !== undefined && !args.values.worktree) throw new UsageError('--base names the branch a worktree starts from; add --worktree', 'run');
    const detach = !!args.values.detach;
    // A detached run's questions are answered on the board (or wherever the worker publishes them).
    if (!detach) requireTerminalForAsk(ctx, mode, 'run');
    const explicitExecutor = typeof args.values.executor === 'string' ? args.values.executor : undefined;
    const explicitModel = typeof args.values.model === 'string' ? args.values.model : undefined;
    const registry = await ctx.registry();
    const tiers = (await ctx.settings()).tiers;
    // The task's tier (settings `tiers`) picks executor and model unless given here. A missing
    // task is reported below, after the executor check, as before tiers existed.
    const tierTask = tiers && !explicitExecutor ? (await ctx.runtime()).board.current.board.tasks.find((t) => t.id === taskId) : undefined;
    const pick = tierTask
      ? pickRunFor(tierTask, tiers, { model: explicitModel }, await ctx.defaultExecutorId())
      : { executorId: explicitExecutor ?? (await ctx.defaultExecutorId()), model: explicitModel };
    const executorId = pick.executorId;
    if (!registry.get(executorId)) {
      throw new UsageError(`unknown executor "${executorId}"; known: ${registry.list().map((e) => e.id).join(', ')} (see \`viban executors\`)`, 'run');
    }
    const runtime = await ctx.runtime();
    const task = requireTask(runtime, taskId);
    await assertNotRunningElsewhere(runtime.store, taskId);
    const place = await workPlace(ctx, runtime, task, !!args.values.worktree, base);
    const model = pick.model;
    const json = !!args.values.json;
    if (place.worktree) say(ctx, json, ctx.out.style('dim', `Worktree ${place.worktree.path} · branch ${place.worktree.branch} (from ${place.worktree.base})`));
    if (detach) return queueForWorker(ctx, runtime, { taskId, executorId, permissionMode: mode, model, cwd: place.cwd, worktree: place.worktree });
    const code = await streamSession(ctx, (rt) => rt.sessions.start({ taskId, executorId, permissionMode: mode, model, cwd: place.cwd, worktree: place.worktree }), { json });
    const checked = code === EXIT_OK ? await runChecks(ctx, runtime, taskId, json) : code;
    if (place.worktree) await reportChanges(ctx, runtime, taskId, json);
    return checked;
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
/** Verify-and-fix after a succeeded run, when `verify.commands` is configured (see app/plainRunChecks.ts). */
async function runChecks(ctx: CliContext, runtime: FolderRuntime, taskId: string, json: boolean): Promise<number> {
  const settings = (await ctx.settings()).verify;
  const sessionId = runtime.board.current.board.tasks.find((t) => t.id === taskId)?.lastSessionId;
  if (!sessionId || !checksConfigured(settings)) return EXIT_OK;
  say(ctx, json, ctx.out.style('dim', `Checking: ${settings.commands.join(', ')}`));
  const result = await verifyPlainSession(runtime, taskId, sessionId, settings);
  if (!result || result.ok) {
    if (result && !result.skipped) say(ctx, json, 'Verified ✓');
    return EXIT_OK;
  }
  say(ctx, json, result.reason);
  return EXIT_FAILED;
}

function say(ctx: CliContext, json: boolean, text: string): void {
  if (json) ctx.out.info(text);
  else ctx.out.line(text);
}

/** --detach: queue the run and return; the session id (reserved now) is the last line on stdout. */
async function queueForWorker(ctx: CliContext, runtime: FolderRuntime, req: RunRequest): Promise<number> {
  const queue = await runtime.openQueue({ runHere: false, queue: { watch: false } });
  const queued = await queue.startRun(req);
  const sessionId = queued.reservedSessionId ?? queued.sessionId;
  if (!sessionId) throw new CliError('the run was queued but has no session id; see `viban workers` and the board');
  const place = queued.position !== undefined ? `#${queued.position} in line` : queued.job.status;
  ctx.out.info(`Queued task ${req.taskId} for a worker (job ${queued.job.id}, ${place}). Follow it: viban log ${sessionId} --follow`);
  const { live } = await workersOverview(ctx.workspace);
  if (live === 0) ctx.out.info(`${NO_WORKER_MESSAGE}: viban worker (the run waits in the queue until one does)`);
  ctx.out.line(sessionId);
  return EXIT_OK;
}
