// A custom executor from settings as a CliAgentAdapter (and a ready CliExecutor): the user's
// command and argv with placeholders substituted, their env on top of the inherited one, and the
// normalizer for the declared output format.
import path from 'node:path';
import type { CliAgentAdapter, CliCommand, DetectResult, ExecutorCapabilities, RunRequest } from '../../types';
import { CliExecutor, type CliExecutorOptions } from '../../cliExecutor';
import type { CustomExecutorConfig } from './customExecutorSettings';
import { OUTPUT_FORMAT_NORMALIZERS, type NormalizerFactory } from './normalizerRegistry';
import { substitutePlaceholders } from './placeholders';
import { ClaudeStdinSession } from '../claude/claudeStdin';
import type { ClaudeStreamNormalizer } from '../claude/claudeStreamJson';

/**
 * A custom command that speaks Claude's stream-json gets the prompt in its argv, but can still ask
 * for approvals with `control_request` lines: we answer them on its stdin, as for Claude Code,
 * and close stdin once it has printed its result.
 */
class ApprovalOnlyStdin extends ClaudeStdinSession {
  override initialLines(): string[] {
    return [];
  }
}

// No resume (there is no session-id placeholder); approvals only for claude-stream-json (above).
const capabilities: ExecutorCapabilities = { streaming: true, resume: false, interactiveInput: false, approvals: false, cost: false };

export function buildCustomCommand(config: CustomExecutorConfig, request: RunRequest, executablePath: string): CliCommand {
  const values = { prompt: request.prompt, workspace: request.cwd };
  return {
    file: executablePath,
    args: config.args.map((a) => substitutePlaceholders(a, values)),
    env: { ...process.env, ...config.env, ...request.env },
    cwd: request.cwd,
    stdin: config.outputFormat === 'claude-stream-json' ? 'pipe' : 'ignore',
  };
}

export function createCustomAdapter(
  config: CustomExecutorConfig,
  normalizers: Readonly<Record<string, NormalizerFactory>> = OUTPUT_FORMAT_NORMALIZERS,
): CliAgentAdapter {
  const createNormalizer = normalizers[config.outputFormat];
  if (!createNormalizer) throw new Error(`No normalizer for output format "${config.outputFormat}".`);
  return {
    id: config.id,
    label: config.label,
    binary: config.command,
    // A custom command has no npm package: installHint replaces the npm hint where it is read.
    npmPackage: config.command,
    installHint: `install \`${config.command}\` or put its full path in the "command" of custom executor "${config.id}"`,
    capabilities: {
      ...capabilities,
      approvals: config.outputFormat === 'claude-stream-json',
      cost: config.outputFormat === 'claude-stream-json' || config.outputFormat === 'opencode-json',
    },
    buildCommand: (request, executablePath) => buildCustomCommand(config, request, executablePath),
    // Its own name on the lines that name the agent, not that of the CLI whose format it speaks.
    createNormalizer: () => createNormalizer(config.label),
    ...(config.outputFormat === 'claude-stream-json' && {
      createStdinSession: (request: RunRequest, normalizer: unknown) => new ApprovalOnlyStdin(request, normalizer as ClaudeStreamNormalizer),
    }),
  };
}

/** A command given as a path is used as-is; a bare name is looked up on PATH. */
export function createCustomExecutor(config: CustomExecutorConfig, options: CliExecutorOptions = {}): CliExecutor {
  const isPath = path.isAbsolute(config.command) || config.command.includes('/') || config.command.includes('\\');
  return new CustomCliExecutor(createCustomAdapter(config), { ...options, configuredPath: isPath ? config.command : options.configuredPath });
}

/** Detection whose not-found reason points at the user's own command, not at npm. */
class CustomCliExecutor extends CliExecutor {
  override async detect(): Promise<DetectResult> {
    // `<command> --version` answers for the command (node, python, a shell), not for the agent a
    // script behind it is: "Demo agent 20.20.2" would be Node's version. Custom agents show none.
    const result = { ...(await super.detect()), version: undefined };
    // Only the PATH lookup message names npm; a bad path already has its own, fitting reason.
    if (result.installed || !/not found on PATH/.test(result.reason ?? '')) return result;
    return { ...result, reason: `\`${this.adapter.binary}\` (custom executor "${this.adapter.label}") was not found on PATH — ${this.adapter.installHint}.` };
  }
}
