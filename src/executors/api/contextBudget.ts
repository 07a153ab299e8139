// Fitting an earlier conversation into the model's context window. Token counts are estimated as
// characters / 4 (the usual rule of thumb for English and code with these tokenizers): cheap, no
// tokenizer dependency, and we keep a margin for the tools, the system prompt and the answer.
import type { ConversationTurn } from '../types';

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
