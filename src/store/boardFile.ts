// What the bytes of board.json mean: a current board, an older one to migrate, one from a newer
// Viban, or something unusable. Pure (no I/O) so every case is cheap to test and the store can
// re-judge the file under its lock.
import { BoardSchema, CURRENT_SCHEMA_VERSION, DEFAULT_COLUMNS, type Board } from '../protocol/model';
import { parseJsonText, validateWith } from './jsonFile';
import { runMigrations, schemaVersionOf, type Migration, type MigrationOutcome } from './migrations';

export type BoardRead =
  | { kind: 'missing' }
  /** `migration` is set when the file is older than this Viban and was upgraded in memory. */
  | { kind: 'ok'; board: Board; text: string; migration?: MigrationOutcome }
  /** `board` is a best-effort view of the newer data, when today's schema can make sense of it. */
  | { kind: 'newer'; version: number; board: Board | undefined; text: string }
  | { kind: 'corrupt'; reason: string; text: string }
  /** Git left both sides of a merge in it: the user resolves it where it is (never moved aside). */
  | { kind: 'conflicted'; text: string };

export function defaultBoard(): Board {
  return { schemaVersion: CURRENT_SCHEMA_VERSION, columns: DEFAULT_COLUMNS.map((c) => ({ ...c })), tasks: [] };
}

export function interpretBoardText(text: string | null, migrations: readonly Migration[], now: Date): BoardRead {
  if (text === null) return { kind: 'missing' };
  const parsed = parseJsonText(text);
  if (!parsed.ok) return hasMergeConflictMarkers(text) ? { kind: 'conflicted', text } : { kind: 'corrupt', reason: parsed.reason, text };
  const raw = parsed.value;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { kind: 'corrupt', reason: 'it is not a JSON object', text };
  }

  const version = schemaVersionOf(raw);
  if (version === undefined) {
    const found = JSON.stringify((raw as { schemaVersion?: unknown }).schemaVersion);
    return { kind: 'corrupt', reason: `its schemaVersion must be a whole number of 0 or more, not ${found}`, text };
  }

  if (version > CURRENT_SCHEMA_VERSION) {
    // Unknown newer fields are stripped by zod; if the shape changed more than that, show nothing.
    const lenient = validateWith(BoardSchema, { ...raw, schemaVersion: CURRENT_SCHEMA_VERSION });
    return { kind: 'newer', version, board: lenient.ok ? lenient.value : undefined, text };
  }

  let migration: MigrationOutcome | undefined;
  let candidate: unknown = raw;
  if (version < CURRENT_SCHEMA_VERSION) {
    try {
      migration = runMigrations(raw, version, migrations, { now: now.toISOString() });
    } catch (err) {
      return { kind: 'corrupt', reason: `upgrading it from schema ${version} failed (${(err as Error).message})`, text };
    }
    candidate = migration.value;
  }

  const valid = validateWith(BoardSchema, candidate);
  if (!valid.ok) {
    const reason = migration ? `${valid.reason}, after upgrading it from schema ${version}` : valid.reason;
    return { kind: 'corrupt', reason, text };
  }
  return migration ? { kind: 'ok', board: valid.value, text, migration } : { kind: 'ok', board: valid.value, text };
}

/**
 * Git's conflict markers start a line; JSON has no token that starts with '<' or '>', so a file
 * that parses can never hold them.
 */
export function hasMergeConflictMarkers(text: string): boolean {
  return /^<{7}(?: |$)/m.test(text) && /^>{7}(?: |$)/m.test(text);
}

export function mergeConflictMessage(file: string): string {
  return (
    `${file} has git merge conflict markers: resolve them (git checkout --ours ${file} or --theirs ${file}, ` +
    `or edit the file) and try again. It was left in place; the board is read-only until then.`
  );
}

export function newerSchemaMessage(file: string, version: number): string {
  return (
    `The board file ${file} was written by a newer version of Viban (schema ${version}); ` +
    `this version understands up to ${CURRENT_SCHEMA_VERSION}. Update Viban; the board is read-only until then.`
  );
}

/** Where the pre-migration bytes of a schema-`version` file are kept. */
export function migrationBackupPath(file: string, version: number): string {
  return `${file}.v${version}.bak`;
}
