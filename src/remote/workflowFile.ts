// `viban remote init github`: what the workflow file in the repository is compared with the one
// this version of Viban would write, and writing it — never over a user's edits. A file Viban
// wrote carries a stamp with the hash of its own text: when the text still matches its stamp,
// nobody edited it and a newer template may replace it; otherwise it is the user's.
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../store/atomicWrite';
import { renderWorkflow, WORKFLOW_PATH, type WorkflowOptions } from './workflowTemplate';

const STAMP = /^# viban-template: (\S+) ([0-9a-f]{16})\n/;

export type WorkflowFileState =
  /** No workflow yet: it can be written. */
  | { kind: 'missing' }
  /** Exactly what this version writes. */
  | { kind: 'current' }
  /** Written by Viban (maybe an older version) and not edited since: it can be replaced. */
  | { kind: 'outdated'; writtenBy: string }
  /** Edited by someone, or not Viban's: never overwritten. */
  | { kind: 'edited' };

export interface WorkflowPlan {
  file: string;
  text: string;
  state: WorkflowFileState;
}

function hashOf(body: string): string {
  return createHash('sha256').update(body).digest('hex').slice(0, 16);
}

/** The workflow text this version writes, stamped. */
export function stampedWorkflow(opts: WorkflowOptions): string {
  const body = renderWorkflow(opts);
  return `# viban-template: ${opts.vibanVersion} ${hashOf(body)}\n${body}`;
}

export function classifyWorkflow(existing: string | null, wanted: string): WorkflowFileState {
  if (existing === null) return { kind: 'missing' };
  const normalized = existing.replace(/\r\n/g, '\n');
  if (normalized === wanted) return { kind: 'current' };
  const stamp = STAMP.exec(normalized);
  if (stamp && hashOf(normalized.slice(stamp[0].length)) === stamp[2]) return { kind: 'outdated', writtenBy: stamp[1] };
  return { kind: 'edited' };
}

export async function planWorkflow(repoRoot: string, opts: WorkflowOptions): Promise<WorkflowPlan> {
  const file = path.join(repoRoot, WORKFLOW_PATH);
  const text = stampedWorkflow(opts);
  const existing = await fs.readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return null;
    throw err;
  });
  return { file, text, state: classifyWorkflow(existing, text) };
}

/** Writes the planned workflow; refuses (and says why) when the file is someone's edit. */
export async function writeWorkflow(plan: WorkflowPlan): Promise<void> {
  if (plan.state.kind === 'edited') {
    throw new Error(`${plan.file} has been edited (or was not written by Viban), so it is left as it is. Compare it with \`viban remote init github\`'s output and merge what you need by hand.`);
  }
  if (plan.state.kind === 'current') return;
  await fs.mkdir(path.dirname(plan.file), { recursive: true });
  await writeFileAtomic(plan.file, plan.text);
}
