// Claude Code as a CliAgentAdapter: everything Claude-specific, wired into the generic CliExecutor.
import type { CliAgentAdapter, ExecutorCapabilities, RunRequest } from '../../types';
import { CliExecutor, type CliExecutorOptions } from '../../cliExecutor';
import { buildClaudeCommand } from './claudeCommand';
import { ClaudeStreamNormalizer } from './claudeStreamJson';
import { ClaudeStdinSession } from './claudeStdin';
import { checkClaudeLogin } from './claudeAuth';
import { explainClaudeFailure } from './claudeErrors';

const capabilities: ExecutorCapabilities = { streaming: true, resume: true, interactiveInput: true, approvals: true, cost: true };

export const claudeCodeAdapter: CliAgentAdapter = {
  id: 'claude-code',
  label: 'Claude Code',
  binary: 'claude',
  npmPackage: '@anthropic-ai/claude-code',
  capabilities,
  buildCommand: buildClaudeCommand,
  createNormalizer: () => new ClaudeStreamNormalizer(),
  createStdinSession: (request: RunRequest, normalizer) => new ClaudeStdinSession(request, normalizer as ClaudeStreamNormalizer),
  checkLogin: (env) => checkClaudeLogin(env),
  explainFailure: explainClaudeFailure,
};

export function createClaudeCodeExecutor(options: CliExecutorOptions = {}): CliExecutor {
  return new CliExecutor(claudeCodeAdapter, options);
}
