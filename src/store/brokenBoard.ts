// A board.json that cannot be used as it is. The editor shows such a problem next to a board (the
// last good one, or a new empty one); a script must instead be refused, never handed an empty
// board as if it were the real one. This error carries what either needs to say.
import type { StoreProblem } from '../protocol/messages';
import { errorCode, describeError } from './fsErrors';

export type BrokenBoardKind =
  /** Not a valid board; it was moved to `movedTo` (when it could be) so nothing is lost. */
  | 'corrupt'
  /** Git merge conflict markers; left in place for the user to resolve. */
  | 'conflicted'
  /** Could not be read at all (a directory, no permission); left in place. */
  | 'unreadable';

export class BrokenBoardError extends Error {
  override readonly name = 'BrokenBoardError';
  constructor(
    readonly kind: BrokenBoardKind,
    readonly file: string,
    /** Why it cannot be used, e.g. "it is not valid JSON (…)". */
    readonly reason: string,
    /** What the editor shows. */
    readonly problem: StoreProblem,
    readonly movedTo?: string,
  ) {
    super(problem.message);
  }
}

/** Why reading the board failed, in words (EISDIR is a board.json made a folder by mistake). */
export function unreadableReason(err: unknown): string {
  return errorCode(err) === 'EISDIR' ? 'it is a directory, not a file' : describeError(err);
}

export function unreadableBoard(file: string, err: unknown): BrokenBoardError {
  const reason = unreadableReason(err);
  const message = `Viban could not read ${file}: ${reason}. It was left untouched; the board is read-only until it can be read.`;
  return new BrokenBoardError('unreadable', file, reason, { kind: 'io', message, file });
}
