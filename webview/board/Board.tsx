// The board: header, columns side by side, keyboard navigation (roving tabindex), drag and drop
// and the Move to… menu. Pure data comes in as props; intents go out through `commands`.
import { cardGraphs } from './cardGraph';
import { useCallback, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { FolderInfo } from '../../src/protocol/messages';
import type { Board as BoardModel, Task } from '../../src/protocol/model';
import type { BoardCommands } from '../host/useBoardCommands';
import { groupTasksByColumn, taskMatches, type TasksByColumn } from '../state/taskOrder';
import { AddColumn } from './AddColumn';
import { BoardHeader } from './BoardHeader';
import { cardListEvents } from './cardEvents';
import { Column, type ColumnCommands } from './Column';
import { ColumnSwitcher } from './ColumnSwitcher';
import { isArrowKey, keyboardMoveTarget, neighbourCard } from './keyboardMove';
import { MoveMenu } from './MoveMenu';
import { NEXT_TIER } from './tierCycle';
import { NewTaskForm } from './NewTaskForm';
import { useBoardScroll } from './useBoardScroll';
import { useCardWindow } from './useCardWindow';
import { useColumnFit } from './useColumnFit';
import { useDragAndDrop } from './useDragAndDrop';

export interface BoardProps {
  board: BoardModel;
  readOnly: boolean;
  folders: readonly FolderInfo[];
  folderKey: string;
  host: 'sidebar' | 'editor';
  filter: string;
  selectedTaskId: string | null;
  onFilterChange: (text: string) => void;
  onOpenTask: (taskId: string) => void;
  commands: BoardCommands;
  /** The folder's Run all (from the host): drives the header's Run all / Stop all. */
  graphRun?: GraphRunState;
}

export interface GraphRunState {
  running: boolean;
  text?: string;
}


/** `addingIn` value for the form opened from the header (no column: the host picks the first). */
const HEADER_FORM = '';

export function Board(props: BoardProps) {
  const { board, readOnly, filter, commands } = props;
  const groups = useMemo(() => groupTasksByColumn(board), [board]);
  const graphs = useMemo(() => cardGraphs(board), [board]);
  const query = filter.trim().toLowerCase();
  const visible = useMemo(() => filterGroups(groups, query), [groups, query]);
  const visibleCount = useMemo(() => countAll(visible), [visible]);
  const columnCounts = useMemo(() => new Map(board.columns.map((c) => [c.id, visible.get(c.id)?.length ?? 0])), [board.columns, visible]);

  const [activeId, setActiveId] = useState<string | null>(props.selectedTaskId);
  const [moveMenuId, setMoveMenuId] = useState<string | null>(null);
  const [addingIn, setAddingIn] = useState<string | null>(null);
  const pendingFocus = useRef<{ taskId: string; target: 'card' | 'move' } | null>(null);
  const root = useRef<HTMLDivElement>(null);
  const strip = useRef<HTMLDivElement>(null);
  useBoardScroll(root, strip);
  useColumnFit(strip, board.columns.length);
  const cardWindow = useCardWindow(root, visible);

  // The roving tab stop: the remembered card while it is visible, else the first visible card.
  const activeTaskId = activeId && isVisible(visible, activeId) ? activeId : firstVisible(board, visible);

  const focusCard = (taskId: string, target: 'card' | 'move' = 'card') => {
    pendingFocus.current = { taskId, target };
    revealCard(taskId);
    setActiveId(taskId);
  };
  const revealCard = (taskId: string) => {
    const at = positionIn(visible, taskId);
    if (at) cardWindow.reveal(at.columnId, at.index);
  };

  // The card whose details are open stays in view: when it opens, when the detail pane narrows
  // the board, and when a run moves it to another column.
  const selected = props.selectedTaskId ? positionIn(visible, props.selectedTaskId) : undefined;
  const followKey = selected ? `${props.selectedTaskId}@${selected.columnId}:${selected.index}` : '';
  const follow = useRef<string | null>(null);
  useLayoutEffect(() => {
    if (!selected || !props.selectedTaskId) return;
    revealCard(props.selectedTaskId);
    follow.current = props.selectedTaskId;
  }, [followKey]);
  // A separate pass: the card may only be rendered on the next render (see useCardWindow).
  useLayoutEffect(() => {
    const card = follow.current && root.current ? findCard(root.current, follow.current) : undefined;
    if (!card) return;
    follow.current = null;
    card.scrollIntoView?.({ block: 'nearest', inline: 'nearest' });
  });

  useLayoutEffect(() => {
    const want = pendingFocus.current;
    if (!want || !root.current) return;
    pendingFocus.current = null;
    const card = findCard(root.current, want.taskId);
    const el = want.target === 'move' ? card?.parentElement?.querySelector<HTMLElement>('.card-move') : card;
    el?.focus();
    el?.scrollIntoView?.({ block: 'nearest', inline: 'nearest' });
  });

  const move = (taskId: string, toColumnId: string, toIndex: number) => {
    commands.moveTask(taskId, toColumnId, toIndex);
    focusCard(taskId);
  };
  const dnd = useDragAndDrop(groups, !readOnly, move);

  // Handlers read fresh state through a ref so their identity never changes (cards are memoised).
  const cycleTier = (taskId: string) => {
    const t = readOnly ? undefined : board.tasks.find((x) => x.id === taskId);
    if (t) commands.graph({ action: 'setTier', taskId, tier: NEXT_TIER[t.tier ?? 'B'] });
  };
  const live = useRef({ board, groups, visible, readOnly, moveMenuId, move, focusCard, cycleTier, onOpenTask: props.onOpenTask });
  live.current = { board, groups, visible, readOnly, moveMenuId, move, focusCard, cycleTier, onOpenTask: props.onOpenTask };

  const onCardKeyDown = useCallback((e: KeyboardEvent, taskId: string) => {
    const s = live.current;
    if (e.key === 'Enter' || e.key === ' ') {
      s.onOpenTask(taskId);
    } else if ((e.key === 't' || e.key === 'T') && !e.altKey && !e.ctrlKey && !e.metaKey) {
      s.cycleTier(taskId);
    } else if (e.key === 'ContextMenu' || (e.key === 'F10' && e.shiftKey)) {
      if (!s.readOnly) setMoveMenuId(taskId);
    } else if (e.altKey && isArrowKey(e.key)) {
      const target = s.readOnly ? null : keyboardMoveTarget(s.board.columns, s.groups, taskId, e.key);
      if (target) s.move(target.taskId, target.toColumnId, target.toIndex);
    } else if (!e.altKey && !e.ctrlKey && !e.metaKey && (isArrowKey(e.key) || e.key === 'Home' || e.key === 'End')) {
      const next = neighbourCard(s.board.columns, s.visible, taskId, e.key as Parameters<typeof neighbourCard>[3]);
      if (next) s.focusCard(next);
    } else {
      return;
    }
    e.preventDefault();
    e.stopPropagation();
  }, []);

  const cardEvents = useMemo(
    () => cardListEvents({
      onOpen: (taskId) => live.current.onOpenTask(taskId),
      onKeyDown: onCardKeyDown,
      onFocus: (taskId) => setActiveId(taskId),
      onToggleMoveMenu: (taskId) => setMoveMenuId((open) => (open === taskId ? null : taskId)),
      onCycleTier: (taskId) => live.current.cycleTier(taskId),
      onDragStart: dnd.onDragStart,
      onDragEnd: dnd.onDragEnd,
    }),
    [onCardKeyDown, dnd.onDragStart, dnd.onDragEnd],
  );

  const renderMoveMenu = (task: Task) => (
    <MoveMenu
      taskId={task.id}
      taskTitle={task.title}
      columns={board.columns}
      groups={groups}
      anchor={() => (root.current ? findCard(root.current, task.id)?.parentElement?.querySelector('.card-move') : null)}
      onMove={(toColumnId, toIndex) => move(task.id, toColumnId, toIndex)}
      onClose={(restore) => {
        setMoveMenuId(null);
        if (restore) focusCard(task.id, 'move');
      }}
    />
  );

  const columnCommands: ColumnCommands = {
    onStartAdd: (columnId) => setAddingIn(columnId),
    onCreate: (title, description, columnId) => {
      commands.createTask(title, description, columnId);
      setAddingIn(null);
    },
    onRename: commands.renameColumn,
    onMoveColumn: commands.moveColumn,
    onDeleteColumn: commands.deleteColumn,
    onRunAllColumn: (columnId) => commands.graph({ action: 'runAll', columnId }),
    graphRunning: props.graphRun?.running ?? false,
  };

  return (
    <div class="board" ref={root}>
      <BoardHeader
        folders={props.folders}
        folderKey={props.folderKey}
        host={props.host}
        filter={filter}
        visibleCount={visibleCount}
        totalCount={board.tasks.length}
        readOnly={readOnly}
        onFilterChange={props.onFilterChange}
        onNewTask={() => setAddingIn(HEADER_FORM)}
        onSelectFolder={commands.selectFolder}
        onOpenInEditor={commands.openBoardInEditor}
        graphRun={props.graphRun}
        onRunAll={() => commands.graph({ action: 'runAll' })}
        onStopAll={() => commands.graph({ action: 'stopAll' })}
      />
      {addingIn === HEADER_FORM && (
        <NewTaskForm onSubmit={(title, description) => columnCommands.onCreate(title, description)} onCancel={() => setAddingIn(null)} />
      )}
      <ColumnSwitcher columns={board.columns} counts={columnCounts} strip={strip} />
      <div class="columns" role="region" aria-label="Board columns" aria-roledescription="kanban board" ref={strip}>
        {board.columns.map((column, index) => (
          <Column
            key={column.id}
            column={column}
            index={index}
            columnCount={board.columns.length}
            tasks={visible.get(column.id) ?? []}
            limit={cardWindow.limitOf(column.id)}
            totalCount={groups.get(column.id)?.length ?? 0}
            filtering={query !== ''}
            readOnly={readOnly}
            adding={addingIn === column.id}
            activeTaskId={activeTaskId}
            selectedTaskId={props.selectedTaskId}
            moveMenuTaskId={moveMenuId}
            renderMoveMenu={renderMoveMenu}
            dnd={dnd}
            cardEvents={cardEvents}
            commands={columnCommands}
            graphs={graphs}
          />
        ))}
        <AddColumn disabled={readOnly} onAdd={commands.addColumn} />
      </div>
    </div>
  );
}

function filterGroups(groups: TasksByColumn, query: string): TasksByColumn {
  if (!query) return groups;
  const out = new Map<string, Task[]>();
  for (const [columnId, list] of groups) out.set(columnId, list.filter((t) => taskMatches(t, query)));
  return out;
}

function countAll(groups: TasksByColumn): number {
  let n = 0;
  for (const list of groups.values()) n += list.length;
  return n;
}

function isVisible(groups: TasksByColumn, taskId: string): boolean {
  for (const list of groups.values()) if (list.some((t) => t.id === taskId)) return true;
  return false;
}

function firstVisible(board: BoardModel, groups: TasksByColumn): string | null {
  for (const column of board.columns) {
    const first = groups.get(column.id)?.[0];
    if (first) return first.id;
  }
  return null;
}

function positionIn(groups: TasksByColumn, taskId: string): { columnId: string; index: number } | undefined {
  for (const [columnId, list] of groups) {
    const index = list.findIndex((t) => t.id === taskId);
    if (index >= 0) return { columnId, index };
  }
  return undefined;
}

function findCard(root: HTMLElement, taskId: string): HTMLElement | undefined {
  return Array.from(root.querySelectorAll<HTMLElement>('.card[data-task-id]')).find((el) => el.dataset.taskId === taskId);
}
