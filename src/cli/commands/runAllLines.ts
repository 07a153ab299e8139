// The lines `viban run-all` prints: one when a task starts, one when it ends, one per hold.
import type { GraphEvent } from '../../graph';
import type { Output } from '../output';

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export function graphEventLine(e: GraphEvent, out: Output, tierOf: (taskId: string) => string): string | undefined {
  switch (e.type) {
    case 'plan':
      return undefined;
    case 'start':
      return `${out.style('bold', '▶')} ${e.title} (${e.taskId}) started · ${e.executorId}${e.model ? ` · model ${e.model}` : ''} · tier ${tierOf(e.taskId)}`;
    case 'end':
      if (e.status === 'succeeded') return `✔ ${e.title} (${e.taskId}) succeeded${e.durationMs !== undefined ? ` in ${seconds(e.durationMs)}` : ''}`;
      if (e.status === 'stopped') return `■ ${e.title} (${e.taskId}) stopped`;
      return `✖ ${e.title} (${e.taskId}) failed: ${firstLine(e.error ?? 'unknown error')}`;
    case 'checks':
      return e.ok ? `  ${e.title}: Verified ✓` : `  ${e.title}: ${firstLine(e.reason ?? 'checks failed')}`;
    case 'held':
      return `⏸ ${e.title} (${e.taskId}) ${e.reason}`;
    case 'unheld':
      return `▷ ${e.title} (${e.taskId}) no longer held`;
    case 'awaiting':
      return `… ${e.title} (${e.taskId}) waits for ${e.what} before its dependants start`;
  }
}

function firstLine(text: string): string {
  const line = text.split('\n').find((l) => l.trim()) ?? text;
  return line.length > 200 ? `${line.slice(0, 197)}…` : line;
}
