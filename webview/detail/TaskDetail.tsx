// One task: inline-editable title, markdown description (edit + sanitised preview), the agent
// (run, sessions, log, approvals, messages), its changes (review), and delete.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Board, Column, Task } from '../../src/protocol/model';
import type { GraphIntent } from '../host/useBoardCommands';
import { GraphSection } from './GraphSection';
import { cardLabel, formatCost } from '../board/cardSummary';
import { Button } from '../ui/Button';
import { IconButton } from '../ui/IconButton';
import { TextArea } from '../ui/TextArea';
import { TextField } from '../ui/TextField';
import { SessionPanel } from '../session/SessionPanel';
import { TaskStatusBadge } from '../session/TaskStatusBadge';
import { ChangesSection } from '../review/ChangesSection';
import { Markdown } from '../ui/Markdown';
import { StagePanel } from '../automation/StagePanel';

export interface TaskDetailProps {
  task: Task | undefined;
  columns: readonly Column[];
  /** Each column's cards in board order: to say where this card is ("In Review, 2 of 3"). */
  columnTasks?: ReadonlyMap<string, readonly Task[]>;
  readOnly: boolean;
  /** Workspace trust: agents run only in a trusted workspace. */
  trusted: boolean;
  folderName: string;
  layout: 'page' | 'panel';
  onClose: () => void;
  onUpdate: (taskId: string, changes: { title?: string; description?: string }) => void;
  onDelete: (taskId: string) => void;
  /** The whole board, for the task graph section (links, tier, the plan's graph). */
  board?: Board;
  onGraph?: (intent: GraphIntent) => void;
  onOpenTask?: (taskId: string) => void;
}

export function TaskDetail({ task, columns, columnTasks, readOnly, trusted, folderName, layout, onClose, onUpdate, onDelete, board, onGraph, onOpenTask }: TaskDetailProps) {
  const [titleDraft, setTitleDraft] = useState<string | null>(null);
  const [descriptionDraft, setDescriptionDraft] = useState<string | null>(null);
  const root = useRef<HTMLElement>(null);

  useEffect(() => {
    setTitleDraft(null);
    setDescriptionDraft(null);
    root.current?.querySelector<HTMLElement>('.detail-back')?.focus();
  }, [task?.id]);

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'Escape' || e.defaultPrevented) return;
    e.preventDefault();
    if (titleDraft !== null) setTitleDraft(null);
    else if (descriptionDraft !== null) setDescriptionDraft(null);
    else onClose();
  };

  const back = (
    <IconButton
      className="detail-back"
      icon={layout === 'page' ? 'arrow-left' : 'close'}
      label={layout === 'page' ? 'Back to board' : 'Close task details'}
      onClick={onClose}
    />
  );

  if (!task) {
    return (
      <section class={`detail detail-${layout}`} aria-label="Task details" ref={root} onKeyDown={onKeyDown}>
        <div class="detail-header">
          {back}
          <h2 class="detail-title">Task not found</h2>
        </div>
        <p class="muted">This task no longer exists on the board.</p>
      </section>
    );
  }

  const saveTitle = () => {
    const title = (titleDraft ?? '').trim().slice(0, 500);
    setTitleDraft(null);
    if (title && title !== task.title) onUpdate(task.id, { title });
  };
  const saveDescription = () => {
    if (descriptionDraft !== null && descriptionDraft !== task.description) onUpdate(task.id, { description: descriptionDraft });
    setDescriptionDraft(null);
  };
  const column = columns.find((c) => c.id === task.columnId);
  const siblings = columnTasks?.get(task.columnId) ?? [];
  const index = siblings.findIndex((t) => t.id === task.id);

  return (
    <section class={`detail detail-${layout}`} aria-label={`Task details: ${cardLabel(task)}`} ref={root} onKeyDown={onKeyDown}>
      <div class="detail-header">
        {back}
        {titleDraft !== null ? (
          <TextField
            className="detail-title-field"
            value={titleDraft}
            ariaLabel="Task title"
            autoFocus
            onInput={setTitleDraft}
            onBlur={saveTitle}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                saveTitle();
              }
            }}
          />
        ) : (
          <>
            <h2 class="detail-title">{task.title}</h2>
            <IconButton icon="edit" label="Edit title" disabled={readOnly} onClick={() => setTitleDraft(task.title)} />
          </>
        )}
      </div>

      <div class="detail-meta">
        {/* One status pill (derived like the card's); the column is where the card is, not a status. */}
        <TaskStatusBadge task={task} />
        {column && (
          // Where the card is on the board, in words: beside a narrow board it may be scrolled out of view.
          <span class="card-badge detail-position" title="Column and position on the board">
            <i class="codicon codicon-layout" aria-hidden="true" />
            {index >= 0 ? `${column.title} · ${index + 1} of ${siblings.length}` : column.title}
          </span>
        )}
        {task.costUsd !== undefined && <span class="card-badge">{formatCost(task.costUsd)}</span>}
        {task.createdBy && (
          <span class="card-badge" title="An agent created this task during its run">
            <i class="codicon codicon-sparkle" aria-hidden="true" />
            Created by session {task.createdBy.sessionId}
          </span>
        )}
      </div>

      <div class="detail-section">
        <div class="detail-section-header">
          <h3>Description</h3>
          {descriptionDraft === null && (
            <IconButton icon="edit" label="Edit description" disabled={readOnly} onClick={() => setDescriptionDraft(task.description)} />
          )}
        </div>
        {descriptionDraft !== null ? (
          <div class="description-editor">
            <TextArea value={descriptionDraft} ariaLabel="Description (markdown)" rows={8} autoFocus onInput={setDescriptionDraft} />
            <div class="form-actions">
              <Button onClick={saveDescription}>Save</Button>
              <Button appearance="secondary" onClick={() => setDescriptionDraft(null)}>
                Cancel
              </Button>
            </div>
            <h4 class="preview-label">Preview</h4>
            <Markdown source={descriptionDraft} className="description-preview" />
          </div>
        ) : task.description.trim() ? (
          <Markdown source={task.description} className="description" />
        ) : (
          <p class="muted">No description.</p>
        )}
      </div>

      {board && onGraph && <GraphSection task={task} board={board} readOnly={readOnly} onGraph={onGraph} onOpenTask={onOpenTask} />}
      <StagePanel task={task} columns={columns} trusted={trusted} />
      {task.checklist && task.checklist.length > 0 && (
        <div class="detail-section">
          <h3>Open questions</h3>
          <ul class="task-checklist">
            {task.checklist.map((c, i) => (
              <li key={i}>{c.done ? '☑' : '☐'} {c.text}</li>
            ))}
          </ul>
        </div>
      )}
      <SessionPanel task={task} trusted={trusted} folderName={folderName} />
      <ChangesSection task={task} trusted={trusted} readOnly={readOnly} />

      <div class="detail-danger">
        <Button appearance="secondary" disabled={readOnly} onClick={() => onDelete(task.id)}>
          <i slot="start" class="codicon codicon-trash" aria-hidden="true" />
          Delete task
        </Button>
      </div>
    </section>
  );
}
