// The graph of the plan a task belongs to: prerequisites to the left, dependants to the right
// (a column per step of the longest chain), arrows from what must finish first, each node in its
// status colour. Plain SVG in the theme's colours; a node opens its task.
import type { Board } from '../../src/protocol/model';
import { taskState } from '../../src/protocol/taskState';
import { planOf } from './taskGraph';

const NODE_W = 168;
const NODE_H = 40;
const GAP_X = 48;
const GAP_Y = 12;
const PAD = 8;
const TITLE_CHARS = 24;

export interface GraphViewProps {
  board: Board;
  taskId: string;
  onOpenTask?: (taskId: string) => void;
}

export function GraphView({ board, taskId, onOpenTask }: GraphViewProps) {
  const { layers, edges } = planOf(board, taskId);
  const at = new Map<string, { x: number; y: number }>();
  layers.forEach((layer, col) => layer.forEach((t, row) => at.set(t.id, { x: PAD + col * (NODE_W + GAP_X), y: PAD + row * (NODE_H + GAP_Y) })));
  const width = PAD * 2 + layers.length * NODE_W + Math.max(0, layers.length - 1) * GAP_X;
  const height = PAD * 2 + Math.max(...layers.map((l) => l.length)) * (NODE_H + GAP_Y) - GAP_Y;
  const count = layers.reduce((n, l) => n + l.length, 0);

  return (
    <div class="graph-view" role="group" aria-label={`Graph of ${count} linked tasks`}>
      <div class="graph-canvas" style={{ width: `${width}px`, height: `${height}px` }}>
      <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-hidden="true">
        <defs>
          <marker id="graph-arrow" viewBox="0 0 8 8" refX="8" refY="4" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M0,0 L8,4 L0,8 z" class="graph-arrow-head" />
          </marker>
        </defs>
        {edges.map(({ from, to }) => {
          const a = at.get(from);
          const b = at.get(to);
          if (!a || !b) return null;
          const x1 = a.x + NODE_W;
          const y1 = a.y + NODE_H / 2;
          const x2 = b.x;
          const y2 = b.y + NODE_H / 2;
          const bend = Math.max(16, (x2 - x1) / 2);
          return <path key={`${from}>${to}`} class="graph-edge" d={`M${x1},${y1} C${x1 + bend},${y1} ${x2 - bend},${y2} ${x2},${y2}`} marker-end="url(#graph-arrow)" />;
        })}
      </svg>
      {layers.flat().map((t) => {
        const p = at.get(t.id)!;
        const state = taskState({ task: t });
        const title = t.title.length > TITLE_CHARS ? `${t.title.slice(0, TITLE_CHARS - 1)}…` : t.title;
        return (
          <button
            type="button"
            key={t.id}
            class={`graph-node status-${state.status}${t.id === taskId ? ' current' : ''}${t.held ? ' held' : ''}`}
            data-task-id={t.id}
            style={{ left: `${p.x}px`, top: `${p.y}px`, width: `${NODE_W}px`, height: `${NODE_H}px` }}
            title={`${t.title} — ${t.held ?? state.label} · tier ${t.tier ?? 'B'}`}
            aria-current={t.id === taskId ? 'true' : undefined}
            onClick={() => onOpenTask?.(t.id)}
          >
            <span class="graph-node-title">{title}</span>
            <span class="graph-node-state">{t.held ? 'Held' : state.label} · {t.tier ?? 'B'}</span>
          </button>
        );
      })}
      </div>
    </div>
  );
}
