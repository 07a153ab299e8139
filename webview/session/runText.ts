// The confirmation card's words: what will happen, in plain language.
import type { ExecutorInfo, RunConfig } from '../../src/protocol/messages';
import type { Task } from '../../src/protocol/model';

export type PermissionMode = RunConfig['defaultPermissionMode'];

export const PERMISSION_MODES: readonly PermissionMode[] = ['ask', 'auto-edit', 'plan', 'full-auto'];

export const modeTitle: Record<PermissionMode, string> = {
  ask: 'Ask me',
  'auto-edit': 'Auto-edit',
  plan: 'Plan only',
  'full-auto': 'Full auto',
};

export const modeSentence: Record<PermissionMode, string> = {
  ask: 'It will ask you before it edits files or runs commands.',
  'auto-edit': 'It may edit files on its own, and will ask you before it runs commands.',
  plan: 'It will only read and propose a plan; it changes nothing.',
  'full-auto': 'It may edit files and run commands without asking you.',
};

/** The short description beside each choice in the picker. */
export const modeHint: Record<PermissionMode, string> = {
  ask: 'asks before editing files or running commands',
  'auto-edit': 'may edit files, asks before commands',
  plan: 'reads and proposes, changes nothing',
  'full-auto': 'may do anything without asking',
};

/** 'Claude Code will work on "Fix login" in /work/app, with its default model. It will ask you before …' (`place`: see placePhrase). */
export function runSentence(executorLabel: string, taskTitle: string, place: string, model: string, mode: PermissionMode): string {
  const withModel = model.trim() ? `with the model ${model.trim()}` : 'with its default model';
  return `${executorLabel} will work on "${taskTitle}" ${place}, ${withModel}. ${modeSentence[mode]}`;
}

export type Isolation = 'workspace' | 'worktree' | 'github';

/** GitHub Actions can be chosen once the folder has a GitHub remote and the workflow file. */
export const canRunRemote = (config: RunConfig | null) => Boolean(config?.remote?.repo && config.remote.workflow !== 'missing' && config.remote.workflow !== 'unknown');

/** Worktrees need a git repository with a first commit (the host says which, in runConfig.git). */
export const canIsolate = (config: RunConfig | null) => Boolean(config?.git?.isRepo);

/** Why the worktree choice is disabled, in plain words. */
export function noWorktreeReason(config: RunConfig | null): string {
  if (config?.git?.explanation) return config.git.explanation;
  return config?.git ? 'This folder is not a git repository, so the agent cannot get a worktree of its own.' : 'Viban could not tell whether this folder is a git repository.';
}

/**
 * Where a run goes: a task that has a worktree continues there; otherwise the user's choice, or
 * the `viban.isolation` setting — a worktree only where git can make one.
 */
export function resolveIsolation(task: Task, config: RunConfig | null, choice: Isolation | null): Isolation {
  if (task.worktree) return 'worktree';
  if (choice === 'github') return canRunRemote(config) ? 'github' : 'workspace';
  const wanted = choice ?? config?.defaultIsolation ?? 'workspace';
  return wanted === 'worktree' && canIsolate(config) ? 'worktree' : 'workspace';
}

/** The branch a new worktree starts from unless the user picks another: the current one. */
export function defaultBase(config: RunConfig | null): string | undefined {
  const git = config?.git;
  if (!git) return undefined;
  // The picker can only show listed branches (the host leaves viban/* task branches out).
  if (git.current && (git.branches.length === 0 || git.branches.includes(git.current))) return git.current;
  return git.branches[0] ?? git.current;
}

/** "in its worktree on viban/…" / "in its own worktree on a new branch from main" / "in /work/app". */
export function placePhrase(task: Task, isolation: Isolation, base: string | undefined, folder: string): string {
  if (task.worktree) return `in its worktree on ${task.worktree.branch}`;
  if (isolation === 'workspace') return `in ${folder}`;
  if (isolation === 'github') return 'on GitHub Actions, on a new branch it pushes with a pull request';
  return base ? `in its own worktree on a new branch from ${base}` : 'in its own worktree on a new branch';
}

/** What startRun carries about where: a base branch only for a worktree that does not exist yet. */
export function placement(task: Task, isolation: Isolation, base: string | undefined): { isolation: Isolation; baseBranch?: string } {
  return (isolation === 'worktree' || isolation === 'github') && !task.worktree && base ? { isolation, baseBranch: base } : { isolation };
}

export const isUsable = (e: ExecutorInfo) => e.installed && e.loggedIn !== false;

/** Why an executor cannot run now, in words a person can act on. */
export function unusableReason(e: ExecutorInfo): string | undefined {
  if (isUsable(e)) return undefined;
  if (e.reason) return e.reason;
  return e.installed ? `${e.label} is not logged in.` : `${e.label} is not installed.`;
}

/** The executor a Run uses without asking: the configured default if usable, else the task's last, else the first usable one. */
export function defaultExecutor(executors: readonly ExecutorInfo[], config: RunConfig | null, taskExecutorId?: string): ExecutorInfo | undefined {
  const byId = (id: string | undefined) => (id ? executors.find((e) => e.id === id) : undefined);
  const configured = byId(config?.defaultExecutorId);
  if (configured && isUsable(configured)) return configured;
  const last = byId(taskExecutorId);
  if (last && isUsable(last)) return last;
  return executors.find(isUsable) ?? configured ?? executors[0];
}

/** Claude Code refuses to skip permissions when run as root. */
export const refusesFullAuto = (executorId: string, mode: PermissionMode, config: RunConfig | null) =>
  mode === 'full-auto' && executorId === 'claude-code' && Boolean(config?.runningAsRoot);
