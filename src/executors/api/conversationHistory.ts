// Rebuilds a plain-text conversation from a session's log, so a follow-up to an API agent can
// continue where it left off (API providers keep no session on their side). Tool calls and their
// output are left out: they are bulky, and the assistant's own words summarise what it did.
import type { LogEntry } from '../../protocol/logEntries';
import { textAfter } from '../../shared/deltas';
import type { ConversationTurn } from '../types';

/** The user and assistant turns of one session's entries, in order (deltas merged by id). */
export function historyFromEntries(entries: readonly LogEntry[]): ConversationTurn[] {
  const turns: ConversationTurn[] = [];
  const assistantText = new Map<string, { turn: ConversationTurn; parts: Map<string, string> }>();
  let current: { turn: ConversationTurn; parts: Map<string, string> } | undefined;
  for (const e of entries) {
    if (e.kind === 'user') {
      turns.push({ role: 'user', content: e.text });
      current = undefined;
    } else if (e.kind === 'assistant') {
      // One assistant turn may span several messages (text, tool call, more text): join them.
      let holder = assistantText.get(e.id) ?? current;
      if (!holder) {
        holder = { turn: { role: 'assistant', content: '' }, parts: new Map() };
        turns.push(holder.turn);
      }
      current = holder;
      assistantText.set(e.id, holder);
      holder.parts.set(e.id, textAfter(holder.parts.get(e.id), e));
      holder.turn.content = [...holder.parts.values()].filter((t) => t.trim()).join('\n\n');
    }
  }
  return turns.filter((t) => t.content.trim());
}

/** Several sessions of one task, oldest first, as one conversation. */
export function historyFromSessions(sessions: ReadonlyArray<readonly LogEntry[]>): ConversationTurn[] {
  return sessions.flatMap((entries) => historyFromEntries(entries));
}
