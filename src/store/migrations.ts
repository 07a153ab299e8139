// Forward migrations for board.json: an append-only list of idempotent steps with stable ids
// (the GitLens settingsMigrations pattern). Never edit or reorder a released step; add a new one
// and bump CURRENT_SCHEMA_VERSION. Steps work on raw JSON, before zod validation, because the
// old shape by definition does not match today's schema.
import { CURRENT_SCHEMA_VERSION, DEFAULT_COLUMNS } from '../protocol/model';

export interface MigrationContext {
  /** ISO time to stamp on data that never had one. */
  now: string;
}

export interface Migration {
  /** Stable and unique, for logs and so a step is never silently replaced. */
  readonly id: string;
  readonly from: number;
  /** Always from + 1: one step per version keeps every chain easy to read. */
  readonly to: number;
  /** Must be idempotent: applying it to its own output changes nothing. */
  migrate(raw: any, ctx: MigrationContext): any;
}

/** Gap between order keys given to tasks that had none, leaving room to insert between them. */
const ORDER_STEP = 1000;

export const BOARD_MIGRATIONS: readonly Migration[] = [
  {
    // Version-0 boards were `{ columns, tasks }` without a schemaVersion, and early tasks could
    // lack `order` (array position was the order) and timestamps.
    id: 'board-0-to-1-version-order-timestamps',
    from: 0,
    to: 1,
    migrate(raw, ctx) {
      const board = isRecord(raw) ? { ...raw } : {};
      if (!Array.isArray(board.columns) || board.columns.length === 0) {
        board.columns = DEFAULT_COLUMNS.map((c) => ({ ...c }));
      }
      const tasks: unknown[] = Array.isArray(board.tasks) ? board.tasks : [];
      const lastOrder = new Map<unknown, number>();
      board.tasks = tasks.map((t) => {
        if (!isRecord(t)) return t; // left for validation to report
        const task = { ...t };
        const prev = lastOrder.get(task.columnId) ?? 0;
        if (typeof task.order !== 'number' || !Number.isFinite(task.order)) task.order = prev + ORDER_STEP;
        lastOrder.set(task.columnId, Math.max(prev, task.order as number));
        if (typeof task.createdAt !== 'string') task.createdAt = typeof task.updatedAt === 'string' ? task.updatedAt : ctx.now;
        if (typeof task.updatedAt !== 'string') task.updatedAt = task.createdAt;
        return task;
      });
      board.schemaVersion = 1;
      return board;
    },
  },
];

/**
 * The version a raw file claims: 0 when it has none (version-0 files predate the field),
 * undefined when the field is present but not a non-negative integer.
 */
export function schemaVersionOf(raw: unknown): number | undefined {
  if (!isRecord(raw) || !('schemaVersion' in raw)) return 0;
  const v = raw.schemaVersion;
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : undefined;
}

/** Throws if `migrations` cannot take every version from 0 to `target`; a programming error. */
export function checkMigrationChain(migrations: readonly Migration[], target = CURRENT_SCHEMA_VERSION): void {
  const ids = new Set<string>();
  const froms = new Set<number>();
  for (const m of migrations) {
    if (ids.has(m.id)) throw new Error(`Duplicate store migration id "${m.id}".`);
    if (froms.has(m.from)) throw new Error(`Two store migrations start at version ${m.from}.`);
    if (m.to !== m.from + 1) throw new Error(`Store migration "${m.id}" must go from ${m.from} to ${m.from + 1}, not ${m.to}.`);
    ids.add(m.id);
    froms.add(m.from);
  }
  for (let v = 0; v < target; v++) {
    if (!froms.has(v)) throw new Error(`No store migration from version ${v} (needed to reach ${target}).`);
  }
}

export interface MigrationOutcome {
  value: unknown;
  from: number;
  to: number;
  /** Ids of the steps that ran, in order; empty when the file was already current. */
  applied: string[];
}

/** Runs the steps from `from` up to `target` on a copy of `raw`. Callers handle from > target. */
export function runMigrations(
  raw: unknown,
  from: number,
  migrations: readonly Migration[],
  ctx: MigrationContext,
  target = CURRENT_SCHEMA_VERSION,
): MigrationOutcome {
  if (from > target) throw new Error(`Cannot migrate schema ${from} down to ${target}.`);
  const byFrom = new Map(migrations.map((m) => [m.from, m]));
  let value = structuredClone(raw);
  const applied: string[] = [];
  for (let v = from; v < target; v++) {
    const step = byFrom.get(v);
    if (!step) throw new Error(`No store migration from version ${v}.`);
    value = step.migrate(value, ctx);
    applied.push(step.id);
  }
  return { value, from, to: target, applied };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
