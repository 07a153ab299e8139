// Assist's turns, host-neutral (the `viban assist` command and the editor's Assist view share it):
// ask — record the request, assemble the context within the budget, let the code advisor read the
// code and plan, record what it read and the plan (or the questions, or the answer) with the
// snapshot of what it knew; start — the confirmed plan's cards in one board write; follow up —
// what became of the runs, as a message in the conversation.
import type { Board } from '../protocol/model';
import type { AssistConversation, AssistMessage, AssistPlan, RememberItem } from '../protocol/assist';
import type { SessionMeta } from '../protocol/sessions';
import type { MemoryItem } from '../protocol/memory';
import type { Executor } from '../executors/types';
import { AssistConversationStore, type NewAssistMessage } from '../store/assist/assistConversationStore';
import { newId } from '../store/ids';
import { assembleContext, DEFAULT_CONTEXT_BUDGET_TOKENS } from './assistContext';
import { gatherContextInputs } from './assistGather';
import { adviseOnRequest, rememberItemsOf, type Advice } from './codeAdvisor';
import { planToBoard } from './planCards';
import { followUpMessage, planSentence, type PlanOutcome } from './planWords';
import { MemoryRepository } from '../memory/memoryRepository';
import { forgetRemembered, saveRememberItems } from './memoryProposals';

export interface AssistBoard {
  readonly current: { board: Board };
  update(mutate: (board: Board, now: string) => Board): Promise<Board>;
}

export interface AssistDeps {
  root: string;
  conversations: AssistConversationStore;
  board: AssistBoard;
  sessions: () => Promise<SessionMeta[]>;
  memory: () => Promise<MemoryItem[]>;
  /** The advisor's executor (assist.executor) and model (assist.model). */
  executor: Executor;
  model?: string;
  budgetTokens?: number;
  env?: Record<string, string>;
  /** Where what Assist remembers goes (default: the folder's .viban/memory.json). */
  memoryRepository?: MemoryRepository;
}

export interface AskOptions {
  /** Continue this conversation (default: a new one). */
  conversationId?: string;
  onFileRead?: (file: string) => void;
  /** The request is in the conversation (a view shows it before the advisor answers). */
  onRecorded?: () => void;
  signal?: AbortSignal;
  /** The memory items saved from this request, as soon as they are saved — also when the ask then fails. */
  onRemembered?: (items: MemoryItem[]) => void;
}

export type AskResult = {
  conversation: AssistConversation;
  advice: Advice;
  /** What to show: 'plan' (tasks to confirm), 'questions' (needs answers first), 'answer' (no work). */
  kind: 'plan' | 'questions' | 'answer';
  text: string;
  /** Memory items Assist saved from this request ("Remembered: …"), newly added. */
  remembered: MemoryItem[];
};

export async function ask(deps: AssistDeps, request: string, opts: AskOptions = {}): Promise<AskResult> {
  const text = request.trim();
  if (!text) throw new Error('Tell Assist what you want, in plain words (e.g. viban assist "add a --json flag to the export command").');
  const conversation = opts.conversationId ? await requireConversation(deps, opts.conversationId) : await deps.conversations.create(text);
  await deps.conversations.append(conversation.id, [{ role: 'user', kind: 'request', text }]);
  opts.onRecorded?.();
  const inputs = await gatherContextInputs({ root: deps.root, request: text, board: deps.board.current.board, sessions: deps.sessions, memory: deps.memory });
  const context = assembleContext(inputs, deps.budgetTokens ?? DEFAULT_CONTEXT_BUDGET_TOKENS);
  const snapshot = { text: context.text, tokens: context.tokens, budgetTokens: context.budgetTokens, parts: context.parts };
  let advice: Advice;
  try {
    advice = await adviseOnRequest({ executor: deps.executor, cwd: deps.root, request: text, context: context.text, model: deps.model, signal: opts.signal, onFileRead: opts.onFileRead, env: deps.env });
  } catch (err) {
    // The plan failed, not what the user stated: it is remembered (with Undo) before the error.
    // Stopped by the user: nothing at all is kept ("Stopped: nothing was created").
    const remembered = opts.signal?.aborted ? { items: [], messages: [] } : await rememberFrom(deps, conversation.id, rememberItemsOf(err));
    if (remembered.items.length) opts.onRemembered?.(remembered.items);
    await deps.conversations.append(conversation.id, [...remembered.messages, { role: 'assistant', kind: 'error', text: (err as Error).message }], snapshot);
    throw err;
  }
  const { plan } = advice;
  const kind: AskResult['kind'] = plan.tasks.length ? 'plan' : plan.questions.length ? 'questions' : 'answer';
  const messages: NewAssistMessage[] = [];
  if (advice.filesRead.length) messages.push({ role: 'assistant', kind: 'reading', text: `Reading the code… ${advice.filesRead.length} file(s)`, filesRead: advice.filesRead });
  // Before the plan: a plan waiting for Start is the conversation's last message.
  const remembered = await rememberFrom(deps, conversation.id, advice.remember);
  if (remembered.items.length) opts.onRemembered?.(remembered.items);
  messages.push(...remembered.messages);
  const shown = kind === 'questions' ? questionsText(plan) : planSentence(plan);
  messages.push({ role: 'assistant', kind, text: shown, plan });
  const stored = await deps.conversations.append(conversation.id, messages, snapshot);
  return { conversation: stored.conversation, advice, kind, text: shown, remembered: remembered.items };
}

