import type { ComponentChildren } from 'preact';
import type { Column as ColumnModel, Task } from '../../src/protocol/model';
import { Card } from './Card';
import type { CardGraph } from './cardGraph';
import type { CardListEventProps } from './cardEvents';
import { ColumnHeader } from './ColumnHeader';
import { NewTaskForm } from './NewTaskForm';
import { ESTIMATED_CARD_PX } from './useCardWindow';
import type { DragAndDrop } from './useDragAndDrop';

export interface ColumnCommands {
  onStartAdd(columnId: string | null): void;
  onCreate(title: string, description: string, columnId?: string): void;
  onRename(columnId: string, title: string): void;
  onMoveColumn(columnId: string, toIndex: number): void;
  onDeleteColumn(columnId: string): void;
  /** Run all for this column's tasks (in dependency order); absent where the view cannot run the graph. */
  onRunAllColumn?(columnId: string): void;
  /** A graph is running in this folder: Run all waits for Stop all. */
  graphRunning?: boolean;
}

export interface ColumnProps {
  column: ColumnModel;
  index: number;
  columnCount: number;
  /** The cards to show (filtered), in order. */
  tasks: readonly Task[];
  /** How many cards to put in the DOM now; a spacer stands for the rest (see useCardWindow). */
  limit: number;
  totalCount: number;
  filtering: boolean;
  readOnly: boolean;
  adding: boolean;
  activeTaskId: string | null;
  /** The card whose details are open. */
  selectedTaskId: string | null;
  moveMenuTaskId: string | null;
  renderMoveMenu: (task: Task) => ComponentChildren;
  dnd: DragAndDrop;
  /** Delegated card events for the list (built once by the board). */
  cardEvents: CardListEventProps;
  commands: ColumnCommands;
  /** Each card's place in the task graph, by task id (absent: not linked). */
  graphs?: ReadonlyMap<string, CardGraph>;
}

export function Column(props: ColumnProps) {
  const { column, index, columnCount, tasks, totalCount, filtering, readOnly, adding, activeTaskId, moveMenuTaskId, dnd, cardEvents, commands } = props;
  const headingId = `column-heading-${index}`;
  const drop = dnd.dropTarget?.columnId === column.id ? dnd.dropTarget : null;
  const countText = filtering ? `${tasks.length} of ${totalCount}` : String(totalCount);
  const cards: ComponentChildren[] = [];
  const shown = tasks.length > props.limit ? tasks.slice(0, props.limit) : tasks;
  for (const task of shown) {
    if (drop && drop.beforeTaskId === task.id) cards.push(<DropIndicator key="drop" />);
    cards.push(
      <Card
        key={task.id}
        task={task}
        active={task.id === activeTaskId}
        selected={task.id === props.selectedTaskId}
        readOnly={readOnly}
        dragging={task.id === dnd.draggingId}
        moveMenuOpen={task.id === moveMenuTaskId}
        moveMenu={task.id === moveMenuTaskId ? props.renderMoveMenu(task) : null}
        graph={props.graphs?.get(task.id)}
      />,
    );
  }
  const unrendered = tasks.length - shown.length;
  if (unrendered > 0) cards.push(<CardSpacer key="spacer" count={unrendered} />);
  if (drop && drop.beforeTaskId === null) cards.push(<DropIndicator key="drop" />);

  return (
    <section
      class={drop ? 'column drop-target' : 'column'}
      data-column-id={column.id}
      aria-labelledby={headingId}
      onDragOver={(e) => dnd.onColumnDragOver(e, column.id)}
      onDragLeave={(e) => dnd.onColumnDragLeave(e, column.id)}
      onDrop={(e) => dnd.onColumnDrop(e, column.id)}
    >
      <ColumnHeader
        column={column}
        index={index}
        columnCount={columnCount}
        headingId={headingId}
        countText={countText}
        readOnly={readOnly}
        onAddTask={() => commands.onStartAdd(column.id)}
        onRename={(title) => commands.onRename(column.id, title)}
        onMove={(toIndex) => commands.onMoveColumn(column.id, toIndex)}
        onDelete={() => commands.onDeleteColumn(column.id)}
        onRunAll={commands.onRunAllColumn && (() => commands.onRunAllColumn!(column.id))}
        graphRunning={commands.graphRunning}
        hasTasks={totalCount > 0}
      />
      {adding && (
        <NewTaskForm
          columnTitle={column.title}
          onSubmit={(title, description) => commands.onCreate(title, description, column.id)}
          onCancel={() => commands.onStartAdd(null)}
        />
      )}
      <ul class="card-list" role="list" data-column-id={column.id} aria-label={`${column.title}, ${totalCount} ${totalCount === 1 ? 'card' : 'cards'}`} {...cardEvents}>
        {cards}
      </ul>
      {tasks.length === 0 && !drop && <p class="column-empty">{filtering && totalCount ? 'No matching tasks' : 'No tasks'}</p>}
    </section>
  );
}

/** Stands in for the cards not rendered yet: their estimated height, so the list scrolls as if they were there. */
function CardSpacer({ count }: { count: number }) {
  return <li class="card-spacer" role="presentation" aria-hidden="true" data-count={count} style={{ height: `${count * ESTIMATED_CARD_PX}px` }} />;
}

function DropIndicator() {
  return <li class="drop-indicator" role="presentation" aria-hidden="true" />;
}
