// The normalized session log: the one model every view reads (DESIGN §4). Executors map their
// native output to these entries; the store appends them to sessions/<id>.jsonl one per line.
import { z } from 'zod';

const base = {
  /** Stable id: streamed deltas for the same assistant message share one id and merge. */
  id: z.string(),
  /** Monotonic per session, assigned by the session when the entry is appended. */
  seq: z.number().int().nonnegative().optional(),
  /** ISO time the entry was produced. */
  ts: z.string(),
};

export const UsageSchema = z.object({
  inputTokens: z.number().optional(),
  outputTokens: z.number().optional(),
  cacheReadTokens: z.number().optional(),
  cacheWriteTokens: z.number().optional(),
});
export type Usage = z.infer<typeof UsageSchema>;

export const LogEntrySchema = z.discriminatedUnion('kind', [
  z.object({ ...base, kind: z.literal('user'), text: z.string() }),
  /** `delta: true` means `text` is to be appended to the entry with the same id. */
  z.object({ ...base, kind: z.literal('assistant'), text: z.string(), delta: z.boolean().optional() }),
  z.object({ ...base, kind: z.literal('thinking'), text: z.string(), delta: z.boolean().optional() }),
  z.object({
    ...base,
    kind: z.literal('tool_use'),
    toolUseId: z.string(),
    name: z.string(),
    input: z.unknown(),
    status: z.enum(['pending', 'running', 'completed', 'failed']).optional(),
  }),
  z.object({
    ...base,
    kind: z.literal('tool_result'),
    toolUseId: z.string(),
    output: z.string(),
    isError: z.boolean().optional(),
    exitCode: z.number().optional(),
  }),
  z.object({
    ...base,
    kind: z.literal('approval_request'),
    requestId: z.string(),
    toolName: z.string(),
    input: z.unknown(),
  }),
  z.object({
    ...base,
    kind: z.literal('approval_response'),
    requestId: z.string(),
    decision: z.enum(['allow', 'allow_always', 'deny']),
    message: z.string().optional(),
  }),
  z.object({ ...base, kind: z.literal('system'), text: z.string(), data: z.record(z.string(), z.unknown()).optional() }),
  z.object({ ...base, kind: z.literal('error'), text: z.string() }),
  z.object({
    ...base,
    kind: z.literal('result'),
    isError: z.boolean(),
    text: z.string().optional(),
    costUsd: z.number().optional(),
    usage: UsageSchema.optional(),
    numTurns: z.number().optional(),
    durationMs: z.number().optional(),
  }),
  /** A line the normalizer did not understand, kept verbatim so a later parser can re-read it. */
  z.object({ ...base, kind: z.literal('raw'), line: z.string(), stream: z.enum(['stdout', 'stderr']).optional() }),
  z.object({ ...base, kind: z.literal('stderr'), text: z.string() }),
]);
export type LogEntry = z.infer<typeof LogEntrySchema>;
export type LogEntryKind = LogEntry['kind'];
