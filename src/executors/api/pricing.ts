// What a run cost, from token counts and a price table. Neither API reports money, so the table is
// ours: list prices in USD per million tokens as published by Anthropic and OpenAI; a setting can
// override or add models. An unknown model has no cost (undefined), never a guessed one.
import type { Usage } from '../../protocol/logEntries';

export interface ModelPrice {
  /** USD per million uncached input tokens. */
  input: number;
  /** USD per million output tokens. */
  output: number;
  /** USD per million input tokens read from the prompt cache (default: the input price). */
  cacheRead?: number;
  /** USD per million input tokens written to the prompt cache (default: the input price). */
  cacheWrite?: number;
}

export type PriceTable = Record<string, ModelPrice>;

export const DEFAULT_PRICES: Readonly<PriceTable> = Object.freeze({
  // Anthropic: cache writes (5-minute) cost 1.25x input, cache reads 0.1x.
  'claude-opus-4-6': { input: 5, output: 25, cacheWrite: 6.25, cacheRead: 0.5 },
  'claude-opus-4-5': { input: 5, output: 25, cacheWrite: 6.25, cacheRead: 0.5 },
  'claude-opus-4-1': { input: 15, output: 75, cacheWrite: 18.75, cacheRead: 1.5 },
  'claude-opus-4': { input: 15, output: 75, cacheWrite: 18.75, cacheRead: 1.5 },
  'claude-sonnet-4-6': { input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.3 },
  'claude-sonnet-4-5': { input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.3 },
  'claude-sonnet-4': { input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.3 },
  'claude-3-7-sonnet': { input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.3 },
  'claude-haiku-4-5': { input: 1, output: 5, cacheWrite: 1.25, cacheRead: 0.1 },
  'claude-3-5-haiku': { input: 0.8, output: 4, cacheWrite: 1, cacheRead: 0.08 },
  // OpenAI: cached input is billed at the "cached input" price; there is no cache-write charge.
  'gpt-5': { input: 1.25, output: 10, cacheRead: 0.125 },
  'gpt-5-mini': { input: 0.25, output: 2, cacheRead: 0.025 },
  'gpt-5-nano': { input: 0.05, output: 0.4, cacheRead: 0.005 },
  'gpt-4.1': { input: 2, output: 8, cacheRead: 0.5 },
  'gpt-4.1-mini': { input: 0.4, output: 1.6, cacheRead: 0.1 },
  'gpt-4.1-nano': { input: 0.1, output: 0.4, cacheRead: 0.025 },
  'gpt-4o': { input: 2.5, output: 10, cacheRead: 1.25 },
  'gpt-4o-mini': { input: 0.15, output: 0.6, cacheRead: 0.075 },
  o3: { input: 2, output: 8, cacheRead: 0.5 },
  'o4-mini': { input: 1.1, output: 4.4, cacheRead: 0.275 },
});

/**
 * The price of `model`: an exact entry, or the entry it is a dated snapshot / alias of
 * ("claude-sonnet-4-5-20250929", "gpt-4o-2024-11-20", "gpt-5-chat-latest" -> "gpt-5"…). Only those
 * suffixes, so "claude-opus-4-8" never silently gets "claude-opus-4"'s price.
 */
export function priceFor(model: string, table: PriceTable = DEFAULT_PRICES): ModelPrice | undefined {
  if (table[model]) return table[model];
  const m = /^(.*?)(?:-\d{8}|-\d{4}-\d{2}-\d{2}|-latest|-chat-latest)$/.exec(model);
  return m ? table[m[1]] : undefined;
}

/** USD for `usage` of `model`; undefined when the model has no price. */
export function costFor(model: string, usage: Usage, table: PriceTable = DEFAULT_PRICES): number | undefined {
  const p = priceFor(model, table);
  if (!p) return undefined;
  const usd =
    ((usage.inputTokens ?? 0) * p.input +
      (usage.outputTokens ?? 0) * p.output +
      (usage.cacheReadTokens ?? 0) * (p.cacheRead ?? p.input) +
      (usage.cacheWriteTokens ?? 0) * (p.cacheWrite ?? p.input)) /
    1_000_000;
  return Math.round(usd * 1e8) / 1e8;
}

/** The default table with a user's overrides on top (settings may add models or change prices). */
export function mergePrices(overrides: PriceTable | undefined): PriceTable {
  return { ...DEFAULT_PRICES, ...(overrides ?? {}) };
}
