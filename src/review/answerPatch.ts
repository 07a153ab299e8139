// An API agent may answer with a unified diff instead of editing files through its tools. Such a
// patch is validated (`git apply --check`) and applied in the task's folder; one that does not
// apply is kept under .viban/patches/ and the task is marked "needs review" — never dropped.
import * as path from 'node:path';
import { applyPatch } from '../git';
import type { LogEntry } from '../protocol/logEntries';

/** The unified diff(s) in an answer: fenced ```diff / ```patch blocks, or a bare `diff --git` text. */
export function extractPatch(answer: string): string | undefined {
  const fenced = [...answer.matchAll(/```(?:diff|patch)[^\n]*\n([\s\S]*?)```/g)].map((m) => m[1]).filter((p) => /^(---|diff --git|\+\+\+|@@)/m.test(p));
  if (fenced.length) return fenced.join('\n');
  const start = answer.search(/^(diff --git |--- (a\/|\/dev\/null))/m);
  return start >= 0 && /^@@ /m.test(answer.slice(start)) ? answer.slice(start) : undefined;
}

/** The last assistant text of a session's entries (deltas merged). */
export function finalAnswer(entries: readonly LogEntry[]): string | undefined {
  const texts = new Map<string, string>();
  let lastId: string | undefined;
  for (const e of entries) {
    if (e.kind !== 'assistant') continue;
    texts.set(e.id, e.delta ? (texts.get(e.id) ?? '') + e.text : e.text);
    lastId = e.id;
  }
  return lastId ? texts.get(lastId) : undefined;
}

export type AnswerPatchOutcome =
  | { kind: 'none' }
  | { kind: 'applied'; files: string[] }
  | { kind: 'rejected'; error: string; patchFile: string };

export async function applyAnswerPatch(opts: { folder: string; root: string; taskId: string; answer: string | undefined; now?: Date; env?: Record<string, string | undefined> }): Promise<AnswerPatchOutcome> {
  const patch = opts.answer ? extractPatch(opts.answer) : undefined;
  if (!patch) return { kind: 'none' };
  const stamp = (opts.now ?? new Date()).toISOString().replace(/[:.]/g, '-');
  const keep = path.join(opts.root, '.viban', 'patches', `${opts.taskId}-${stamp}.patch`);
  const result = await applyPatch({ worktree: opts.folder, patch, keepRejectedAt: keep, env: opts.env });
  return result.applied ? { kind: 'applied', files: result.files } : { kind: 'rejected', error: result.error, patchFile: result.patchFile };
}
