// What Assist knows when it answers, as one text within a token budget (issue #14): the board
// (columns, tasks, states, outcomes), recent sessions and results, the memory, the git state and
// the project's README/manifest. Pure: the inputs are gathered elsewhere (assistGather.ts), so
// the benchmark and the tests feed it boards of any size. Each part gets a fair share of the
// budget; a part that needs less gives the rest to the others. Within a part the most useful
// lines come first (what is running or failed, what the request mentions, what is newest) and a
// "N more not shown" line says what was left out.
import type { Board, Task } from '../protocol/model';
import type { SessionMeta } from '../protocol/sessions';
import type { MemoryItem } from '../protocol/memory';
import type { AssistSnapshot } from '../protocol/assist';
import { formatCost } from '../shared/format';

export interface GitState {
  branch: string | null;
  dirtyFiles: number;
  commits: Array<{ sha: string; date: string; subject: string }>;
}

export interface ProjectFiles {
  readme?: { file: string; text: string };
  manifest?: { file: string; text: string };
}

export interface ContextInputs {
  request: string;
  board: Board;
  sessions: readonly SessionMeta[];
  memory: readonly MemoryItem[];
  git?: GitState;
  project?: ProjectFiles;
}

export interface AssembledContext {
  text: string;
  tokens: number;
  budgetTokens: number;
  parts: AssistSnapshot['parts'];
}

export const DEFAULT_CONTEXT_BUDGET_TOKENS = 8000;
/** The same rough measure the API executors use: about four characters a token. */
export const estimateTokens = (text: string): number => Math.ceil(text.length / 4);

interface Part {
  name: 'board' | 'sessions' | 'memory' | 'git' | 'project';
  heading: string;
  /** Lines, most useful first. */
  lines: string[];
  /** How many things the lines stand for (tasks, sessions…), for the snapshot. */
  total: number;
  /** Lines that always come first when there is room (column summary). */
  fixed?: number;
  more: (n: number) => string;
}

export function assembleContext(inputs: ContextInputs, budgetTokens = DEFAULT_CONTEXT_BUDGET_TOKENS): AssembledContext {
  const words = requestWords(inputs.request);
  const parts: Part[] = [boardPart(inputs.board, words), sessionsPart(inputs.sessions, inputs.board), memoryPart(inputs.memory, words), gitPart(inputs.git), projectPart(inputs.project)];
  const budgetChars = budgetTokens * 4;
  const sizes = parts.map((p) => p.heading.length + 1 + p.lines.reduce((n, l) => n + l.length + 1, 0));
  const shares = fairShares(sizes, budgetChars - parts.length * 2);
  const rendered: string[] = [];
  const snapshotParts: AssistSnapshot['parts'] = {};
  parts.forEach((part, i) => {
    const { text, included } = renderPart(part, shares[i]);
    snapshotParts[part.name] = { included, total: part.total };
    if (text) rendered.push(text);
  });
  const text = rendered.join('\n\n');
  return { text, tokens: estimateTokens(text), budgetTokens, parts: snapshotParts };
}

/** Max-min fairness: parts that need less than an equal share keep only what they need. */
function fairShares(sizes: number[], total: number): number[] {
  const shares = new Array<number>(sizes.length).fill(0);
  let left = Math.max(0, total);
  let open = sizes.map((_, i) => i);
  while (open.length && left > 0) {
    const each = Math.floor(left / open.length);
    const small = open.filter((i) => sizes[i] - shares[i] <= each);
    if (!small.length) {
      for (const i of open) shares[i] += each;
      break;
    }
    for (const i of small) {
      left -= sizes[i] - shares[i];
      shares[i] = sizes[i];
    }
    open = open.filter((i) => !small.includes(i));
  }
  return shares;
}

function renderPart(part: Part, maxChars: number): { text: string; included: number } {
  if (!part.lines.length || maxChars <= part.heading.length) return { text: '', included: 0 };
  const out = [part.heading];
  let used = part.heading.length;
  let shown = 0;
  // What all lines from i on take: when they all fit, no room is kept for the "more" line.
  const tail = new Array<number>(part.lines.length + 1).fill(0);
  for (let i = part.lines.length - 1; i >= 0; i--) tail[i] = tail[i + 1] + 1 + part.lines[i].length;
  for (const [i, line] of part.lines.entries()) {
    const rest = part.lines.length - i - 1;
    const reserve = rest > 0 && used + tail[i] > maxChars ? part.more(rest).length + 1 : 0;
    if (used + 1 + line.length + reserve > maxChars) break;
    out.push(line);
    used += 1 + line.length;
    shown++;
  }
  if (shown < part.lines.length) out.push(part.more(part.lines.length - shown));
  const fixed = part.fixed ?? 0;
  return { text: out.join('\n'), included: Math.max(0, Math.min(shown, part.lines.length) - fixed) };
}

const STOP_WORDS = new Set(['the', 'a', 'an', 'and', 'or', 'to', 'of', 'in', 'on', 'for', 'with', 'add', 'make', 'fix', 'why', 'what', 'does', 'do', 'is', 'it', 'this', 'that', 'should', 'next', 'i']);

function requestWords(request: string): Set<string> {
  return new Set(request.toLowerCase().split(/[^a-z0-9-]+/).filter((w) => w.length > 2 && !STOP_WORDS.has(w)));
}

function mentions(text: string, words: Set<string>): number {
  if (!words.size) return 0;
  let n = 0;
  for (const w of text.toLowerCase().split(/[^a-z0-9-]+/)) if (words.has(w)) n++;
  return n;
}

const oneLine = (text: string, max: number) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? flat.slice(0, max - 1) + '…' : flat;
};

