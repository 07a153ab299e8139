// Getting the plan out of what the code advisor said. An API advisor calls `propose_plan` (its
// input is the plan); a CLI advisor (Claude Code in plan mode) ends with the same object in a
// fenced ```json block. Also what it read, for "Reading the code…": the paths of its file-read
// tool calls, relative to the workspace.
import * as path from 'node:path';
import type { LogEntry } from '../protocol/logEntries';
import { textAfter } from '../shared/deltas';
import { filePathOf } from '../shared/toolInput';

export type FoundPlan = { found: true; value: unknown; from: 'tool' | 'json-block' } | { found: false; problem: string };

/** The last `propose_plan` call's input, else the last ```json block of the advisor's answer. */
export function findPlan(entries: readonly LogEntry[]): FoundPlan {
  const calls = entries.filter((e): e is Extract<LogEntry, { kind: 'tool_use' }> => e.kind === 'tool_use' && isProposePlan(e.name));
  if (calls.length) return { found: true, value: calls[calls.length - 1].input, from: 'tool' };
  const text = answerText(entries);
  if (!text.trim()) return { found: false, problem: 'the advisor gave no answer' };
  const block = lastJsonBlock(text);
  if (block === undefined) return { found: false, problem: 'the answer has no ```json block with the plan' };
  try {
    return { found: true, value: JSON.parse(block), from: 'json-block' };
  } catch (err) {
    return { found: false, problem: `the \`\`\`json block is not valid JSON (${(err as Error).message})` };
  }
}

/** `propose_plan`, also as an MCP tool (`mcp__viban__propose_plan`). */
function isProposePlan(name: string): boolean {
  return name === 'propose_plan' || name.endsWith('__propose_plan');
}

/** The advisor's answer: its final result text, else its assistant messages (deltas merged). */
export function answerText(entries: readonly LogEntry[]): string {
  const result = [...entries].reverse().find((e) => e.kind === 'result');
  if (result && result.kind === 'result' && result.text?.trim()) return result.text;
  const byId = new Map<string, string>();
  for (const e of entries) {
    if (e.kind !== 'assistant') continue;
    byId.set(e.id, textAfter(byId.get(e.id), e));
  }
  return [...byId.values()].join('\n\n');
}

/** The contents of the last ```json fenced block (or, failing that, of a text that is only a JSON object). */
export function lastJsonBlock(text: string): string | undefined {
  const fences = [...text.matchAll(/```(?:json|JSON)[^\n]*\n([\s\S]*?)\n?```/g)];
  if (fences.length) return fences[fences.length - 1][1];
  const bare = text.trim();
  return bare.startsWith('{') && bare.endsWith('}') ? bare : undefined;
}

/** Tools that read a file (Claude Code, the API executors, Gemini, OpenCode). */
const READ_TOOLS = new Set(['Read', 'read_file', 'NotebookRead', 'read', 'read_many_files']);

/** Files the advisor read, in first-read order, relative to `cwd` when inside it. */
export function filesRead(entries: readonly LogEntry[], cwd: string): string[] {
  const out: string[] = [];
  for (const e of entries) {
    if (e.kind !== 'tool_use') continue;
    const raw = READ_TOOLS.has(e.name) ? filePathOf(e.input) : undefined;
    if (!raw) continue;
    const abs = path.resolve(cwd, raw);
    const rel = path.relative(cwd, abs);
    const shown = rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : raw;
    if (!out.includes(shown)) out.push(shown);
  }
  return out;
}
