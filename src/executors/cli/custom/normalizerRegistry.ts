// Which normalizer reads which custom-executor output format. The JSON formats reuse the built-in
// adapters' normalizers (one parser per format in the codebase).
import type { OutputNormalizer } from '../../types';
import { ClaudeStreamNormalizer } from '../claude';
import { CodexJsonNormalizer } from '../codex';
import { GeminiStreamJsonNormalizer } from '../gemini';
import { OpencodeJsonNormalizer } from '../opencode';
import type { CustomOutputFormat } from './customExecutorSettings';
import { PlainTextNormalizer } from './textNormalizer';

/** `label`: the executor's own name, for the lines that name the agent. */
export type NormalizerFactory = (label?: string) => OutputNormalizer;

export const OUTPUT_FORMAT_NORMALIZERS: Readonly<Record<CustomOutputFormat, NormalizerFactory>> = {
  text: () => new PlainTextNormalizer(),
  'claude-stream-json': (label) => new ClaudeStreamNormalizer({ agentLabel: label }),
  'codex-json': () => new CodexJsonNormalizer(),
  'gemini-stream-json': () => new GeminiStreamJsonNormalizer(),
  'opencode-json': () => new OpencodeJsonNormalizer(),
};
