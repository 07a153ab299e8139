// The bytes of board.json, exactly formatJson(board) (2-space indent: users diff and commit it),
// built from one cached piece per task. Formatting and encoding 1 MB took ~3.5 ms of every move;
// a move changes one task, so the other pieces are reused and the file is one Buffer.concat.
// A piece is cached only for a frozen task: its content can then never change under the cache.
import type { Board, Task } from '../protocol/model';
import { formatJson } from './atomicWrite';

const pieces = new WeakMap<Task, Buffer>();

/** Stands in for the tasks while the rest of the board is formatted; must be found exactly once. */
const TASKS_MARK = '\u0000viban-tasks\u0000';
const TASKS_MARK_JSON = JSON.stringify(TASKS_MARK);
/** Tasks sit at depth 2 of the file: inside the board object, inside the tasks array. */
const TASK_INDENT = '\n    ';
const TASK_SEPARATOR = Buffer.from(',' + TASK_INDENT);

export function formatBoardBytes(board: Board): Buffer {
  if (board.tasks.length === 0) return Buffer.from(formatJson(board));
  const shell = formatJson({ ...board, tasks: [TASKS_MARK] });
  const at = shell.indexOf(TASKS_MARK_JSON);
  // A title can hold any text, the mark included: then take the slow, certain way.
  if (at < 0 || shell.indexOf(TASKS_MARK_JSON, at + 1) >= 0) return Buffer.from(formatJson(board));
  const parts: Buffer[] = [Buffer.from(shell.slice(0, at))];
  board.tasks.forEach((task, i) => {
    if (i > 0) parts.push(TASK_SEPARATOR);
    parts.push(taskPiece(task));
  });
  parts.push(Buffer.from(shell.slice(at + TASKS_MARK_JSON.length)));
  return Buffer.concat(parts);
}

function taskPiece(task: Task): Buffer {
  const cached = pieces.get(task);
  if (cached) return cached;
  // JSON.stringify escapes newlines inside strings, so every raw newline is layout.
  const piece = Buffer.from(JSON.stringify(task, null, 2).replace(/\n/g, TASK_INDENT));
  if (Object.isFrozen(task) && isDeepFrozen(task)) pieces.set(task, piece);
  return piece;
}

function isDeepFrozen(value: object): boolean {
  for (const v of Object.values(value)) {
    if (typeof v === 'object' && v !== null && (!Object.isFrozen(v) || !isDeepFrozen(v))) return false;
  }
  return true;
}
