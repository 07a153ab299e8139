// The confirmation card's words: what will happen, in plain language.
import type { ExecutorInfo, RunConfig } from '../../src/protocol/messages';

export type PermissionMode = RunConfig['defaultPermissionMode'];

export const PERMISSION_MODES: readonly PermissionMode[] = ['ask', 'auto-edit', 'plan', 'full-auto'];

export const modeTitle: Record<PermissionMode, string> = {
  ask: 'Ask first',
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

/** 'Claude Code will work on "Fix login" in /work/app, with its default model. It will ask you before …' */
export function runSentence(executorLabel: string, taskTitle: string, folder: string, model: string, mode: PermissionMode): string {
  const withModel = model.trim() ? `with the model ${model.trim()}` : 'with its default model';
  return `${executorLabel} will work on "${taskTitle}" in ${folder}, ${withModel}. ${modeSentence[mode]}`;
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
