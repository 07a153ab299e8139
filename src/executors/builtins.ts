// The executors Viban knows out of the box, plus the user's custom ones, in one registry.
// Settings are read through getters so a changed path applies to the next run without reload.
import { createClaudeCodeExecutor } from './cli/claude';
import { createCodexExecutor } from './cli/codex/codexAdapter';
import { createCustomExecutor } from './cli/custom';
import type { CustomExecutorConfig } from './cli/custom/customExecutorSettings';
import { createGeminiExecutor } from './cli/gemini/geminiAdapter';
import { createOpencodeExecutor } from './cli/opencode/opencodeAdapter';
import type { CliExecutorOptions } from './cliExecutor';
import { ExecutorRegistry } from './registry';
import { createAnthropicExecutor, createOpenAIExecutor, type ApiExecutorOptions } from './api';

export interface ExecutorSettings {
  /** Executable path overrides by executor id (`viban.executors.paths`). */
  paths(): Record<string, string | undefined>;
  /** Stop a CLI agent that printed nothing for this many minutes (0 or undefined: never), per executor. */
  idleTimeoutMinutes(executorId: string): number | undefined;
  /** Custom executors, already validated (`viban.executors.custom` / `.viban/settings.json`). */
  custom?(): CustomExecutorConfig[];
  /** What to do when an agent has been silent for the idle timeout: ask the user, or stop. */
  onIdle?: CliExecutorOptions['onIdle'];
  /** Model, base URL, key lookup… for an API provider, read at each run (defaults: environment). */
  api?(provider: 'anthropic' | 'openai'): ApiExecutorOptions;
}

const BUILTIN_CLIS = [
  ['claude-code', createClaudeCodeExecutor],
  ['codex', createCodexExecutor],
  ['gemini', createGeminiExecutor],
  ['opencode', createOpencodeExecutor],
] as const;

export function createExecutorRegistry(settings: ExecutorSettings): ExecutorRegistry {
  const registry = new ExecutorRegistry();
  for (const [id, create] of BUILTIN_CLIS) registry.register(create(cliOptions(settings, id)));
  registry.register(createAnthropicExecutor(() => settings.api?.('anthropic') ?? {}));
  registry.register(createOpenAIExecutor(() => settings.api?.('openai') ?? {}));
  registerCustomExecutors(registry, settings, []);
  return registry;
}

/** Swaps the custom executors for the current settings; returns the ids now registered. */
export function registerCustomExecutors(registry: ExecutorRegistry, settings: ExecutorSettings, previousIds: string[]): string[] {
  const configs = settings.custom?.() ?? [];
  registry.replace(previousIds, configs.map((c) => createCustomExecutor(c, { idleTimeoutMs: idleMs(settings, c.id), onIdle: settings.onIdle })));
  return configs.map((c) => c.id);
}

function cliOptions(settings: ExecutorSettings, id: string): CliExecutorOptions {
  return { configuredPath: () => settings.paths()[id], idleTimeoutMs: idleMs(settings, id), onIdle: settings.onIdle };
}

function idleMs(settings: ExecutorSettings, executorId: string): number | undefined {
  const minutes = settings.idleTimeoutMinutes(executorId);
  return minutes ? minutes * 60_000 : undefined;
}
