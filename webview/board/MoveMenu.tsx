// The "Move to…" menu on a card: the other columns, plus top/bottom of its own column.
import type { Column } from '../../src/protocol/model';
import type { TasksByColumn } from '../state/taskOrder';
import { Menu, type MenuItem } from '../ui/Menu';

export interface MoveMenuProps {
  taskId: string;
  taskTitle: string;
  columns: readonly Column[];
  groups: TasksByColumn;
  onMove: (toColumnId: string, toIndex: number) => void;
  /** The card's Move button, which the menu opens beside. */
  anchor: () => Element | null | undefined;
  onClose: (restoreFocus: boolean) => void;
}

export function MoveMenu({ taskId, taskTitle, columns, groups, anchor, onMove, onClose }: MoveMenuProps) {
  const current = columns.find((c) => groups.get(c.id)?.some((t) => t.id === taskId));
  const siblings = current ? (groups.get(current.id) ?? []) : [];
  const index = siblings.findIndex((t) => t.id === taskId);
  const items: MenuItem[] = [];
  if (current) {
    items.push(
      { id: 'top', label: 'Top of column', icon: 'arrow-up', disabled: index <= 0, onSelect: () => onMove(current.id, 0) },
      { id: 'bottom', label: 'Bottom of column', icon: 'arrow-down', disabled: index === siblings.length - 1, onSelect: () => onMove(current.id, siblings.length - 1) },
    );
  }
  for (const column of columns) {
    if (column.id === current?.id) continue;
    const count = groups.get(column.id)?.length ?? 0;
    items.push({ id: `column:${column.id}`, label: column.title, icon: 'arrow-right', onSelect: () => onMove(column.id, count) });
  }
  return <Menu label={`Move "${taskTitle}" to`} items={items} anchor={anchor} onClose={onClose} className="move-menu" />;
}