// ── parts ────────────────────────────────────────────────────────────────────────────────────

/** Running, failed, held or waiting for review first: those are what a person asks about. */
const STATUS_WEIGHT: Record<Task['agentStatus'], number> = { executing: 50, thinking: 50, waiting_for_user: 50, error: 45, queued: 40, done: 10, idle: 0 };

function taskScore(t: Task, words: Set<string>): number {
  return (STATUS_WEIGHT[t.agentStatus] ?? 0) + (t.held ? 30 : 0) + (t.verification?.state === 'checks_failed' ? 40 : 0) + (t.needsReview ? 30 : 0) + mentions(t.title, words) * 25 + mentions(t.description, words) * 5;
}

function boardPart(board: Board, words: Set<string>): Part {
  const column = new Map(board.columns.map((c) => [c.id, c.title]));
  const counts = new Map<string, number>();
  for (const t of board.tasks) counts.set(t.columnId, (counts.get(t.columnId) ?? 0) + 1);
  const summary = `Columns: ${board.columns.map((c) => `${c.title} (${counts.get(c.id) ?? 0})`).join(', ')}`;
  const scored = board.tasks.map((t) => ({ t, score: taskScore(t, words), updated: Date.parse(t.updatedAt) || 0 }));
  scored.sort((a, b) => b.score - a.score || b.updated - a.updated);
  const lines = scored.map(({ t }) => {
    const bits = [`${t.id}`, `in ${column.get(t.columnId) ?? t.columnId}`, `status ${t.agentStatus}`];
    if (t.agentStatusMessage) bits.push(oneLine(t.agentStatusMessage, 80));
    if (t.tier) bits.push(`tier ${t.tier}`);
    if (t.blockedBy?.length) bits.push(`waits for ${t.blockedBy.join(', ')}`);
    if (t.verification) bits.push(`checks ${t.verification.state}`);
    if (t.held) bits.push(`held: ${oneLine(t.held, 60)}`);
    if (t.accepted) bits.push('accepted');
    if (t.prUrl) bits.push(`PR ${t.prUrl}`);
    return `- ${oneLine(t.title, 120)} (${bits.join('; ')})`;
  });
  return { name: 'board', heading: `## Board: ${board.tasks.length} task(s)`, lines: [summary, ...lines], total: board.tasks.length, fixed: 1, more: (n) => `- (${n} more task(s) not shown)` };
}

function sessionsPart(sessions: readonly SessionMeta[], board: Board): Part {
  const title = new Map(board.tasks.map((t) => [t.id, t.title]));
  const recent = [...sessions].sort((a, b) => (b.createdAt > a.createdAt ? 1 : b.createdAt < a.createdAt ? -1 : 0));
  const lines = recent.map((s) => {
    const bits = [s.executorId, s.status];
    if (s.costUsd !== undefined) bits.push(formatCost(s.costUsd));
    if (s.error) bits.push(oneLine(s.error, 80));
    return `- ${s.createdAt.slice(0, 16).replace('T', ' ')} ${oneLine(title.get(s.taskId) ?? s.taskId, 80)}: ${bits.join(', ')}`;
  });
  return { name: 'sessions', heading: '## Recent runs (newest first)', lines, total: sessions.length, more: (n) => `- (${n} older run(s) not shown)` };
}

const CATEGORY_WEIGHT: Record<string, number> = { decision: 3, preference: 2, open: 1.5, context: 1, experiment: 0.5 };
const CATEGORY_LABEL: Record<string, string> = { decision: 'Decision', preference: 'Preference', open: 'Open question', context: 'Context', experiment: 'Experiment' };

function memoryPart(items: readonly MemoryItem[], words: Set<string>): Part {
  // Too unsure to act on: left out, as in the agents' project context.
  const usable = items.filter((i) => i.confidence >= 0.3);
  const scored = usable.map((i) => ({ i, score: CATEGORY_WEIGHT[i.category] + i.confidence + mentions(`${i.key.replace(/-/g, ' ')} ${i.value}`, words) * 3 }));
  scored.sort((a, b) => b.score - a.score || (b.i.updatedAt > a.i.updatedAt ? 1 : -1));
  const lines = scored.map(({ i }) => `- ${CATEGORY_LABEL[i.category]}: ${oneLine(i.value, 300)}${i.confidence < 0.7 ? ' (not certain)' : ''}${i.due ? ` (due ${i.due.slice(0, 10)})` : ''}`);
  return { name: 'memory', heading: '## Memory (decisions and preferences to follow)', lines, total: items.length, more: (n) => `- (${n} more item(s) not shown)` };
}

function gitPart(git: GitState | undefined): Part {
  const lines = git
    ? [`Branch: ${git.branch ?? '(detached)'}; ${git.dirtyFiles ? `${git.dirtyFiles} uncommitted file(s)` : 'nothing uncommitted'}`, ...git.commits.map((c) => `- ${c.sha} ${c.date} ${oneLine(c.subject, 100)}`)]
    : [];
  return { name: 'git', heading: '## Git', lines, total: git?.commits.length ?? 0, fixed: git ? 1 : 0, more: (n) => `- (${n} older commit(s) not shown)` };
}

function projectPart(project: ProjectFiles | undefined): Part {
  const lines: string[] = [];
  if (project?.manifest) lines.push(`${project.manifest.file}:`, ...project.manifest.text.split('\n'));
  if (project?.readme) lines.push(`${project.readme.file}:`, ...project.readme.text.split('\n'));
  return { name: 'project', heading: '## Project', lines, total: lines.length, more: () => '(rest of the file not shown)' };
}
