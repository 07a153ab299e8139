import * as vscode from 'vscode';
import type { ExecutorSettings } from '../executors/builtins';

export function executorSettings(): ExecutorSettings {
  const config = () => vscode.workspace.getConfiguration('viban');
  return {
    paths: () => config().get<Record<string, string>>('executors.paths', {}),
    idleTimeoutMinutes: () => config().get<number>('idleTimeoutMinutes') || undefined,
  };
}
