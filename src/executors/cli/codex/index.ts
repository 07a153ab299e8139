export { codexAdapter, createCodexExecutor } from './codexAdapter';
export { buildCodexArgs, buildCodexCommand, codexSandbox, type CodexSandbox } from './codexCommand';
export { CodexJsonNormalizer } from './codexJsonNormalizer';
export { checkCodexLogin, CODEX_NOT_LOGGED_IN } from './codexAuth';
export { explainCodexFailure } from './codexErrors';
