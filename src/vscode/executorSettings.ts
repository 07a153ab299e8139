import * as vscode from 'vscode';
import { registerCustomExecutors, type ExecutorSettings } from '../executors/builtins';
import { parseCustomExecutors } from '../executors/cli/custom';
import type { ExecutorRegistry } from '../executors/registry';
import { Logger } from './logger';

const config = () => vscode.workspace.getConfiguration('viban');

export function executorSettings(): ExecutorSettings {
  return {
    paths: () => config().get<Record<string, string>>('executors.paths', {}),
    idleTimeoutMinutes: () => config().get<number>('idleTimeoutMinutes') || undefined,
    onIdle: async ({ label, idleMs }) => {
      if (config().get<'ask' | 'stop'>('idleAction', 'ask') === 'stop') return 'stop';
      const minutes = Math.round(idleMs / 60_000);
      const pick = await vscode.window.showWarningMessage(
        `Viban: ${label} has printed nothing for ${minutes} minute${minutes === 1 ? '' : 's'}. Stop it?`,
        'Stop',
        'Keep Waiting',
      );
      return pick === 'Stop' ? 'stop' : 'wait';
    },
    custom: () => {
      const { executors, errors } = parseCustomExecutors(config().get('executors.custom'), 'viban.executors.custom');
      if (errors.length) reportCustomErrors(errors);
      return executors;
    },
  };
}

let lastReported = '';

/** An invalid entry is skipped (the others still load) and the user is told which and why. */
function reportCustomErrors(errors: string[]): void {
  const key = errors.join('\n');
  if (key === lastReported) return;
  lastReported = key;
  new Logger('settings').error(`custom executors: ${key}`);
  void vscode.window.showErrorMessage(`Viban: ${errors[0]}${errors.length > 1 ? ` (and ${errors.length - 1} more problem(s); see the Viban log)` : ''}`, 'Open Settings').then((pick) => {
    if (pick) void vscode.commands.executeCommand('workbench.action.openSettingsJson');
  });
}

/** Re-reads custom executors whenever the setting changes, without a reload. */
export function watchCustomExecutors(registry: ExecutorRegistry, settings: ExecutorSettings): vscode.Disposable {
  let ids = (settings.custom?.() ?? []).map((c) => c.id);
  return vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration('viban.executors.custom')) ids = registerCustomExecutors(registry, settings, ids);
  });
}
