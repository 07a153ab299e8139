// The workspace-local board: .viban/board.json. Reads are lock-free and validated every time;
// anything that writes (an update, moving a corrupt file aside, saving a migrated board) happens
// under .viban/board.lock after a fresh read, so separate processes never lose each other's work.
// The store remembers which bytes it last read or wrote and the board they validate to: a read
// that finds exactly those bytes again (compared in full, not by size or time) reuses that board
// instead of parsing and validating 1 MB once more. Only copies of it ever leave the store.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Board, Task } from '../protocol/model';
import type { StoreProblem } from '../protocol/messages';
import { writeFileAtomic } from './atomicWrite';
import { defaultBoard, interpretBoardText, mergeConflictMessage, migrationBackupPath, newerSchemaMessage, type BoardRead } from './boardFile';
import { BrokenBoardError, unreadableBoard } from './brokenBoard';
import { formatBoardBytes } from './boardFormat';
import { checkBoardChange } from './boardValidation';
import { withFileLock, type LockOptions } from './fileLock';
import { storeLayout } from './layout';
import { describeError } from './fsErrors';
import { corruptProblem, readBytesIfExists } from './jsonFile';
import { cloneJson, deepFreeze } from './jsonValues';
import { BOARD_MIGRATIONS, checkMigrationChain, type Migration, type MigrationOutcome } from './migrations';
import { fileSafeTimestamp, quarantineFile } from './quarantine';
import { SerialQueue } from './serialQueue';
import { removeStrayTemps } from './strayTemps';
import { ensureStoreGitignore } from './storeGitignore';
import { maskBoardText, type TextRedactor } from './textMasking';
import { Redactor } from '../secrets/redactor';
import { watchFileSignals } from './storeWatcher';

export { StoreLockTimeoutError } from './fileLock';
export { BrokenBoardError } from './brokenBoard';

export { InvalidBoardError, ReadOnlyStoreError, type BoardMutator, type BoardStoreOptions, type LoadResult } from './boardStoreTypes';
import { InvalidBoardError, ReadOnlyStoreError, type BoardMutator, type BoardStoreOptions, type LoadResult } from './boardStoreTypes';

/** A BoardRead, except that bytes validated before come back as their board without the text. */
type Judged = Exclude<BoardRead, { kind: 'ok' }> | { kind: 'ok'; board: Board; migration?: MigrationOutcome };

const MAX_REREADS = 5;
/**
 * Editors save in place (truncate, then write), so a read can catch a half-saved file. Bytes
 * must stay unchanged this long before we call them corrupt and move them.
 */
const CORRUPT_SETTLE_MS = 100;

export class BoardStore {
  readonly dir: string;
  readonly boardFile: string;
  readonly lockFile: string;

  private readonly migrations: readonly Migration[];
  private readonly now: () => Date;
  private readonly lockOptions: LockOptions;
  private readonly watchPollMs: number | undefined;
  private readonly redactor: TextRedactor;
  /** Frozen tasks whose text was masked when written: unchanged on the next write, not re-scanned. */
  private readonly maskedTasks = new WeakSet<Task>();
  private readonly throwWhenBroken: boolean;
  /** Names of the temp files our writes and our lock make (see tempPathFor). */
  private readonly tempPrefixes: readonly string[];
  private readonly queue = new SerialQueue();
  private readonly listeners = new Set<(r: LoadResult) => void>();
  private stopWatching: (() => void) | undefined;
  /** The newest valid board read or written, shown when the file on disk turns out corrupt. Frozen. */
  private lastGood: Board | undefined;
  /** Bytes of board.json (null: absent) we last wrote or reported; the watcher ignores these. */
  private lastSeen: Buffer | null | undefined;
  /**
   * Bytes of a current-schema board.json we read or wrote, and the (frozen) board they validate
   * to. A fact about those bytes, true whatever the file holds now: it only applies to a read
   * that finds the same bytes again.
   */
  private validated: { bytes: Buffer; board: Board } | undefined;

