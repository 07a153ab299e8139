// What a finished stage run does to its card: a success in a fully_auto (or started
// human_approval) column advances it to the next column; auto_notify never moves it; a failure
// applies the recipe's onFail — stay, revert (back where it came from), create_questions (failing
// gates and the agent's open questions become a checklist on the card), review_required (flag the
// card and move it to the review column).
import type { Board, Task } from '../protocol/model';
import type { StageRun } from '../protocol/automation';
import type { BoardService } from '../board/boardService';

export interface OutcomeResult {
  /** One line for the run's record and the notification. */
  outcome: string;
}

const REVIEW_COLUMN = /review/i;

export function nextColumnId(board: Board, columnId: string): string | undefined {
  const i = board.columns.findIndex((c) => c.id === columnId);
  return i >= 0 ? board.columns[i + 1]?.id : undefined;
}

export function reviewColumnId(board: Board): string | undefined {
  return board.columns.find((c) => c.id === 'in-review')?.id ?? board.columns.find((c) => REVIEW_COLUMN.test(c.title) || REVIEW_COLUMN.test(c.id))?.id;
}

const titleOf = (board: Board, id: string | undefined) => board.columns.find((c) => c.id === id)?.title ?? id ?? '';

export async function applyOutcome(board: BoardService, run: StageRun): Promise<OutcomeResult> {
  const state = board.current.board;
  const task = state.tasks.find((t) => t.id === run.taskId);
  if (!task) return { outcome: 'The card no longer exists.' };
  if (task.columnId !== run.columnId) return { outcome: `The card had already moved to "${titleOf(state, task.columnId)}"; left there.` };
  const by = { kind: 'run' as const, id: run.id };

  if (run.status === 'succeeded') {
    if (run.automationLevel === 'auto_notify') return { outcome: 'Gates passed; the card stays (auto_notify).' };
    const next = nextColumnId(state, run.columnId);
    if (!next) return { outcome: 'Gates passed; this is the last column.' };
    await board.moveTask(task.id, next, Number.MAX_SAFE_INTEGER, { by, why: 'gates passed' });
    return { outcome: `Gates passed; advanced to "${titleOf(state, next)}".` };
  }
  if (run.status !== 'failed') return { outcome: run.status === 'cancelled' ? 'Cancelled; the card stays.' : 'Interrupted; the card stays.' };

  const why = run.error ?? 'the stage run failed';
  switch (run.recipe.onFail) {
    case 'stay':
      return { outcome: 'Failed; the card stays.' };
    case 'revert': {
      const back = run.fromColumnId && state.columns.some((c) => c.id === run.fromColumnId) ? run.fromColumnId : undefined;
      if (!back) return { outcome: 'Failed; there is no earlier column to revert to, so the card stays.' };
      await board.moveTask(task.id, back, Number.MAX_SAFE_INTEGER, { by, why: `reverted: ${why}` });
      return { outcome: `Failed; reverted to "${titleOf(state, back)}".` };
    }
    case 'create_questions': {
      const items = questionsOf(run);
      await board.update((b) => withChecklist(b, task.id, items));
      return { outcome: `Failed; ${items.length} question${items.length === 1 ? '' : 's'} added to the card.` };
    }
    case 'review_required': {
      const review = reviewColumnId(state);
      await board.update((b, now) => ({ ...b, tasks: b.tasks.map((t) => (t.id === task.id ? { ...t, needsReview: `Stage "${titleOf(state, run.columnId)}": ${why}`, updatedAt: now } : t)) }));
      if (review && review !== task.columnId) {
        await board.moveTask(task.id, review, Number.MAX_SAFE_INTEGER, { by, why: `review required: ${why}` });
        return { outcome: `Failed; flagged and moved to "${titleOf(state, review)}" for review.` };
      }
      return { outcome: 'Failed; flagged for review.' };
    }
  }
}

/** The failing gates, the failed step, and the agent's own open questions (a "questions" output). */
export function questionsOf(run: StageRun): Array<{ text: string; source: string }> {
  const out: Array<{ text: string; source: string }> = [];
  for (const g of run.gates.filter((g) => !g.passed)) out.push({ text: `${g.name}: ${g.message}`, source: `gate:${g.id}` });
  run.steps.forEach((s, i) => {
    if (s.status === 'failed' && s.error) out.push({ text: `Step ${i + 1} (${s.skill}): ${s.error}`, source: `step:${i + 1}` });
    const qs = s.outputs.questions;
    if (Array.isArray(qs)) for (const q of qs) if (typeof q === 'string' && q.trim()) out.push({ text: q.trim(), source: `agent:${s.skill}` });
  });
  if (!out.length) out.push({ text: run.error ?? 'The stage run failed.', source: 'run' });
  return out;
}

function withChecklist(b: Board, taskId: string, items: Array<{ text: string; source: string }>): Board {
  return {
    ...b,
    tasks: b.tasks.map((t): Task => {
      if (t.id !== taskId) return t;
      const existing = t.checklist ?? [];
      const fresh = items.filter((i) => !existing.some((e) => e.text === i.text)).map((i) => ({ text: i.text.slice(0, 2000), done: false, source: i.source }));
      return { ...t, checklist: [...existing, ...fresh] };
    }),
  };
}
