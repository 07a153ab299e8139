// What a command needs, built lazily so `viban --help` or a usage error never touches the disk:
// the workspace, its headless settings, the executor registry and the folder runtime (board +
// sessions) — the same core the VS Code extension builds for a folder.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { createExecutorRegistry, type ExecutorSettings } from '../executors/builtins';
import type { ExecutorRegistry } from '../executors/registry';
import { resolveColumnFlow } from '../app/defaults';
import { agentMcpProvider, nodeForAgents, type AgentMcpProvider } from '../mcp/agentMcpLaunch';
import { FolderRuntime } from '../app/folderRuntime';
import type { Redactor } from '../secrets/redactor';
import { CliError } from './errors';
import type { Output } from './output';
import type { ApiExecutorOptions } from '../executors/api';
import { API_BASE_URL_ENV, API_KEY_ENV, loadHeadlessSettings, resolvedPaths, type ApiProviderId, type HeadlessSettings } from './settings';
import { withEditorExecutors } from './editorExecutors';

export interface CliIo {
  out: Output;
  redactor: Redactor;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  /** Raw streams, for the terminal prompt (the Output redacts and formats everything else). */
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** Where Ctrl+C and friends arrive (process in production). */
  signals: Pick<NodeJS.Process, 'on' | 'off'>;
  /** The environment (GITHUB_TOKEN, GITHUB_API_URL for remote runs); process.env when left out. */
  env?: NodeJS.ProcessEnv;
}

export class CliContext {
  private settingsP: Promise<HeadlessSettings> | undefined;
  private registryP: Promise<ExecutorRegistry> | undefined;
  private runtimeP: Promise<FolderRuntime> | undefined;

  constructor(
    readonly workspace: string,
    readonly io: CliIo,
  ) {}

  get out(): Output {
    return this.io.out;
  }

  settings(): Promise<HeadlessSettings> {
    return (this.settingsP ??= this.checkWorkspace().then(async () => withEditorExecutors(await loadHeadlessSettings(this.workspace, this.io.redactor), this.io.redactor)));
  }

  registry(): Promise<ExecutorRegistry> {
    return (this.registryP ??= this.settings().then((s) => createExecutorRegistry(executorSettings(s, this.workspace))));
  }

  /**
   * The folder runtime. With `stageRuns`, it also opens the durable queue, accepting only the step
   * jobs of stage runs this command executes (`viban move`, `viban runs retry`): never a window's work.
   * The first call decides.
   */
  runtime(opts: { stageRuns?: boolean } = {}): Promise<FolderRuntime> {
    let opened: FolderRuntime | undefined;
    const ownsStep = (job: { dedupeKey?: string }) => {
      const runId = /^req:(r_[a-z0-9]+)-s\d+-a\d+$/.exec(job.dedupeKey ?? '')?.[1];
      return !!runId && !!opened?.automation.isRunningHere(runId);
    };
    return (this.runtimeP ??= Promise.all([this.registry(), this.settings()]).then(async ([registry, settings]) => {
      // The same column flow as the board's (src/app/defaults.ts), unless .viban/settings.json says otherwise.
      const flow = resolveColumnFlow(settings.columnFlow);
      opened = await FolderRuntime.open(this.workspace, registry, this.io.redactor, {
        agentMcp: agentMcpFor(settings, this.workspace),
        ...(opts.stageRuns && { queue: { queue: { accepts: ownsStep } } }),
        watchRecipes: false,
        notifyStageRun: (run, message) => this.out.info(`viban: ${run.id}: ${message}`),
        onProblem: (problem) => this.out.info(`viban: warning: ${problem.message}`),
        // streamRun watches for stop requests itself, to tell the person at the terminal.
        acceptStopRequests: false,
        flow: () => flow,
        // Accepted work is finished work: the card goes to Done (when the board has that column).
        review: { acceptedColumn: () => flow.accepted },
        // A board.json that cannot be used stops the command (BrokenBoardError, reported by main)
        // instead of becoming an empty board.
        brokenBoard: 'throw',
      });
      return opened;
    }));
  }

  /** The default executor: .viban/settings.json `executors.default`, else Claude Code. */
  async defaultExecutorId(): Promise<string> {
    return (await this.settings()).executors?.default ?? 'claude-code';
  }

  /** Stops what this process runs and releases watchers; safe to call when nothing was opened. */
  async dispose(): Promise<void> {
    const runtime = await this.runtimeP?.catch(() => undefined);
    await runtime?.dispose();
  }

  private async checkWorkspace(): Promise<void> {
    const stat = await fs.stat(this.workspace).catch(() => undefined);
    if (!stat?.isDirectory()) throw new CliError(`the workspace folder ${this.workspace} does not exist (check --workspace)`);
  }
}

/**
 * Agents a `viban` command runs (`viban run`, `viban worker`) get `viban mcp` — this very command —
 * unless .viban/settings.json `mcp.exposeToAgents` (or, for the extension's background worker, the
 * window's viban.mcp.exposeToAgents handed over in VIBAN_EDITOR_EXECUTORS) says no.
 */
export function agentMcpFor(settings: HeadlessSettings, workspace: string): AgentMcpProvider | undefined {
  if (settings.mcp?.exposeToAgents === false) return undefined;
  return agentMcpProvider({ root: workspace, node: nodeForAgents(), cliScript: path.resolve(process.argv[1]) });
}

/** The headless counterpart of src/vscode/executorSettings.ts, from .viban/settings.json. */
export function executorSettings(s: HeadlessSettings, workspace: string, env: NodeJS.ProcessEnv = process.env): ExecutorSettings {
  const paths = resolvedPaths(s, workspace);
  const custom = (s.executors?.custom ?? []).map((c) => ({ ...c, command: commandPath(c.command, workspace) }));
  return {
    paths: () => paths,
    idleTimeoutMinutes: () => s.executors?.idleTimeoutMinutes || undefined,
    custom: () => custom,
    api: (provider) => apiOptions(s, provider, env),
  };
}

/**
 * An API executor's options: .viban/settings.json `executors.api`, the key from the environment.
 * A base URL in the file wins over ANTHROPIC_BASE_URL / OPENAI_BASE_URL, as the extension's
 * setting does: the project chose its endpoint, a variable set for some other tool should not move it.
 */
export function apiOptions(s: HeadlessSettings, provider: ApiProviderId, env: NodeJS.ProcessEnv): ApiExecutorOptions {
  const api = s.executors?.api;
  const own = api?.[provider] ?? {};
  const minutes = api?.timeoutMinutes;
  return {
    model: own.model,
    // The SDKs read these variables themselves too; naming them here keeps the rule in one place.
    baseURL: own.baseURL ?? (env[API_BASE_URL_ENV[provider]]?.trim() || undefined),
    temperature: own.temperature,
    maxTokens: own.maxTokens,
    contextBudgetTokens: own.contextBudgetTokens,
    prices: api?.prices,
    timeoutMs: minutes ? minutes * 60_000 : undefined,
    apiKey: async () => env[API_KEY_ENV[provider]],
    // At a terminal the key comes from the environment only.
    keyHint: `set ${API_KEY_ENV[provider]} in the environment`,
  };
}

/** A custom command given as a relative path ("./tools/agent") is relative to the workspace. */
function commandPath(command: string, workspace: string): string {
  return !path.isAbsolute(command) && /[\\/]/.test(command) ? path.resolve(workspace, command) : command;
}

export function resolveWorkspace(value: unknown, cwd: string): string {
  return path.resolve(cwd, typeof value === 'string' && value ? value : '.');
}
