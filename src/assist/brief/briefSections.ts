// The briefing as sections of short lines, in the order a person wants them: what needs them
// first (failures, waiting agents, failed checks), then what moved (pull requests, merges), then
// what is due, then what simply finished. The command line prints these; the editor renders
// the same sections as a document whose lines link to their cards.
import type { BriefCheck, BriefPullRequest, BriefRun, Briefing } from './briefing';
import { isQuiet } from './briefing';
import { formatCost } from '../../shared/format';

export interface BriefLine {
  text: string;
  /** The card to open for this line (absent: the card is gone, or it is not about a card). */
  taskId?: string;
  /** A memory item the line is about (an open question). */
  memoryId?: string;
}

export interface BriefSection {
  title: string;
  lines: BriefLine[];
}

export function briefHeadline(b: Briefing, now = new Date(b.until)): string {
  const c = b.counts;
  const parts = [
    plural(c.finished, 'run finished', 'runs finished'),
    `${c.failed} failed`,
    `${c.waiting} waiting for you`,
    plural(c.checksFailed, 'check failed', 'checks failed'),
    plural(c.pullRequestsOpened, 'pull request opened', 'pull requests opened'),
    `${c.merged} merged`,
    `${formatUsd(b.costUsd)} spent`,
  ];
  return `Since ${formatTime(b.since)} (${ago(Date.parse(b.since), now.getTime())}): ${parts.join(' · ')}`;
}

export function briefSections(b: Briefing): BriefSection[] {
  const sections: BriefSection[] = [
    { title: 'Failed', lines: b.runs.failed.map(failedLine) },
    { title: 'Waiting for you', lines: b.runs.waiting.map((r) => runLine(r, `${r.executor} is waiting for your answer since ${formatTime(r.at)}`)) },
    { title: 'Checks failed', lines: b.checksFailed.map(checkLine) },
    { title: 'Pull requests opened', lines: b.pullRequests.opened.map((p) => prLine(p, p.url ? `pull request ${p.url}` : 'pull request opened')) },
    { title: 'Merged', lines: b.pullRequests.merged.map((p) => prLine(p, p.branch ? `${p.branch} merged` : 'merged')) },
    { title: 'Open questions due', lines: b.dueQuestions.map((q) => ({ text: `${q.value} (due ${q.due.slice(0, 10)})`, memoryId: q.memoryId })) },
    { title: 'Finished', lines: b.runs.finished.map((r) => runLine(r, `${r.executor} finished${r.costUsd !== undefined ? ` · ${formatUsd(r.costUsd)}` : ''}`)) },
  ];
  return sections.filter((s) => s.lines.length);
}

/** The briefing as plain text, for `viban brief`. */
export function renderBriefText(b: Briefing): string[] {
  const out = [briefHeadline(b)];
  if (isQuiet(b)) {
    out.push('Nothing happened on the board, and no open question is due.');
    return out;
  }
  for (const s of briefSections(b)) {
    out.push('', `${s.title} (${s.lines.length})`);
    for (const l of s.lines) out.push(`  ${l.text}${l.taskId ? `  [${l.taskId}]` : l.memoryId ? `  [${l.memoryId}]` : ''}`);
  }
  return out;
}

function runLine(r: BriefRun, what: string): BriefLine {
  return { text: `${cardName(r)} — ${what}`, ...(r.onBoard && { taskId: r.taskId }) };
}

function failedLine(r: BriefRun): BriefLine {
  const why = r.status === 'interrupted' ? 'interrupted (the process running it ended)' : firstLine(r.error ?? 'failed');
  return runLine(r, `${r.executor}: ${why}`);
}

function checkLine(c: BriefCheck): BriefLine {
  const what = c.kind === 'gate' ? `gate "${c.name}" failed${c.message ? `: ${firstLine(c.message)}` : ''}` : `${c.name} failed`;
  return { text: `${cardName(c)} — ${what}`, ...(c.onBoard && { taskId: c.taskId }) };
}

function prLine(p: BriefPullRequest, what: string): BriefLine {
  return { text: `${cardName(p)} — ${what}`, ...(p.onBoard && { taskId: p.taskId }) };
}

function cardName(ref: { taskTitle: string; onBoard: boolean }): string {
  return ref.onBoard ? `"${ref.taskTitle}"` : `"${ref.taskTitle}" (card deleted)`;
}

export function formatUsd(n: number): string {
  return formatCost(n);
}

function formatTime(iso: string): string {
  return iso.slice(0, 16).replace('T', ' ') + ' UTC';
}

function ago(from: number, to: number): string {
  const minutes = Math.max(0, Math.round((to - from) / 60000));
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.round(hours / 24)} days ago`;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function firstLine(text: string): string {
  return (text.split('\n').find((l) => l.trim()) ?? '').trim().slice(0, 160);
}
