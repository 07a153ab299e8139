// Memory into every agent run (issue #14: "as project context, into every agent run's
// instructions (bounded), so agents stop re-learning decisions"). The session layer calls this
// for each fresh run, whatever the executor: the bounded project context is appended to the
// prompt the agent receives, so a CLI agent, a custom command and an API agent all get it the
// same way. A resumed run does not get it again: its conversation already carries it.
import type { TextRedactor } from '../store/textMasking';
import { MemoryRepository } from './memoryRepository';
import { renderProjectContext } from './projectContext';

/** Upper bound of the memory block in a run's prompt: a few hundred tokens, not the whole file. */
export const RUN_CONTEXT_MAX_CHARS = 2000;

/**
 * The project context for a run in the workspace at `root`, or '' when memory is empty, unreadable
 * or from a newer Viban: a memory problem never stops a run, it only goes without.
 */
export async function projectContextFor(root: string, opts: { redactor?: TextRedactor; maxChars?: number } = {}): Promise<string> {
  try {
    const items = await new MemoryRepository(root, { redactor: opts.redactor }).list();
    return renderProjectContext(items, { maxChars: opts.maxChars ?? RUN_CONTEXT_MAX_CHARS });
  } catch {
    return '';
  }
}

/** The task prompt with the project context after it, set apart so the task stays the first thing read. */
export function promptWithProjectContext(prompt: string, context: string): string {
  return context ? `${prompt}\n\n---\n${context}` : prompt;
}
