// Custom executors from settings (`viban.executors.custom` in VS Code, `executors.custom` in
// .viban/settings.json for the `viban` command): validated entry by entry, so one bad entry is
// reported by name and field while the others keep working.
import { z } from 'zod';

export const OUTPUT_FORMATS = ['text', 'claude-stream-json', 'codex-json', 'gemini-stream-json', 'opencode-json'] as const;
export type CustomOutputFormat = (typeof OUTPUT_FORMATS)[number];

/** Ids of the built-in executors; a custom executor may not shadow them. */
export const RESERVED_EXECUTOR_IDS = ['claude-code', 'codex', 'gemini', 'opencode', 'anthropic', 'openai'] as const;

export const PLACEHOLDERS = ['{prompt}', '{workspace}'] as const;

export const CustomExecutorSchema = z
  .object({
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9._-]*$/i, 'must start with a letter or digit and use only letters, digits, ".", "_" and "-"')
      .max(64, 'must be at most 64 characters'),
    label: z.string().trim().min(1, 'must not be empty'),
    command: z.string().trim().min(1, 'must not be empty'),
    args: z.array(z.string({ invalid_type_error: 'each argument must be a string' })).default([]),
    env: z.record(z.string(), z.string({ invalid_type_error: 'each value must be a string' })).default({}),
    outputFormat: z.enum(OUTPUT_FORMATS, { errorMap: () => ({ message: `must be one of ${OUTPUT_FORMATS.join(', ')}` }) }).default('text'),
  })
  .strict();

export type CustomExecutorConfig = z.infer<typeof CustomExecutorSchema>;

export interface CustomExecutorsParse {
  executors: CustomExecutorConfig[];
  /** One sentence per problem, naming the entry and the field. */
  errors: string[];
}

/**
 * Parses the settings value. `source` names the setting in messages
 * (e.g. "viban.executors.custom" or ".viban/settings.json executors.custom").
 */
export function parseCustomExecutors(value: unknown, source = 'viban.executors.custom'): CustomExecutorsParse {
  if (value === undefined || value === null) return { executors: [], errors: [] };
  if (!Array.isArray(value)) return { executors: [], errors: [`${source} must be a list of executors, not ${describeType(value)}.`] };
  const executors: CustomExecutorConfig[] = [];
  const errors: string[] = [];
  const seen = new Set<string>();
  value.forEach((raw, index) => {
    const name = entryName(source, index, raw);
    const parsed = CustomExecutorSchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) errors.push(`${name}: ${issueText(issue)}.`);
      return;
    }
    const entry = parsed.data;
    const problems: string[] = [];
    if ((RESERVED_EXECUTOR_IDS as readonly string[]).includes(entry.id)) {
      problems.push(`"id" "${entry.id}" is a built-in executor; choose another id`);
    } else if (seen.has(entry.id)) {
      problems.push(`"id" "${entry.id}" is used by an earlier entry; ids must be unique`);
    }
    if (!entry.args.some((a) => a.includes('{prompt}'))) {
      problems.push('"args" must contain {prompt} somewhere, or the agent never receives the task');
    }
    seen.add(entry.id);
    if (problems.length) errors.push(...problems.map((p) => `${name}: ${p}.`));
    else executors.push(entry);
  });
  return { executors, errors };
}

function entryName(source: string, index: number, raw: unknown): string {
  const id = raw && typeof raw === 'object' && typeof (raw as { id?: unknown }).id === 'string' ? (raw as { id: string }).id : undefined;
  return `${source}[${index}]${id ? ` ("${id}")` : ''}`;
}

function issueText(issue: z.ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  if (issue.code === 'invalid_type' && issue.path.length === 0) return `must be an object with id, label, command, args, env and outputFormat, not ${issue.received}`;
  const field = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : p)).join('.').replace(/\.\[/g, '[');
  const message = issue.code === 'invalid_type' && issue.received === 'undefined' ? 'is required' : issue.message;
  return `"${field}" ${message}`;
}

function describeType(v: unknown): string {
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}
