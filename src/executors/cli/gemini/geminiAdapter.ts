// Gemini CLI as a CliAgentAdapter: everything Gemini-specific, for the generic CliExecutor.
import type { CliAgentAdapter, ExecutorCapabilities } from '../../types';
import { CliExecutor, type CliExecutorOptions } from '../../cliExecutor';
import { buildGeminiCommand } from './geminiCommand';
import { GeminiStreamJsonNormalizer } from './geminiStreamJsonNormalizer';
import { checkGeminiLogin } from './geminiAuth';
import { explainGeminiFailure } from './geminiErrors';

// Text streams as deltas; no cost; headless "ask" cannot be answered, so no approval cards.
const capabilities: ExecutorCapabilities = { streaming: true, resume: true, interactiveInput: false, approvals: false, cost: false };

export const geminiAdapter: CliAgentAdapter = {
  id: 'gemini',
  label: 'Gemini CLI',
  binary: 'gemini',
  npmPackage: '@google/gemini-cli',
  capabilities,
  buildCommand: buildGeminiCommand,
  createNormalizer: () => new GeminiStreamJsonNormalizer(),
  checkLogin: checkGeminiLogin,
  explainFailure: explainGeminiFailure,
};

export function createGeminiExecutor(options: CliExecutorOptions = {}): CliExecutor {
  return new CliExecutor(geminiAdapter, options);
}
