// What Assist remembers from a conversation ("Remembered: no social login for now — Undo"). The
// advisor hands over what the user stated as a decision, preference, open question, fact or
// experiment: an API advisor by calling the `remember` answer tool, a CLI advisor in a
// ```remember block holding a JSON array. Each item goes to .viban/memory.json as a proposal
// (the same statement again only confirms it; a different one about the same key lowers the old
// one's confidence) with the conversation as its source, and becomes a 'remembered' message.
import type { AnswerTool } from '../executors/types';
import type { LogEntry } from '../protocol/logEntries';
import type { MemoryItem } from '../protocol/memory';
import { REMEMBER_TOOL, RememberItemSchema, type RememberItem } from '../protocol/assist';
import { MemoryError, type MemoryRepository } from '../memory/memoryRepository';
import { answerText } from './planParse';

/** `remember` as API executors offer it: nothing runs, the run goes on (the plan still has to come). */
export const REMEMBER_ANSWER_TOOL: AnswerTool = {
  name: REMEMBER_TOOL.name,
  description: REMEMBER_TOOL.description,
  inputSchema: REMEMBER_TOOL.input_schema,
  reply: 'Remembered.',
  endsRun: false,
};

/**
 * The user said it; Assist only wrote it down. Surer than an inference (0.6, shown "not certain"),
 * less than something the user typed into the Memory view themselves (1).
 */
export const REMEMBERED_CONFIDENCE = 0.8;

/** Every item the advisor asked to remember in its turns (one per attempt), in order, each once; malformed items are left out. */
export function findRememberItems(...turns: Array<readonly LogEntry[]>): RememberItem[] {
  const raw: unknown[] = [];
  for (const entries of turns) {
    // A tool_use entry is logged again as it completes (same id): the last one counts.
    const calls = new Map<string, unknown>();
    for (const e of entries) if (e.kind === 'tool_use' && isRemember(e.name)) calls.set(e.id, e.status === 'failed' ? undefined : e.input);
    for (const input of calls.values()) {
      const items = (input as { items?: unknown } | undefined)?.items;
      if (Array.isArray(items)) raw.push(...items);
    }
    for (const block of rememberBlocks(answerText(entries))) raw.push(...block);
  }
  const out: RememberItem[] = [];
  const seen = new Set<string>();
  for (const candidate of raw) {
    const parsed = RememberItemSchema.safeParse(candidate);
    if (!parsed.success) continue;
    const id = `${parsed.data.category}:${parsed.data.value.toLowerCase()}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(parsed.data);
  }
  return out;
}

function isRemember(name: string): boolean {
  return name === 'remember' || name.endsWith('__remember');
}

/** The JSON arrays (or single objects) of the ```remember blocks of a text answer. */
function rememberBlocks(text: string): unknown[][] {
  const out: unknown[][] = [];
  for (const m of text.matchAll(/```remember[^\n]*\n([\s\S]*?)\n?```/g)) {
    try {
      const value = JSON.parse(m[1]) as unknown;
      out.push(Array.isArray(value) ? value : [value]);
    } catch {
      // A block that is not JSON remembers nothing; the plan it came with still counts.
    }
  }
  return out;
}

export interface Remembered {
  item: MemoryItem;
}

/**
 * Saves the items as proposals from `conversationId`. Returns the ones newly added (a statement
 * already known only gains confidence: nothing new to undo). An item the store refuses is skipped.
 */
export async function saveRememberItems(memory: MemoryRepository, conversationId: string, items: readonly RememberItem[]): Promise<Remembered[]> {
  const added: Remembered[] = [];
  for (const i of items) {
    try {
      const r = await memory.propose({ category: i.category, value: i.value, ...(i.key && { key: i.key }), ...(i.due && { due: i.due }), confidence: REMEMBERED_CONFIDENCE, sourceConversation: conversationId });
      if (r.outcome === 'added') added.push({ item: r.item });
    } catch (err) {
      if (!(err instanceof MemoryError)) throw err;
    }
  }
  return added;
}

/** Undo of a 'remembered' message: the item is forgotten (already gone is fine: the user wanted it gone). */
export async function forgetRemembered(memory: MemoryRepository, memoryId: string): Promise<void> {
  try {
    await memory.forget(memoryId);
  } catch (err) {
    if (!(err instanceof MemoryError)) throw err;
  }
}
