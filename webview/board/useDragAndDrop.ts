// HTML5 drag and drop of cards between and within columns. The hook tracks the dragged card and
// the drop position (shown as an indicator); on drop it calls onMove with the protocol's toIndex:
// the position among the destination column's tasks (all of them, filtered or not) excluding the
// dragged one.
import { useCallback, useMemo, useRef, useState } from 'preact/hooks';
import { locateTask, type TasksByColumn } from '../state/taskOrder';

const DRAG_TYPE = 'application/x-viban-task';

export interface DropTarget {
  columnId: string;
  /** The card the indicator sits before; null for the end of the column. */
  beforeTaskId: string | null;
}

export interface DragAndDrop {
  draggingId: string | null;
  dropTarget: DropTarget | null;
  onDragStart(event: DragEvent, taskId: string): void;
  onDragEnd(): void;
  onColumnDragOver(event: DragEvent, columnId: string): void;
  onColumnDragLeave(event: DragEvent, columnId: string): void;
  onColumnDrop(event: DragEvent, columnId: string): void;
}

export function useDragAndDrop(groups: TasksByColumn, enabled: boolean, onMove: (taskId: string, toColumnId: string, toIndex: number) => void): DragAndDrop {
  const [draggingId, setDraggingId] = useState<string | null>(null);
  const [dropTarget, setDropTarget] = useState<DropTarget | null>(null);
  // Refs so the handlers stay stable (cards are memoised on their props) yet see fresh values.
  const live = useRef({ groups, enabled, onMove, draggingId, dropTarget });
  live.current = { groups, enabled, onMove, draggingId, dropTarget };

  const clear = useCallback(() => {
    setDraggingId(null);
    setDropTarget(null);
  }, []);

  const handlers = useMemo(
    () => ({
      onDragStart(event: DragEvent, taskId: string) {
        if (!live.current.enabled) {
          event.preventDefault();
          return;
        }
        if (event.dataTransfer) {
          event.dataTransfer.effectAllowed = 'move';
          event.dataTransfer.setData(DRAG_TYPE, taskId);
          event.dataTransfer.setData('text/plain', taskId);
        }
        setDraggingId(taskId);
      },
      onDragEnd: clear,
      onColumnDragOver(event: DragEvent, columnId: string) {
        const dragged = live.current.draggingId;
        if (!dragged) return; // not one of our cards (a file, text from elsewhere): no drop here
        event.preventDefault();
        if (event.dataTransfer) event.dataTransfer.dropEffect = 'move';
        const beforeTaskId = cardBelowPointer(event.currentTarget as HTMLElement, dragged, event.clientY);
        const current = live.current.dropTarget;
        if (current?.columnId !== columnId || current.beforeTaskId !== beforeTaskId) setDropTarget({ columnId, beforeTaskId });
      },
      onColumnDragLeave(event: DragEvent, columnId: string) {
        const column = event.currentTarget as HTMLElement;
        const into = event.relatedTarget as Node | null;
        if (into && column.contains(into)) return;
        if (live.current.dropTarget?.columnId === columnId) setDropTarget(null);
      },
      onColumnDrop(event: DragEvent, columnId: string) {
        const { draggingId: dragged, groups: g, onMove: move } = live.current;
        if (!dragged) return;
        event.preventDefault();
        const beforeTaskId = cardBelowPointer(event.currentTarget as HTMLElement, dragged, event.clientY);
        clear();
        const toIndex = dropIndex(g, dragged, columnId, beforeTaskId);
        const from = locateTask(g, dragged);
        if (from && from.columnId === columnId && from.index === toIndex) return; // dropped where it was
        move(dragged, columnId, toIndex);
      },
    }),
    [clear],
  );

  return { draggingId, dropTarget, ...handlers };
}

/** The first card (other than the dragged one) whose vertical middle is below the pointer. */
function cardBelowPointer(column: HTMLElement, draggedId: string, clientY: number): string | null {
  const items = column.querySelectorAll<HTMLElement>('.card-item[data-item-id]');
  for (const item of Array.from(items)) {
    const id = item.dataset.itemId;
    if (!id || id === draggedId) continue;
    const rect = item.getBoundingClientRect();
    if (clientY < rect.top + rect.height / 2) return id;
  }
  return null;
}

/** Translate "before card X" (or end) into toIndex among the column's tasks without the dragged one. */
export function dropIndex(groups: TasksByColumn, draggedId: string, columnId: string, beforeTaskId: string | null): number {
  const others = (groups.get(columnId) ?? []).filter((t) => t.id !== draggedId);
  if (beforeTaskId === null) return others.length;
  const i = others.findIndex((t) => t.id === beforeTaskId);
  return i < 0 ? others.length : i;
}
