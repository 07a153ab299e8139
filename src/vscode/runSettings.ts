import * as vscode from 'vscode';
import type { PermissionMode } from '../executors/types';
import type { ExecutorInfo, RunConfig } from '../protocol/messages';
import type { GitContext } from '../protocol/review';
import type { ExecutorRegistry } from '../executors/registry';

const MODELS: Record<string, string[]> = {
  'claude-code': ['sonnet', 'opus', 'haiku'],
  codex: ['gpt-5-codex', 'gpt-5'],
  gemini: ['gemini-2.5-pro', 'gemini-2.5-flash'],
};

function config() {
  return vscode.workspace.getConfiguration('viban');
}

export function runConfig(workspaceFolder: string | undefined, git?: GitContext): RunConfig {
  return {
    git,
    defaultIsolation: config().get<'workspace' | 'worktree'>('isolation', 'worktree'),
    defaultExecutorId: config().get<string>('defaultExecutor') || undefined,
    defaultPermissionMode: config().get<PermissionMode>('defaultPermissionMode', 'ask'),
    skipConfirmation: config().get<string[]>('skipConfirmation', []),
    workspaceFolder,
    runningAsRoot: typeof process.getuid === 'function' && process.getuid() === 0,
  };
}

/** Overall limit for one agent run (`viban.runTimeoutMinutes`, 0: none; API agents have their own). */
export function runTimeoutMs(): number | undefined {
  const minutes = config().get<number>('runTimeoutMinutes', 0);
  return minutes > 0 ? minutes * 60_000 : undefined;
}

export async function setSkipConfirmation(executorId: string, skip: boolean): Promise<void> {
  const current = new Set(config().get<string[]>('skipConfirmation', []));
  if (skip) current.add(executorId);
  else current.delete(executorId);
  await config().update('skipConfirmation', [...current], vscode.ConfigurationTarget.Global);
}

/** Detection results for the confirmation card; detection spawns `--version`, so it is cached briefly. */
export class ExecutorCatalog {
  private cached: { at: number; list: Promise<ExecutorInfo[]> } | undefined;

  constructor(private readonly registry: ExecutorRegistry) {}

  list(refresh = false): Promise<ExecutorInfo[]> {
    if (!refresh && this.cached && Date.now() - this.cached.at < 30_000) return this.cached.list;
    const list = this.registry.detectAll().then((all) =>
      all.map(({ executor, detection }) => ({
        id: executor.id,
        label: executor.label,
        kind: executor.kind,
        capabilities: executor.capabilities,
        installed: detection.installed,
        version: detection.version,
        loggedIn: detection.loggedIn,
        reason: detection.reason,
        models: MODELS[executor.id] ?? [],
        defaultModel: config().get<Record<string, string>>('models', {})[executor.id],
        interactive: executor.kind === 'cli',
      })),
    );
    this.cached = { at: Date.now(), list };
    return list;
  }
}
