// Validating the board a mutator returned. A full BoardSchema pass over 2,000 tasks costs ~5 ms,
// yet a move changes one task (or renumbers one column). So a task that is the same JSON as a
// task of the previous board (which passed the schema) is taken as it is; changed tasks, every
// other field and the board-wide refinement (unique ids, known columns) still go through the real
// schema. Whenever that shortcut does not say "valid", the full schema decides, so what is refused
// and the message saying why are exactly what BoardSchema.safeParse gives.
import { z } from 'zod';
import { BoardSchema, type Board, type Task } from '../protocol/model';
import { describeZodError } from '../protocol/messages';
import { sameJson } from './jsonValues';

/** `board` is fresh, plain JSON data (what parsing its formatted text would give), shared with nothing else. */
export type BoardCheck = { ok: true; board: Board; checked: 'changes' | 'full' } | { ok: false; reason: string };

interface ChangePlan {
  shape: z.ZodRawShape;
  task: z.ZodTypeAny;
  refine: (board: unknown, ctx: z.RefinementCtx) => unknown;
}

/**
 * The pieces of BoardSchema the shortcut needs: an object that strips unknown keys, a `tasks`
 * array without length limits, and one refinement over the whole board. If the model ever stops
 * looking like that, there is no plan and every check is a full one.
 */
function planFor(schema: z.ZodTypeAny): ChangePlan | undefined {
  if (!(schema instanceof z.ZodEffects) || schema._def.effect.type !== 'refinement') return undefined;
  const inner = schema.innerType();
  if (!(inner instanceof z.ZodObject) || inner._def.unknownKeys !== 'strip' || !(inner._def.catchall instanceof z.ZodNever)) return undefined;
  const tasks = inner.shape.tasks;
  if (!(tasks instanceof z.ZodArray) || tasks._def.minLength || tasks._def.maxLength || tasks._def.exactLength) return undefined;
  return { shape: inner.shape, task: tasks.element, refine: schema._def.effect.refinement };
}

const PLAN = planFor(BoardSchema);

/** For tests: whether checkBoardChange can take its shortcut with today's BoardSchema. */
export const canCheckChangesOnly = PLAN !== undefined;

/** Validates `value` against BoardSchema as a whole. */
export function checkBoard(value: unknown): BoardCheck {
  const r = BoardSchema.safeParse(value);
  if (!r.success) return { ok: false, reason: describeZodError(r.error) };
  return { ok: true, board: canonical(r.data), checked: 'full' };
}

/**
 * Validates `next`, the result of changing `previous`. `previous` must have passed BoardSchema
 * (it is the store's own validated copy): its tasks are what unchanged tasks are compared with.
 */
export function checkBoardChange(previous: Board, next: unknown): BoardCheck {
  const board = PLAN && checkChanges(PLAN, previous, next);
  return board ? { ok: true, board, checked: 'changes' } : checkBoard(next);
}

const INVALID = Symbol('invalid');

function checkChanges(plan: ChangePlan, previous: Board, next: unknown): Board | undefined {
  if (typeof next !== 'object' || next === null || Object.getPrototypeOf(next) !== Object.prototype) return undefined;
  const input = next as Record<string, unknown>;
  // Built in schema key order, unknown keys left out: the same object zod would return.
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(plan.shape)) {
    const value = key === 'tasks' ? checkTasks(plan.task, previous.tasks, input.tasks) : checkValue(plan.shape[key], input[key]);
    if (value === INVALID) return undefined;
    if (value !== undefined) out[key] = value;
  }
  let failed = false;
  plan.refine(out, { addIssue: () => void (failed = true), path: [] });
  return failed ? undefined : (out as Board);
}

function checkTasks(schema: z.ZodTypeAny, before: readonly Task[], value: unknown): Task[] | typeof INVALID {
  if (!Array.isArray(value)) return INVALID;
  let byId: Map<string, Task> | undefined;
  const out: Task[] = new Array(value.length);
  for (let i = 0; i < value.length; i++) {
    const candidate: unknown = value[i];
    // Most changes keep positions; a deletion or an insertion shifts them, hence the id lookup.
    let known: Task | undefined = before[i];
    if (known === undefined || !sameJson(candidate, known)) {
      byId ??= new Map(before.map((t) => [t.id, t]));
      const id = typeof candidate === 'object' && candidate !== null ? (candidate as { id?: unknown }).id : undefined;
      known = typeof id === 'string' ? byId.get(id) : undefined;
      if (known === undefined || !sameJson(candidate, known)) {
        const checked = checkValue(schema, candidate);
        if (checked === INVALID) return INVALID;
        out[i] = checked as Task;
        continue;
      }
    }
    out[i] = known;
  }
  return out;
}

function checkValue(schema: z.ZodTypeAny, value: unknown): unknown {
  const r = schema.safeParse(value);
  return r.success ? canonical(r.data) : INVALID;
}

/**
 * What reading the value back from its JSON text gives: zod keeps keys set to undefined and -0,
 * the file does not. The store's copy must equal what a fresh read of the file would give.
 */
function canonical<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}
