// Which normalizer reads which custom-executor output format. The JSON formats reuse the built-in
// adapters' normalizers (one parser per format in the codebase).
import type { OutputNormalizer } from '../../types';
import { ClaudeStreamNormalizer } from '../claude';
import { CodexJsonNormalizer } from '../codex';
import { GeminiStreamJsonNormalizer } from '../gemini';
import { OpencodeJsonNormalizer } from '../opencode';
import type { CustomOutputFormat } from './customExecutorSettings';
import { PlainTextNormalizer } from './textNormalizer';

export type NormalizerFactory = () => OutputNormalizer;

export const OUTPUT_FORMAT_NORMALIZERS: Readonly<Record<CustomOutputFormat, NormalizerFactory>> = {
  text: () => new PlainTextNormalizer(),
  'claude-stream-json': () => new ClaudeStreamNormalizer(),
  'codex-json': () => new CodexJsonNormalizer(),
  'gemini-stream-json': () => new GeminiStreamJsonNormalizer(),
  'opencode-json': () => new OpencodeJsonNormalizer(),
};
