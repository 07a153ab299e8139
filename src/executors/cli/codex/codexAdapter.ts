// Codex as a CliAgentAdapter: everything Codex-specific, for the generic CliExecutor.
import type { CliAgentAdapter, ExecutorCapabilities } from '../../types';
import { CliExecutor, type CliExecutorOptions } from '../../cliExecutor';
import { buildCodexCommand } from './codexCommand';
import { CodexJsonNormalizer } from './codexJsonNormalizer';
import { checkCodexLogin } from './codexAuth';
import { explainCodexFailure } from './codexErrors';

// No token deltas (whole items), no cost, and `codex exec` never asks: approvals are a sandbox choice.
const capabilities: ExecutorCapabilities = { streaming: true, resume: true, interactiveInput: false, approvals: false, cost: false };

export const codexAdapter: CliAgentAdapter = {
  id: 'codex',
  label: 'Codex',
  binary: 'codex',
  npmPackage: '@openai/codex',
  capabilities,
  buildCommand: buildCodexCommand,
  createNormalizer: () => new CodexJsonNormalizer(),
  checkLogin: checkCodexLogin,
  explainFailure: explainCodexFailure,
};

export function createCodexExecutor(options: CliExecutorOptions = {}): CliExecutor {
  return new CliExecutor(codexAdapter, options);
}
