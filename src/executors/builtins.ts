// The executors Viban knows out of the box, plus the user's custom ones, in one registry.
// Settings are read through getters so a changed path applies to the next run without reload.
import { createClaudeCodeExecutor } from './cli/claude';
import { ExecutorRegistry } from './registry';

export interface ExecutorSettings {
  /** Executable path overrides by executor id (`viban.executors.paths`). */
  paths(): Record<string, string | undefined>;
  /** Stop a CLI agent that printed nothing for this many minutes (0 or undefined: never). */
  idleTimeoutMinutes(): number | undefined;
}

export function createExecutorRegistry(settings: ExecutorSettings): ExecutorRegistry {
  const registry = new ExecutorRegistry();
  const idle = settings.idleTimeoutMinutes();
  const common = (id: string) => ({
    configuredPath: () => settings.paths()[id],
    idleTimeoutMs: idle ? idle * 60_000 : undefined,
  });
  registry.register(createClaudeCodeExecutor(common('claude-code')));
  return registry;
}
