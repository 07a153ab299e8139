// The task's place in the graph, in the detail pane: its tier (one click), what it is blocked by
// (each removable) with a searchable "Blocked by…" picker, what it blocks, and the plan's graph
// one click away. Every change is a request to the host, which refuses a cycle with the cycle named;
// the picker says so before asking, too.
import { useState } from 'preact/hooks';
import { NEEDS_MERGE, type Board, type Task, type Tier } from '../../src/protocol/model';
import type { GraphIntent } from '../host/useBoardCommands';
import { IconButton } from '../ui/IconButton';
import { TextField } from '../ui/TextField';
import { GraphView } from './GraphView';
import { prerequisiteCandidates } from './taskGraph';

const TIERS: ReadonlyArray<{ tier: Tier; hint: string }> = [
  { tier: 'A', hint: 'fast, cheap model for simple edits' },
  { tier: 'B', hint: 'the default, for feature work' },
  { tier: 'C', hint: 'the strongest, for hard debugging and architecture' },
];

export interface GraphSectionProps {
  task: Task;
  board: Board;
  readOnly: boolean;
  onGraph: (intent: GraphIntent) => void;
  onOpenTask?: (taskId: string) => void;
}

export function GraphSection({ task, board, readOnly, onGraph, onOpenTask }: GraphSectionProps) {
  const [picking, setPicking] = useState(false);
  const [query, setQuery] = useState('');
  const [showGraph, setShowGraph] = useState(false);
  const byId = new Map(board.tasks.map((t) => [t.id, t]));
  const prereqs = (task.blockedBy ?? []).map((id) => byId.get(id)).filter((t): t is Task => !!t);
  const dependants = board.tasks.filter((t) => t.blockedBy?.includes(task.id));
  const tier = task.tier ?? 'B';
  const candidates = picking ? prerequisiteCandidates(board, task.id, query) : [];

  const link = (otherId: string) => {
    onGraph({ action: 'link', taskId: task.id, otherId });
    setPicking(false);
    setQuery('');
  };
  const taskLink = (t: Task) =>
    onOpenTask ? (
      <a href="#" class="graph-task-link" onClick={(e) => (e.preventDefault(), onOpenTask(t.id))}>
        {t.title}
      </a>
    ) : (
      <span>{t.title}</span>
    );

  return (
    <div class="detail-section graph-section">
      <div class="detail-section-header">
        <h3>Task graph</h3>
        {(prereqs.length > 0 || dependants.length > 0) && (
          <IconButton icon="type-hierarchy" className="graph-toggle" label={showGraph ? 'Hide the graph' : 'Show the graph of this plan'} expanded={showGraph} onClick={() => setShowGraph((v) => !v)} />
        )}
      </div>

      <div class="tier-picker" role="radiogroup" aria-label="Model tier">
        <span class="graph-label">Tier</span>
        {TIERS.map(({ tier: t, hint }) => (
          <button
            type="button"
            key={t}
            role="radio"
            aria-checked={tier === t}
            class={`tier-option tier-${t}${tier === t ? ' selected' : ''}`}
            title={`Tier ${t}: ${hint}`}
            disabled={readOnly}
            onClick={() => tier !== t && onGraph({ action: 'setTier', taskId: task.id, tier: t })}
          >
            {t}
          </button>
        ))}
      </div>

      <div class="graph-links">
        <span class="graph-label">Blocked by</span>
        {prereqs.length === 0 && <span class="muted">nothing</span>}
        <ul class="graph-prereqs">
          {prereqs.map((p) => (
            <li key={p.id} class="graph-prereq" data-task-id={p.id}>
              {taskLink(p)}
              <IconButton icon="close" className="graph-unlink" label={`Stop waiting for "${p.title}"`} disabled={readOnly} onClick={() => onGraph({ action: 'unlink', taskId: task.id, otherId: p.id })} />
            </li>
          ))}
        </ul>
        {!picking ? (
          <button type="button" class="link-button graph-add" disabled={readOnly} onClick={() => setPicking(true)}>
            <i class="codicon codicon-add" aria-hidden="true" /> Blocked by…
          </button>
        ) : (
          <div class="graph-picker">
            <TextField
              className="graph-picker-search"
              value={query}
              ariaLabel="Find the task this one waits for"
              placeholder="Search tasks by title"
              autoFocus
              onInput={setQuery}
              onKeyDown={(e) => {
                if (e.key === 'Escape') {
                  e.stopPropagation();
                  setPicking(false);
                  setQuery('');
                } else if (e.key === 'Enter') {
                  const first = candidates.find((c) => !c.cycle);
                  if (first) link(first.task.id);
                }
              }}
            >
              <i slot="start" class="codicon codicon-search" aria-hidden="true" />
            </TextField>
            <ul class="graph-candidates" role="listbox" aria-label="Tasks">
              {candidates.length === 0 && <li class="muted">No other task matches.</li>}
              {candidates.map((c) => (
                <li key={c.task.id} role="option" aria-selected="false">
                  <button
                    type="button"
                    class={`graph-candidate${c.cycle ? ' would-cycle' : ''}`}
                    data-task-id={c.task.id}
                    title={c.cycle ? `That link would make a cycle: ${c.cycle}` : `"${task.title}" waits for "${c.task.title}"`}
                    onClick={() => link(c.task.id)}
                  >
                    <span>{c.task.title}</span>
                    {c.cycle && <span class="graph-cycle-hint">would make a cycle: {c.cycle}</span>}
                  </button>
                </li>
              ))}
            </ul>
          </div>
        )}
      </div>

      {dependants.length > 0 && (
        <div class="graph-links">
          <span class="graph-label">Blocks</span>
          <ul class="graph-dependants">
            {dependants.map((d) => (
              <li key={d.id}>{taskLink(d)}</li>
            ))}
          </ul>
        </div>
      )}
      {task.held && (
        <div class="graph-held">
          <span>{task.held}</span>
          {/* A conflict in its hand-off is left in its worktree: resolve it there, then Release runs it. */}
          {task.held.startsWith(NEEDS_MERGE) && (
            <button
              type="button"
              class="link-button graph-resolve-merge"
              disabled={readOnly}
              title="Open the conflicted files of this task's worktree in the merge editor; when they are resolved (Complete Merge), Release runs the task"
              onClick={() => onGraph({ action: 'resolveMerge', taskId: task.id })}
            >
              Resolve in merge editor
            </button>
          )}
          {/* It waits until the failed prerequisite is retried and succeeds, unless the person lets it go now. */}
          <button
            type="button"
            class="link-button graph-release"
            disabled={readOnly}
            title={
              task.held.startsWith(NEEDS_MERGE)
                ? 'Run it once its merge is resolved (now, if Run all is running; else on the next Run all)'
                : 'Run it without waiting for the failed prerequisite (now, if Run all is running; else on the next Run all)'
            }
            onClick={() => onGraph({ action: 'release', taskId: task.id })}
          >
            Release
          </button>
        </div>
      )}
      {showGraph && <GraphView board={board} taskId={task.id} onOpenTask={onOpenTask} />}
    </div>
  );
}
