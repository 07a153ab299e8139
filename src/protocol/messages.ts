// Host <-> webview messages. Every message is validated with these schemas on receipt, on both
// sides; one that fails is dropped and logged, never acted on.
import { z } from 'zod';
import { BoardSchema } from './model';

export const FolderInfoSchema = z.object({
  /** Stable key for the folder: its URI string. */
  key: z.string(),
  name: z.string(),
});
export type FolderInfo = z.infer<typeof FolderInfoSchema>;

/** A problem with the store the user must see (corrupt file moved aside, newer schema, ...). */
export const StoreProblemSchema = z.object({
  kind: z.enum(['corrupt', 'newer-schema', 'io']),
  message: z.string(),
  file: z.string().optional(),
  movedTo: z.string().optional(),
});
export type StoreProblem = z.infer<typeof StoreProblemSchema>;

export const BoardStateSchema = z.object({
  folder: FolderInfoSchema,
  board: BoardSchema,
  /** True when the store must not be written (for example a newer schema). */
  readOnly: z.boolean(),
  problems: z.array(StoreProblemSchema),
});
export type BoardState = z.infer<typeof BoardStateSchema>;

export const SnapshotSchema = z.object({
  folders: z.array(FolderInfoSchema),
  /** null when no folder is open. */
  state: BoardStateSchema.nullable(),
  /** Workspace trust: when false nothing may execute. */
  trusted: z.boolean(),
  /** Where this webview lives: the narrow sidebar or a wide editor tab. */
  host: z.enum(['sidebar', 'editor']),
});
export type Snapshot = z.infer<typeof SnapshotSchema>;

// ---- webview -> host ------------------------------------------------------------------------

const req = { requestId: z.string().min(1) };

export const FromWebviewSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('openFolder') }),
  z.object({ type: z.literal('selectFolder'), folderKey: z.string() }),
  z.object({ type: z.literal('openBoardInEditor') }),
  z.object({ type: z.literal('createTask'), ...req, title: z.string(), description: z.string().optional(), columnId: z.string().optional() }),
  z.object({ type: z.literal('updateTask'), ...req, taskId: z.string(), title: z.string().optional(), description: z.string().optional() }),
  z.object({ type: z.literal('deleteTask'), ...req, taskId: z.string() }),
  z.object({ type: z.literal('moveTask'), ...req, taskId: z.string(), toColumnId: z.string(), toIndex: z.number().int().nonnegative() }),
  z.object({ type: z.literal('addColumn'), ...req, title: z.string() }),
  z.object({ type: z.literal('renameColumn'), ...req, columnId: z.string(), title: z.string() }),
  z.object({ type: z.literal('moveColumn'), ...req, columnId: z.string(), toIndex: z.number().int().nonnegative() }),
  z.object({ type: z.literal('deleteColumn'), ...req, columnId: z.string() }),
  z.object({ type: z.literal('log'), level: z.enum(['info', 'warn', 'error']), message: z.string().max(10_000) }),
]);
export type FromWebview = z.infer<typeof FromWebviewSchema>;
export type RequestMessage = Extract<FromWebview, { requestId: string }>;

// ---- host -> webview ------------------------------------------------------------------------

export const ToWebviewSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('snapshot'), snapshot: SnapshotSchema }),
  /** Pushed after any change to the active folder's board (own write, other window, git pull). */
  z.object({ type: z.literal('boardState'), state: BoardStateSchema }),
  z.object({ type: z.literal('trust'), trusted: z.boolean() }),
  /** Answer to a request: ok, or an error the webview shows (and, for a move, snaps back). */
  z.object({ type: z.literal('reply'), inReplyTo: z.string(), ok: z.boolean(), error: z.string().optional(), taskId: z.string().optional() }),
  /** Ask the webview to open a task's detail (for example after creating it from the palette). */
  z.object({ type: z.literal('showTask'), taskId: z.string() }),
  z.object({ type: z.literal('focusFilter') }),
]);
export type ToWebview = z.infer<typeof ToWebviewSchema>;

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };

function parseWith<T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>, data: unknown): ParseResult<T> {
  const r = schema.safeParse(data);
  if (r.success) return { ok: true, value: r.data };
  return { ok: false, error: describeZodError(r.error) };
}

export const parseFromWebview = (data: unknown): ParseResult<FromWebview> => parseWith(FromWebviewSchema, data);
export const parseToWebview = (data: unknown): ParseResult<ToWebview> => parseWith(ToWebviewSchema, data);

/** One readable line per issue: "tasks.3.title: Too small ...". */
export function describeZodError(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`)
    .join('; ');
}
