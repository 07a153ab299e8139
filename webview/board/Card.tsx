import { Component, type ComponentChildren } from 'preact';
import { DEFAULT_TIER, type Task } from '../../src/protocol/model';
import { IconButton } from '../ui/IconButton';
import { taskState } from '../../src/protocol/taskState';
import { CardStage } from '../automation/CardStage';
import { cardLabel, changesLine, descriptionPreview, formatCost, statusIcon, statusLabel } from './cardSummary';
import { noGraph, verificationBadge, type CardGraph } from './cardGraph';
import { NEXT_TIER } from './tierCycle';

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
  /** Its place in the task graph (waits for, blocks). */
  graph?: CardGraph;
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
      p.moveMenuOpen !== next.moveMenuOpen || p.moveMenu !== next.moveMenu || (p.graph?.key ?? '') !== (next.graph?.key ?? '')
    );
  }

  override render({ task, active, selected, readOnly, dragging, moveMenuOpen, moveMenu, graph = noGraph }: CardProps) {
    const verified = verificationBadge(task);
    // The tier chip only where it says something: a tier other than the default (B). The detail pane changes any tier.
    const tier = task.tier && task.tier !== DEFAULT_TIER ? task.tier : undefined;
    const preview = descriptionPreview(task.description);
    // The same status as the detail header and the status bar (src/protocol/taskState.ts).
    const state = taskState({ task });
    const showStatus = state.label !== 'Idle';
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
          {showStatus && state.detail && (
            <div class={`card-status-line status-${state.status}`}>
              <i class={`codicon codicon-${statusIcon[state.status]}`} aria-hidden="true" />
              <span>{state.detail}</span>
            </div>
          )}
          {task.held && (
            <div class="card-graph-line held">
              <i class="codicon codicon-debug-pause" aria-hidden="true" />
              <span>{task.held}</span>
            </div>
          )}
          {graph.waitingFor.length > 0 && (
            <div class="card-graph-line waiting">
              <i class="codicon codicon-watch" aria-hidden="true" />
              <span>Waiting for: {graph.waitingFor.join(', ')}</span>
            </div>
          )}
          {graph.blocks.length > 0 && (
            <div class="card-graph-line blocks">
              <i class="codicon codicon-arrow-right" aria-hidden="true" />
              <span>Blocks: {graph.blocks.join(', ')}</span>
            </div>
          )}
          {task.createdBy && (
            // An agent filed this card during its run (through `viban mcp`): say which run, so it is not mistaken for the user's own.
            <div class="card-created-by" title={`Created by the agent of session ${task.createdBy.sessionId}`}>
              <i class="codicon codicon-sparkle" aria-hidden="true" />
              <span>Created by session {task.createdBy.sessionId}</span>
            </div>
          )}
          <CardStage task={task} />
          {changes && (
            <div class="card-changes">
              <i class="codicon codicon-diff" aria-hidden="true" />
              <span>{changesLine(changes)}</span>
            </div>
          )}
          {(hasBadges || tier || verified) && (
            <div class="card-badges">
              {showStatus && (
                <span class={`card-badge status-${state.status}`} title={state.detail ?? state.label}>
                  <i class={`codicon codicon-${statusIcon[state.status]}`} aria-hidden="true" />
                  {state.label}
                </span>
              )}
              {tier && (
                <span
                  class={`card-badge tier tier-${tier}${readOnly ? '' : ' tier-toggle'}`}
                  data-tier={tier}
                  title={`Model tier ${tier} (A: fast, B: default, C: strongest)${readOnly ? '' : ' — click for the next tier'}`}
                >
                  Tier {tier}
                </span>
              )}
              {verified && (
                <span class={`card-badge ${verified.className}`} title={verified.title}>
                  {verified.text}
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
        {!readOnly && (
          // One click (or T on the focused card) steps the tier A → B → C → A; revealed on hover and focus like Move.
          <button
            type="button"
            class={`card-tier tier-${task.tier ?? DEFAULT_TIER}`}
            tabIndex={active ? 0 : -1}
            aria-label={`Model tier ${task.tier ?? DEFAULT_TIER} for "${task.title}": change to tier ${NEXT_TIER[task.tier ?? DEFAULT_TIER]} (T)`}
            title={`Model tier ${task.tier ?? DEFAULT_TIER} (A: fast, B: default, C: strongest). Click or press T for tier ${NEXT_TIER[task.tier ?? DEFAULT_TIER]}`}
          >
            {task.tier ?? DEFAULT_TIER}
          </button>
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