  constructor(opts: BoardStoreOptions) {
    const layout = storeLayout(opts.root);
    this.dir = layout.dir;
    this.boardFile = layout.board;
    this.lockFile = layout.boardLock;
    this.tempPrefixes = [`.${path.basename(this.boardFile)}.`, `.${path.basename(this.lockFile)}.`];
    this.migrations = opts.migrations ?? BOARD_MIGRATIONS;
    checkMigrationChain(this.migrations);
    this.now = opts.now ?? (() => new Date());
    this.lockOptions = { timeoutMs: opts.lockTimeoutMs, staleMs: opts.staleLockMs };
    this.watchPollMs = opts.watchPollMs;
    this.redactor = opts.redactor ?? new Redactor();
    this.throwWhenBroken = opts.brokenBoard === 'throw';
  }

  load(): Promise<LoadResult> {
    return this.queue.run(async () => cloneJson(await this.readAndSettle()));
  }

  /**
   * Under the lock: fresh read, mutate, validate with BoardSchema, atomic write. Errors thrown by
   * the mutator propagate unchanged and nothing is written for them. (A corrupt file found on the
   * way is still moved aside, and an old-schema file still saved upgraded, exactly as load() does.)
   */
  update(mutator: BoardMutator): Promise<Board> {
    return this.queue.run(async () => {
      await fs.mkdir(this.dir, { recursive: true });
      return this.locked(
        async () => {
          const { result, bytes } = await this.settleUnderLock();
          if (result.readOnly) throw new ReadOnlyStoreError(result.problems[0]?.message ?? 'The board is read-only.', this.boardFile);
          if (result.problems.length) this.emit(result);
          // A copy: a mutator that edits in place and then throws must not change the store's board.
          const next = mutator(cloneJson(result.board));
          const checked = checkBoardChange(result.board, next);
          if (!checked.ok) throw new InvalidBoardError(`The change would make the board invalid: ${checked.reason}`);
          // Masked after validation: the redactor only ever shortens text to "[REDACTED]", and a
          // key already in the file (written by an older Viban) is masked on the next write.
          const board = this.masked(checked.board);
          const out = formatBoardBytes(board);
          if (bytes === null || !out.equals(bytes)) await this.writeBoardBytes(out);
          this.validated = { bytes: out, board };
          this.lastGood = board;
          this.lastSeen = out;
          return cloneJson(board);
        },
      );
    });
  }

