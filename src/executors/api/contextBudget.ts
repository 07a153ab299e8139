// Fitting an earlier conversation into the model's context window. Token counts are estimated as
// characters / 4 (the usual rule of thumb for English and code with these tokenizers): cheap, no
// tokenizer dependency, and we keep a margin for the tools, the system prompt and the answer.
import type { ConversationTurn } from '../types';
import type { ConversationItem } from './modelClient';

export const estimateTokens = (text: string): number => Math.ceil(text.length / 4);

export interface FittedHistory {
  turns: ConversationTurn[];
  /** How many of the earliest turns were left out. */
  dropped: number;
}

/**
 * Keeps the newest turns of `history` that fit in `budgetTokens` together with `reserved` (the
 * system prompt, tool definitions and the current prompt, which is never dropped). Turns are
 * dropped oldest first; a kept history always starts with a user turn, as both APIs expect.
 */
export function fitHistory(history: ConversationTurn[], budgetTokens: number, reserved: number): FittedHistory {
  const nonEmpty = history.filter((t) => t.content.trim());
  const turns = mergeSameRole(nonEmpty);
  let used = reserved;
  let start = turns.length;
  while (start > 0 && used + estimateTokens(turns[start - 1].content) <= budgetTokens) {
    used += estimateTokens(turns[start - 1].content);
    start--;
  }
  while (start < turns.length && turns[start].role !== 'user') start++;
  return { turns: turns.slice(start), dropped: nonEmpty.length - countKeptSource(nonEmpty, start) };
}

/** Consecutive turns of one role become one (a run that failed before answering leaves two users in a row). */
function mergeSameRole(turns: ConversationTurn[]): ConversationTurn[] {
  const out: ConversationTurn[] = [];
  for (const t of turns) {
    const last = out[out.length - 1];
    if (last?.role === t.role) out[out.length - 1] = { role: t.role, content: `${last.content}\n\n${t.content}` };
    else out.push({ ...t });
  }
  return out;
}

/** Source turns represented by merged turns[start..] (so `dropped` counts the caller's turns). */
function countKeptSource(nonEmpty: ConversationTurn[], start: number): number {
  let mergedIndex = -1;
  let kept = 0;
  let prevRole: string | undefined;
  for (const t of nonEmpty) {
    if (t.role !== prevRole) mergedIndex++;
    prevRole = t.role;
    if (mergedIndex >= start) kept++;
  }
  return kept;
}

/** Stand-in for a tool output elided to keep a long run inside the budget. */
export const ELIDED_OUTPUT = '[output elided to fit the context budget; run the tool again if you still need it]';

/**
 * Within one run the conversation grows with every tool result. When it outgrows the budget, the
 * oldest tool outputs (never the latest batch, which the model has not seen yet) are replaced by
 * a short note; returns how many were elided. Mutates `conversation`.
 */
export function elideOldToolOutputs(conversation: ConversationItem[], budgetTokens: number, reserved: number): number {
  const size = (item: ConversationItem) =>
    item.role === 'tool_results'
      ? item.results.reduce((n, r) => n + estimateTokens(r.output), 0)
      : estimateTokens(item.text) + (item.role === 'assistant' ? item.toolCalls.reduce((n, c) => n + estimateTokens(c.rawInput), 0) : 0);
  let total = reserved + conversation.reduce((n, item) => n + size(item), 0);
  let lastResults = -1;
  conversation.forEach((item, i) => item.role === 'tool_results' && (lastResults = i));
  let elided = 0;
  for (let i = 0; i < lastResults && total > budgetTokens; i++) {
    const item = conversation[i];
    if (item.role !== 'tool_results') continue;
    const results = item.results.map((r) => {
      if (total <= budgetTokens || r.output === ELIDED_OUTPUT || estimateTokens(r.output) <= estimateTokens(ELIDED_OUTPUT)) return r;
      total -= estimateTokens(r.output) - estimateTokens(ELIDED_OUTPUT);
      elided++;
      return { ...r, output: ELIDED_OUTPUT };
    });
    conversation[i] = { role: 'tool_results', results };
  }
  return elided;
}
