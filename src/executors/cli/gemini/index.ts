export { geminiAdapter, createGeminiExecutor } from './geminiAdapter';
export { buildGeminiArgs, buildGeminiCommand, geminiApprovalMode, type GeminiApprovalMode } from './geminiCommand';
export { GeminiStreamJsonNormalizer } from './geminiStreamJsonNormalizer';
export { checkGeminiLogin } from './geminiAuth';
export { explainGeminiFailure, GEMINI_NOT_LOGGED_IN } from './geminiErrors';
