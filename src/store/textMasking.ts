// Masking is a property of the store (DESIGN §6, issue #17): every file under .viban/ is written
// through a store, and each store names the fields of its records that carry agent output or
// error text. Only those are masked. Paths, ids, branches, titles and prompts a run uses are
// never passed to the redactor, so no mask can ever send a run to a folder that does not exist.
import type { Board, Task } from '../protocol/model';
import type { SessionMeta } from '../protocol/sessions';

/** What the stores need of the redactor (src/secrets/redactor.ts). */
export interface TextRedactor {
  redact(text: string): string;
}

type StringKeys<T> = { [K in keyof T]-?: NonNullable<T[K]> extends string ? K : never }[keyof T];

/**
 * `record` with `fields` masked; the very same object when nothing needed masking (the board's
 * per-task byte cache and change detection rely on unchanged tasks keeping their identity).
 */
export function maskFields<T extends object>(record: T, fields: readonly StringKeys<T>[], redactor: TextRedactor): T {
  let out: T | undefined;
  for (const field of fields) {
    const value = record[field];
    if (typeof value !== 'string') continue;
    const masked = redactor.redact(value);
    if (masked !== value) (out ??= { ...record })[field] = masked as T[typeof field];
  }
  return out ?? record;
}

/**
 * A card's agent-written text: the status line (an error's text when a run fails) and why it
 * needs review. Title and description are the user's, and the prompt of the next run.
 */
export const TASK_TEXT_FIELDS = ['agentStatusMessage', 'needsReview'] as const satisfies readonly StringKeys<Task>[];

/** A session's shown text. `cwd`, ids, `model` and `agentSessionId` are what runs and resumes use. */
export const SESSION_TEXT_FIELDS = ['prompt', 'error', 'executorLabel'] as const satisfies readonly StringKeys<SessionMeta>[];

/**
 * The board with every task's agent text masked; the same board when there was nothing to mask.
 * `clean` holds frozen tasks already masked (a move rewrites 2,000 tasks and changes one): they
 * are skipped. The caller adds the tasks it writes, once frozen.
 */
export function maskBoardText(board: Board, redactor: TextRedactor, clean?: WeakSet<Task>): Board {
  let tasks: Task[] | undefined;
  board.tasks.forEach((task, i) => {
    if (clean?.has(task)) return;
    const masked = maskFields(task, TASK_TEXT_FIELDS, redactor);
    if (masked !== task) (tasks ??= [...board.tasks])[i] = masked;
  });
  return tasks ? { ...board, tasks } : board;
}

export function maskSessionText(meta: SessionMeta, redactor: TextRedactor): SessionMeta {
  return maskFields(meta, SESSION_TEXT_FIELDS, redactor);
}