  /**
   * Reports changes made by anyone else (another window or process, `git pull`, a hand edit)
   * with the same LoadResult load() gives. Content we wrote or already reported does not fire.
   * Call before load() so nothing can slip between the two.
   */
  watch(listener: (r: LoadResult) => void): () => void {
    this.listeners.add(listener);
    if (!this.stopWatching) {
      void this.queue.run(async () => {
        if (this.lastSeen === undefined) this.lastSeen = await readBytesIfExists(this.boardFile).catch(() => undefined);
      });
      this.stopWatching = watchFileSignals(
        this.boardFile,
        () => void this.queue.run(() => this.checkForExternalChange()),
        { pollMs: this.watchPollMs },
      );
    }
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stopWatcher();
    };
  }

  dispose(): void {
    this.listeners.clear();
    this.stopWatcher();
  }

  private stopWatcher(): void {
    this.stopWatching?.();
    this.stopWatching = undefined;
  }

  private async checkForExternalChange(): Promise<void> {
    if (this.listeners.size === 0) return;
    let bytes: Buffer | null;
    try {
      bytes = await readBytesIfExists(this.boardFile);
    } catch (err) {
      this.emit(this.brokenResult(unreadableBoard(this.boardFile, err)));
      return;
    }
    // Our own writes end here: we know their bytes, so comparing them costs no parsing.
    if (sameBytes(bytes, this.lastSeen)) return;
    try {
      this.emit(await this.settle(this.judge(bytes), bytes));
    } catch (err) {
      // No caller to throw to: listeners hear about it like the editor does.
      if (err instanceof BrokenBoardError) this.emit(this.brokenResult(err));
      else throw err;
    }
  }

  private emit(result: LoadResult): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(cloneJson(result));
      } catch {
        // One listener's bug must not keep the others from hearing about the change.
      }
    }
  }

  /** The result's board is the store's own (frozen); callers outside get copies. */
  private async readAndSettle(): Promise<LoadResult> {
    let bytes: Buffer | null;
    try {
      bytes = await readBytesIfExists(this.boardFile);
    } catch (err) {
      return this.whenBroken(unreadableBoard(this.boardFile, err));
    }
    return this.settle(this.judge(bytes), bytes);
  }

  /** What the bytes mean. Bytes validated before are not parsed or validated again. */
  private judge(bytes: Buffer | null): Judged {
    if (bytes === null) return { kind: 'missing' };
    const known = this.validated;
    if (known && bytes.equals(known.bytes)) return { kind: 'ok', board: known.board };
    const read = interpretBoardText(bytes.toString('utf8'), this.migrations, this.now());
    if (read.kind === 'ok') {
      deepFreeze(read.board);
      if (!read.migration) this.validated = { bytes, board: read.board };
    }
    if (read.kind === 'newer' && read.board) deepFreeze(read.board);
    return read;
  }

  /** Turns a lock-free read into a result; takes the lock only when the file must be changed. */
  private async settle(read: Judged, bytes: Buffer | null): Promise<LoadResult> {
    const needsWrite = read.kind === 'corrupt' || (read.kind === 'ok' && read.migration);
    if (!needsWrite) return this.plainResult(read, bytes);
    try {
      return (await this.locked(() => this.settleUnderLock())).result;
    } catch (err) {
      if (err instanceof BrokenBoardError) return this.whenBroken(err);
      // Could not lock or write (a stuck lock, a read-only disk): show what we can, change nothing.
      if (read.kind === 'corrupt') {
        this.lastSeen = bytes;
        const problem = corruptProblem(this.boardFile, read.reason, undefined, `(${describeError(err)})`);
        if (!this.lastGood && this.throwWhenBroken) throw new BrokenBoardError('corrupt', this.boardFile, read.reason, problem);
        return this.result(this.lastGood ?? defaultBoard(), false, [problem]);
      }
      if (read.kind === 'ok') {
        this.lastSeen = bytes;
        this.lastGood = read.board;
        const message = `The board in ${this.boardFile} was upgraded in memory but could not be saved: ${describeError(err)}`;
        return this.result(read.board, false, [{ kind: 'io', message, file: this.boardFile }]);
      }
      throw err;
    }
  }

  /** Caller holds the lock. Returns the settled board (the store's own) and the bytes now on disk. */
  private async settleUnderLock(): Promise<{ result: LoadResult; bytes: Buffer | null }> {
    for (let attempt = 0; attempt < MAX_REREADS; attempt++) {
      const bytes = await readBytesIfExists(this.boardFile).catch((err: unknown) => {
        throw unreadableBoard(this.boardFile, err);
      });
      const read = this.judge(bytes);
      if (read.kind === 'corrupt') {
        await sleep(CORRUPT_SETTLE_MS);
        if (!sameBytes(await readBytesIfExists(this.boardFile), bytes)) continue;
        await ensureStoreGitignore(this.dir);
        const movedTo = await quarantineFile(this.boardFile, this.now(), read.text);
        if (!movedTo) continue; // replaced by hand since we read it: judge the new bytes
        const restored = this.lastGood;
        if (!restored && this.throwWhenBroken) {
          const problem = corruptProblem(this.boardFile, read.reason, movedTo, 'Nothing else was changed.');
          throw new BrokenBoardError('corrupt', this.boardFile, read.reason, problem, movedTo);
        }
        const outcome = restored ? 'The board shows the last good version.' : 'A new empty board was started.';
        const problems = [corruptProblem(this.boardFile, read.reason, movedTo, outcome)];
        // Restoring keeps other windows (which reload on change) from seeing an empty board.
        const onDisk = restored ? formatBoardBytes(restored) : null;
        if (onDisk !== null) await this.writeBoardBytes(onDisk);
        this.lastSeen = onDisk;
        return { result: this.result(restored ?? defaultBoard(), false, problems), bytes: onDisk };
      }
      if (read.kind === 'ok' && read.migration) {
        await this.writeMigrationBackup(bytes!, read.migration.from);
        const board = this.masked(read.board);
        const out = formatBoardBytes(board);
        await this.writeBoardBytes(out);
        this.lastGood = board;
        this.lastSeen = out;
        return { result: this.result(board, false, []), bytes: out };
      }
      return { result: this.plainResult(read, bytes), bytes };
    }
    throw new Error(`${this.boardFile} kept changing while Viban tried to read it; try again.`);
  }

  /**
   * Runs `fn` holding board.lock. Temp files that crashed writers left are swept first: holding the
   * lock, no other writer of board files can be between writing one and renaming it.
   */
  private locked<T>(fn: () => Promise<T>): Promise<T> {
    return withFileLock(
      this.lockFile,
      async () => {
        await removeStrayTemps(this.dir, this.tempPrefixes).catch(() => undefined);
        return fn();
      },
      this.lockOptions,
    );
  }

  private plainResult(read: Judged, bytes: Buffer | null): LoadResult {
    switch (read.kind) {
      case 'missing':
        this.lastSeen = null;
        return this.result(defaultBoard(), false, []);
      case 'ok':
        this.lastSeen = bytes;
        this.lastGood = read.board;
        return this.result(read.board, false, []);
      case 'newer': {
        this.lastSeen = bytes;
        const problem: StoreProblem = { kind: 'newer-schema', message: newerSchemaMessage(this.boardFile, read.version), file: this.boardFile };
        return this.result(read.board ?? this.lastGood ?? defaultBoard(), true, [problem]);
      }
      case 'conflicted': {
        this.lastSeen = bytes;
        const problem: StoreProblem = { kind: 'corrupt', message: mergeConflictMessage(this.boardFile), file: this.boardFile };
        return this.whenBroken(new BrokenBoardError('conflicted', this.boardFile, 'it has git merge conflict markers', problem));
      }
      case 'corrupt':
        throw new Error('unreachable: corrupt files are settled under the lock');
    }
  }

  /** A board that cannot be used: thrown, or shown read-only with the problem (see `brokenBoard`). */
  private whenBroken(err: BrokenBoardError): LoadResult {
    if (this.throwWhenBroken) throw err;
    return this.brokenResult(err);
  }

  private brokenResult(err: BrokenBoardError): LoadResult {
    return this.result(this.lastGood ?? defaultBoard(), true, [err.problem]);
  }

  private result(board: Board, readOnly: boolean, problems: StoreProblem[]): LoadResult {
    return { board, readOnly, problems };
  }

  /** The board as it may be written: agent text masked, frozen. */
  private masked(board: Board): Board {
    const out = deepFreeze(maskBoardText(board, this.redactor, this.maskedTasks));
    for (const task of out.tasks) this.maskedTasks.add(task);
    return out;
  }

  private async writeBoardBytes(bytes: Buffer): Promise<void> {
    await ensureStoreGitignore(this.dir);
    await writeFileAtomic(this.boardFile, bytes);
  }

  /** Keeps the pre-migration bytes; an older backup of the same version is never replaced. */
  private async writeMigrationBackup(bytes: Buffer, version: number): Promise<void> {
    const preferred = migrationBackupPath(this.boardFile, version);
    const existing = await readBytesIfExists(preferred);
    if (existing !== null && existing.equals(bytes)) return;
    const target = existing === null ? preferred : preferred.replace(/\.bak$/, `.${fileSafeTimestamp(this.now())}.bak`);
    await writeFileAtomic(target, bytes);
  }
}

/** null: the file is absent; undefined (for `known`): we do not know. */
function sameBytes(bytes: Buffer | null, known: Buffer | null | undefined): boolean {
  return bytes === null ? known === null : known != null && bytes.equals(known);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
