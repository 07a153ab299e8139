// A first guess at a row's height, used until the row is measured. Cheap by design (no layout,
// no full text scan): it only has to be close enough that the scrollbar does not jump much.
import type { LogItem } from '../logModel';

const LINE = 18;
const CHARS_PER_LINE = 90;

export function estimateItemHeight(item: LogItem, expanded: boolean): number {
  const e = item.entry;
  switch (e.kind) {
    case 'user':
      return 36 + lines(e.text) * LINE;
    case 'assistant':
      return 16 + lines(e.text) * LINE;
    case 'approval_request':
      return expanded ? 160 : 30;
    case 'error':
      return 24 + lines(e.text) * LINE;
    case 'thinking':
    case 'tool_use':
    case 'tool_result':
    case 'stderr':
      return expanded ? 200 : 28;
    default:
      return 26;
  }
}

function lines(text: string): number {
  return Math.min(400, Math.max(1, Math.ceil(text.length / CHARS_PER_LINE)));
}
