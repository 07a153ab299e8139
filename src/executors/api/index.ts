// API executors (DESIGN §4): Anthropic and OpenAI models with a tool loop in the workspace.
export { ApiExecutor, type ApiExecutorOptions } from './apiExecutor';
export { createAnthropicExecutor, ANTHROPIC_DEFAULT_MODEL } from './anthropicExecutor';
export { createOpenAIExecutor, OPENAI_DEFAULT_MODEL } from './openaiExecutor';
export { costFor, priceFor, mergePrices, DEFAULT_PRICES, type ModelPrice, type PriceTable } from './pricing';
export { historyFromEntries, historyFromSessions } from './conversationHistory';
export { estimateTokens, fitHistory } from './contextBudget';
