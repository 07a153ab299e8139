// What a card says about its place in the task graph: which unfinished tasks it waits for, which
// tasks wait for it, its tier and its verification. Computed once per board change for every card
// (the webview may not import src/graph: only src/protocol crosses the boundary).
import type { Board, Task } from '../../src/protocol/model';

export interface CardGraph {
  /** Titles of the prerequisites not done yet ("Waiting for: …"). */
  waitingFor: string[];
  /** Titles of the tasks blocked by this one ("Blocks: …"). */
  blocks: string[];
  /** Stable text for cheap change checks in shouldComponentUpdate. */
  key: string;
}

const NONE: CardGraph = Object.freeze({ waitingFor: [], blocks: [], key: '' }) as CardGraph;

/** Done for a card's purposes: the run succeeded and its checks (if any ran) passed. */
const isDone = (t: Task) => t.agentStatus === 'done' && (t.verification === undefined || t.verification.state === 'verified');

export function cardGraphs(board: Board): Map<string, CardGraph> {
  const byId = new Map(board.tasks.map((t) => [t.id, t]));
  const blocks = new Map<string, string[]>();
  const out = new Map<string, CardGraph>();
  for (const t of board.tasks) {
    for (const p of t.blockedBy ?? []) {
      if (!byId.has(p)) continue;
      let list = blocks.get(p);
      if (!list) blocks.set(p, (list = []));
      list.push(t.title);
    }
  }
  for (const t of board.tasks) {
    const waitingFor = (t.blockedBy ?? []).map((id) => byId.get(id)).filter((p): p is Task => !!p && !isDone(p)).map((p) => p.title);
    const b = blocks.get(t.id) ?? [];
    if (waitingFor.length === 0 && b.length === 0) continue;
    out.set(t.id, { waitingFor, blocks: b, key: `${waitingFor.join('\u0000')}\u0001${b.join('\u0000')}` });
  }
  return out;
}

export const noGraph = NONE;

export function verificationBadge(task: Task): { text: string; className: string; title: string } | undefined {
  const v = task.verification;
  if (!v) return undefined;
  switch (v.state) {
    case 'verified':
      return { text: 'Verified ✓', className: 'verified', title: `Checks passed (attempt ${v.attempts})` };
    case 'checks_failed':
      return { text: `Checks failed after ${v.attempts} attempt${v.attempts === 1 ? '' : 's'}`, className: 'checks-failed', title: `${v.failedCommand ?? 'A check'} failed:\n${(v.outputTail ?? '').slice(-600)}` };
    case 'verifying':
      return { text: 'Checking…', className: 'verifying', title: `Running the checks (attempt ${v.attempts})` };
    default:
      return undefined;
  }
}
