// Spending limits (settings viban.budget.perTaskUsd / viban.budget.boardUsd): a run that would
// start while its task or the board has already spent the budget is refused before it starts.
import type { Board } from '../protocol/model';
import { formatCost } from '../shared/format';

export interface Budget {
  /** Refuse a run once the task's accumulated cost reaches this (USD). */
  perTaskUsd?: number;
  /** Refuse every run once the board's total cost reaches this (USD). */
  boardUsd?: number;
}

export function boardCostUsd(board: Board): number {
  return board.tasks.reduce((sum, t) => sum + (t.costUsd ?? 0), 0);
}

/** Why a run of `taskId` may not start under `budget`, or undefined when it may. */
export function budgetRefusal(board: Board, taskId: string, budget: Budget | undefined): string | undefined {
  if (!budget) return undefined;
  const task = board.tasks.find((t) => t.id === taskId);
  const spent = task?.costUsd ?? 0;
  if (isLimit(budget.perTaskUsd) && spent >= budget.perTaskUsd) {
    return `Budget reached: "${task?.title ?? taskId}" has cost ${usd(spent)} of its ${usd(budget.perTaskUsd)} budget (setting viban.budget.perTaskUsd). Raise the budget to run it again.`;
  }
  const total = boardCostUsd(board);
  if (isLimit(budget.boardUsd) && total >= budget.boardUsd) {
    return `Budget reached: this board has cost ${usd(total)} of its ${usd(budget.boardUsd)} budget (setting viban.budget.boardUsd). Raise the budget to run more agents.`;
  }
  return undefined;
}

const isLimit = (n: number | undefined): n is number => typeof n === 'number' && Number.isFinite(n) && n >= 0;

/** Costs in messages and the status bar read as on the cards. */
export const usd = formatCost;