/** "Remembered: …" messages for what the advisor asked to remember (saving memory never sinks the plan). */
async function rememberFrom(deps: AssistDeps, conversationId: string, asked: readonly RememberItem[]): Promise<{ items: MemoryItem[]; messages: NewAssistMessage[] }> {
  if (!asked.length) return { items: [], messages: [] };
  try {
    const items = (await saveRememberItems(memoryOf(deps), conversationId, asked)).map((r) => r.item);
    return { items, messages: items.map((item) => ({ role: 'assistant', kind: 'remembered', text: `Remembered: ${item.value}`, memoryId: item.id })) };
  } catch (err) {
    return { items: [], messages: [{ role: 'assistant', kind: 'error', text: `Could not remember what you said: ${(err as Error).message}` }] };
  }
}

function memoryOf(deps: Pick<AssistDeps, 'root' | 'memoryRepository'>): MemoryRepository {
  return deps.memoryRepository ?? new MemoryRepository(deps.root);
}

/** Undo of "Remembered: …": the memory item is forgotten and the message says so. */
export async function undoRemembered(deps: Pick<AssistDeps, 'root' | 'conversations' | 'memoryRepository'>, conversationId: string, messageId: string): Promise<void> {
  const c = await requireConversation(deps, conversationId);
  const m = c.messages.find((x) => x.id === messageId);
  if (!m || m.kind !== 'remembered' || !m.memoryId) throw new Error('That message is not something Assist remembered.');
  if (m.undone) return;
  await forgetRemembered(memoryOf(deps), m.memoryId);
  await deps.conversations.update(conversationId, (conv) => {
    const stored = conv.messages.find((x) => x.id === messageId);
    if (stored) stored.undone = true;
  });
}

/** A copy where each remembered message whose memory item is not in `known` counts as undone (forgotten elsewhere). */
export function markForgotten(conversation: AssistConversation, known: ReadonlySet<string>): AssistConversation {
  const gone = (m: AssistMessage) => m.kind === 'remembered' && !!m.memoryId && !m.undone && !known.has(m.memoryId);
  if (!conversation.messages.some(gone)) return conversation;
  return { ...conversation, messages: conversation.messages.map((m) => (gone(m) ? { ...m, undone: true } : m)) };
}

export function questionsText(plan: AssistPlan): string {
  return [`Before I plan this, I need to know:`, ...plan.questions.map((q, i) => `${i + 1}. ${q}`)].join('\n');
}

/** The plan awaiting confirmation in a conversation (its last plan message, if nothing came after it). */
export function pendingPlan(conversation: AssistConversation): AssistMessage | undefined {
  const last = conversation.messages[conversation.messages.length - 1];
  return last?.kind === 'plan' && last.plan ? last : undefined;
}

/** Start: the plan's tasks on the board, linked and tiered, in ONE store write; recorded in the conversation. */
export async function startPlan(deps: Pick<AssistDeps, 'conversations' | 'board'>, conversationId: string, plan: AssistPlan): Promise<Record<string, string>> {
  await requireConversation(deps, conversationId);
  const ids = plan.tasks.map(() => newId('t'));
  let taskIds: Record<string, string> = {};
  await deps.board.update((board, now) => {
    const made = planToBoard(board, { plan, conversationId, ids, now });
    taskIds = made.taskIds;
    return made.board;
  });
  const n = plan.tasks.length;
  await deps.conversations.append(conversationId, [{ role: 'assistant', kind: 'started', text: `Started: ${n} task${n === 1 ? ' is' : 's are'} on the board and running.`, taskIds }]);
  return taskIds;
}

/** After the runs: the follow-up message, stored and returned. */
export async function followUp(deps: Pick<AssistDeps, 'conversations' | 'board'>, conversationId: string, outcome: PlanOutcome): Promise<string> {
  const text = followUpMessage(outcome, deps.board.current.board.tasks);
  await deps.conversations.append(conversationId, [{ role: 'assistant', kind: 'followup', text }]);
  return text;
}

async function requireConversation(deps: Pick<AssistDeps, 'conversations'>, id: string): Promise<AssistConversation> {
  const c = await deps.conversations.get(id);
  if (!c) throw new Error(`There is no Assist conversation "${id}".`);
  return c;
}
