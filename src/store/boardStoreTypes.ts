// What BoardStore promises its callers: the result of a load, its options, and the errors an
// update can end in. Kept apart so the store's logic reads on one screen.
import type { Board } from '../protocol/model';
import type { StoreProblem } from '../protocol/messages';
import type { BrokenBoardError } from './brokenBoard';
import type { Migration } from './migrations';
import type { TextRedactor } from './textMasking';

export interface LoadResult {
  board: Board;
  /** True when writing must not be offered, e.g. the file comes from a newer Viban. */
  readOnly: boolean;
  problems: StoreProblem[];
}

export interface BoardStoreOptions {
  /** Workspace folder; the store lives in <root>/.viban. */
  root: string;
  lockTimeoutMs?: number;
  staleLockMs?: number;
  /** Defaults to BOARD_MIGRATIONS; tests inject their own chains. */
  migrations?: readonly Migration[];
  now?: () => Date;
  watchPollMs?: number;
  /**
   * Masks the agent text of every card it writes (status messages, review notes: an error may
   * quote a key). Defaults to a redactor of this process's environment; the extension passes its
   * own so keys from SecretStorage are masked too.
   */
  redactor?: TextRedactor;
  /**
   * What load() and update() do with a board.json they cannot use and have no good board to put
   * back in its place. 'show-problem' (the editor): report the problem beside a board (a new
   * empty one, or read-only) and let the user carry on. 'throw' (the `viban` command): throw
   * BrokenBoardError, so no script ever gets an empty board as if it were the real one.
   */
  brokenBoard?: 'show-problem' | 'throw';
}

/** update() on a board written by a newer Viban: writing it would destroy what we cannot read. */
export class ReadOnlyStoreError extends Error {
  override readonly name = 'ReadOnlyStoreError';
  constructor(message: string, readonly file: string) {
    super(message);
  }
}

/** The mutator returned something that is not a valid board; nothing was written. */
export class InvalidBoardError extends Error {
  override readonly name = 'InvalidBoardError';
}

export type BoardMutator = (board: Board) => Board;
