// Memory as "project context": the part of memory an agent run or Assist should know, rendered
// as plain text within a character budget, so agents stop re-learning decisions. Decisions and
// preferences come first, then the surest and newest; items too unsure to act on are left out.
import type { MemoryCategory, MemoryItem } from '../protocol/memory';
import { sortItems } from './memoryRepository';

export interface ProjectContextOptions {
  /** Upper bound of the whole text, heading included (default 2,000 characters). */
  maxChars?: number;
  /** Items below this confidence are not worth an agent's attention (default 0.3). */
  minConfidence?: number;
}

const LABEL: Record<MemoryCategory, string> = {
  decision: 'Decision',
  preference: 'Preference',
  open: 'Open question',
  context: 'Context',
  experiment: 'Experiment',
};

const HEADING = 'Project memory (recorded by the team and earlier conversations; follow it unless told otherwise):';

/** The rendered context, or '' when there is nothing (or no room) to say. */
export function renderProjectContext(items: readonly MemoryItem[], opts: ProjectContextOptions = {}): string {
  const maxChars = opts.maxChars ?? 2000;
  const minConfidence = opts.minConfidence ?? 0.3;
  const chosen = sortItems(items.filter((i) => i.confidence >= minConfidence));
  if (!chosen.length || maxChars <= HEADING.length) return '';
  const lines = [HEADING];
  let used = HEADING.length;
  let shown = 0;
  for (const item of chosen) {
    const line = `- ${LABEL[item.category]}: ${item.value}${item.confidence < 0.7 ? ' (not certain)' : ''}`;
    const rest = chosen.length - shown - 1;
    // Keep room for the "more" line whenever anything would still follow.
    const reserve = rest > 0 ? moreLine(rest).length + 1 : 0;
    if (used + 1 + line.length + reserve > maxChars) break;
    lines.push(line);
    used += 1 + line.length;
    shown++;
  }
  if (shown === 0) return '';
  if (shown < chosen.length) lines.push(moreLine(chosen.length - shown));
  return lines.join('\n');
}

function moreLine(n: number): string {
  return `- (${n} more item${n === 1 ? '' : 's'} not shown: see \`viban memory\`)`;
}
