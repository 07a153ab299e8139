import * as vscode from 'vscode';
import { registerCustomExecutors, type ExecutorSettings } from '../executors/builtins';
import { parseCustomExecutors } from '../executors/cli/custom';
import type { ExecutorRegistry } from '../executors/registry';
import { Logger } from './logger';
import type { ApiKeys } from './apiKeys';

const config = () => vscode.workspace.getConfiguration('viban');

export function executorSettings(keys?: ApiKeys): ExecutorSettings {
  return {
    api: (provider) => {
      const api = (name: string) => config().get(`api.${provider}.${name}`);
      const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
      const timeout = num(config().get('api.timeoutMinutes'));
      return {
        model: (config().get<Record<string, string>>('models', {})[provider] || undefined) ?? undefined,
        baseURL: (api('baseURL') as string | undefined) || undefined,
        temperature: num(api('temperature')),
        maxTokens: num(api('maxTokens')),
        contextBudgetTokens: num(api('contextBudgetTokens')),
        prices: config().get('api.prices') || undefined,
        timeoutMs: timeout ? timeout * 60_000 : undefined,
        apiKey: keys ? () => keys.get(provider) : undefined,
      };
    },
    paths: () => config().get<Record<string, string>>('executors.paths', {}),
    // A per-executor value (`viban.executors.idleTimeoutMinutes`) wins over the general one.
    idleTimeoutMinutes: (id) => config().get<Record<string, number>>('executors.idleTimeoutMinutes', {})[id] ?? (config().get<number>('idleTimeoutMinutes') || undefined),
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
