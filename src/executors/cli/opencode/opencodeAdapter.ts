// OpenCode as a CliAgentAdapter: everything OpenCode-specific, for the generic CliExecutor.
import type { CliAgentAdapter, ExecutorCapabilities } from '../../types';
import { CliExecutor, type CliExecutorOptions } from '../../cliExecutor';
import { buildOpencodeCommand } from './opencodeCommand';
import { OpencodeJsonNormalizer } from './opencodeJsonNormalizer';
import { checkOpencodeLogin } from './opencodeAuth';
import { explainOpencodeFailure } from './opencodeErrors';

// Whole parts (no token deltas); cost per step (0 for providers without a price table).
const capabilities: ExecutorCapabilities = { streaming: true, resume: true, interactiveInput: false, approvals: false, cost: true };

export const opencodeAdapter: CliAgentAdapter = {
  id: 'opencode',
  label: 'OpenCode',
  binary: 'opencode',
  npmPackage: 'opencode-ai',
  capabilities,
  buildCommand: buildOpencodeCommand,
  createNormalizer: () => new OpencodeJsonNormalizer(),
  checkLogin: checkOpencodeLogin,
  explainFailure: explainOpencodeFailure,
};

export function createOpencodeExecutor(options: CliExecutorOptions = {}): CliExecutor {
  return new CliExecutor(opencodeAdapter, options);
}
