import { Component, type ComponentChildren } from 'preact';
import type { Task } from '../../src/protocol/model';
import { IconButton } from '../ui/IconButton';
import { CardStage } from '../automation/CardStage';
import { cardLabel, changesLine, descriptionPreview, formatCost, statusIcon, statusLabel } from './cardSummary';

export interface CardProps {
  task: Task;
  /** The one card in the board's roving tab order. */
  active: boolean;
  /** Its details are open (beside the board). */
  selected: boolean;
  readOnly: boolean;
  dragging: boolean;
  moveMenuOpen: boolean;
  /** The open Move to… menu, only for the card whose menu is open. */
  moveMenu: ComponentChildren;
}

/**
 * A task card: markup only. Its events are handled once per column (see cardEvents.ts), so a board
 * of thousands of cards registers a handful of listeners, and shouldComponentUpdate re-renders
 * only the cards whose props changed.
 */
export class Card extends Component<CardProps> {
  override shouldComponentUpdate(next: CardProps): boolean {
    const p = this.props;
    return (
      p.task !== next.task || p.active !== next.active || p.selected !== next.selected || p.readOnly !== next.readOnly || p.dragging !== next.dragging ||
      p.moveMenuOpen !== next.moveMenuOpen || p.moveMenu !== next.moveMenu
    );
  }

  override render({ task, active, selected, readOnly, dragging, moveMenuOpen, moveMenu }: CardProps) {
    const preview = descriptionPreview(task.description);
    const showStatus = task.agentStatus !== 'idle';
    const hasBadges = showStatus || task.executorId || task.costUsd !== undefined || task.needsReview;
    const changes = task.changes && task.changes.files > 0 ? task.changes : undefined;
    // Only web links: the URL comes from git/gh output, not from trusted markup.
    const prUrl = task.prUrl && /^https?:\/\//i.test(task.prUrl) ? task.prUrl : undefined;
    return (
      <li class={`card-item${selected ? ' selected' : ''}${dragging ? ' dragging' : ''}${moveMenuOpen ? ' menu-open' : ''}${prUrl ? ' has-pr' : ''}`} data-item-id={task.id}>
        <div
          class="card"
          role="button"
          tabIndex={active ? 0 : -1}
          data-task-id={task.id}
          aria-label={cardLabel(task)}
          aria-current={selected ? 'true' : undefined}
          draggable={!readOnly}
        >
          <div class="card-title">{task.title}</div>
          {preview && <div class="card-description">{preview}</div>}
          {showStatus && task.agentStatusMessage && (
            <div class={`card-status-line status-${task.agentStatus}`}>
              <i class={`codicon codicon-${statusIcon[task.agentStatus]}`} aria-hidden="true" />
              <span>{task.agentStatusMessage}</span>
            </div>
          )}
          <CardStage task={task} />
          {changes && (
            <div class="card-changes">
              <i class="codicon codicon-diff" aria-hidden="true" />
              <span>{changesLine(changes)}</span>
            </div>
          )}
          {hasBadges && (
            <div class="card-badges">
              {showStatus && (
                <span class={`card-badge status-${task.agentStatus}`} title={task.agentStatusMessage ?? statusLabel[task.agentStatus]}>
                  <i class={`codicon codicon-${statusIcon[task.agentStatus]}`} aria-hidden="true" />
                  {statusLabel[task.agentStatus]}
                </span>
              )}
              {task.executorId && <span class="card-badge">{task.executorId}</span>}
              {task.costUsd !== undefined && <span class="card-badge">{formatCost(task.costUsd)}</span>}
              {task.needsReview && (
                <span class="card-badge needs-review" title={task.needsReview}>
                  <i class="codicon codicon-warning" aria-hidden="true" />
                  Needs review
                </span>
              )}
            </div>
          )}
        </div>
        {prUrl && (
          // Beside the card, not inside it: a link nested in the card's button would be unreachable for screen readers.
          <a class="card-pr" href={prUrl} title={`Pull request: ${prUrl}`} aria-label={`Pull request for "${task.title}"`} tabIndex={active ? 0 : -1}>
            PR
          </a>
        )}
        <IconButton
          className="card-move"
          icon="arrow-swap"
          label={`Move "${task.title}" to…`}
          tabIndex={active ? 0 : -1}
          disabled={readOnly}
          hasPopup
          expanded={moveMenuOpen}
        />
        {moveMenu}
      </li>
    );
  }
}
