// Pure keyboard logic for the board: where Alt+Arrow moves a card, and which card plain arrows
// focus next. Columns are laid out left to right, cards top to bottom.
import type { Column } from '../../src/protocol/model';
import { locateTask, type MoveTarget, type TasksByColumn } from '../state/taskOrder';

export type ArrowKey = 'ArrowUp' | 'ArrowDown' | 'ArrowLeft' | 'ArrowRight';

export const isArrowKey = (key: string): key is ArrowKey =>
  key === 'ArrowUp' || key === 'ArrowDown' || key === 'ArrowLeft' || key === 'ArrowRight';

/**
 * Alt+Arrow: Up/Down reorder within the column, Left/Right move to the neighbouring column at the
 * same position (clamped). `toIndex` counts the destination's tasks excluding the moved one.
 * `groups` must hold every task (not just the filtered ones). Null when there is nowhere to go.
 */
export function keyboardMoveTarget(columns: readonly Column[], groups: TasksByColumn, taskId: string, key: ArrowKey): MoveTarget | null {
  const from = locateTask(groups, taskId);
  if (!from) return null;
  const count = groups.get(from.columnId)?.length ?? 0;
  if (key === 'ArrowUp') return from.index > 0 ? { taskId, toColumnId: from.columnId, toIndex: from.index - 1 } : null;
  if (key === 'ArrowDown') return from.index < count - 1 ? { taskId, toColumnId: from.columnId, toIndex: from.index + 1 } : null;
  const columnIndex = columns.findIndex((c) => c.id === from.columnId);
  const to = columns[columnIndex + (key === 'ArrowLeft' ? -1 : 1)];
  if (!to) return null;
  const destinationCount = groups.get(to.id)?.length ?? 0;
  return { taskId, toColumnId: to.id, toIndex: Math.min(from.index, destinationCount) };
}

/**
 * Plain arrows: the card to focus next among the visible (filtered) cards. Left/Right skip empty
 * columns and land on the nearest index; Home/End go to the column's ends.
 */
export function neighbourCard(columns: readonly Column[], visible: TasksByColumn, taskId: string, key: ArrowKey | 'Home' | 'End'): string | null {
  const from = locateTask(visible, taskId);
  if (!from) return null;
  const list = visible.get(from.columnId) ?? [];
  switch (key) {
    case 'ArrowUp': return list[from.index - 1]?.id ?? null;
    case 'ArrowDown': return list[from.index + 1]?.id ?? null;
    case 'Home': return list[0]?.id ?? null;
    case 'End': return list[list.length - 1]?.id ?? null;
  }
  const step = key === 'ArrowLeft' ? -1 : 1;
  for (let c = columns.findIndex((col) => col.id === from.columnId) + step; c >= 0 && c < columns.length; c += step) {
    const other = visible.get(columns[c].id) ?? [];
    if (other.length) return other[Math.min(from.index, other.length - 1)].id;
  }
  return null;
}
