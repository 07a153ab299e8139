// Headless settings: .viban/settings.json beside the board (optional). The VS Code extension reads
// its own settings; the command line reads this file. Zod-validated, strict (a misspelt key is an
// error, not silently ignored), and refused if it holds anything shaped like a secret: keys
// belong in the environment, and this file may be committed.
import * as path from 'node:path';
import { z } from 'zod';
import { parseCustomExecutors, type CustomExecutorConfig } from '../executors/cli/custom';
import type { Redactor } from '../secrets/redactor';
import { CliError } from './errors';
import { readTextIfExists } from '../store/jsonFile';
import { storeLayout } from '../store/layout';
import { DoneWhenSchema, TiersSchema, type DoneWhen, type Tiers } from '../graph';
import { VerifySettingsSchema, type VerifySettings } from '../verify/verifySettings';

/** The task graph's settings (`graph` in the file). */
const GraphSettingsSchema = z
  .object({
    doneWhen: DoneWhenSchema.optional(),
    /** Tasks of one `viban run-all` running at once (default 2, the queue's default). */
    concurrency: z.number().int().min(1).max(64).optional(),
  })
  .strict();

export type ApiProviderId = 'anthropic' | 'openai';

/** Where each API provider's key comes from: the environment, never the settings file. */
export const API_KEY_ENV: Record<ApiProviderId, string> = { anthropic: 'ANTHROPIC_API_KEY', openai: 'OPENAI_API_KEY' };
export const API_BASE_URL_ENV: Record<ApiProviderId, string> = { anthropic: 'ANTHROPIC_BASE_URL', openai: 'OPENAI_BASE_URL' };

// Ranges as in package.json's viban.api.* settings, so a value valid in one place is valid in both.
const ApiProviderSchema = z
  .object({
    model: z.string().min(1).optional(),
    baseURL: z
      .string()
      .url()
      .refine((u) => /^https?:$/.test(new URL(u).protocol), 'must be an http:// or https:// URL')
      .optional(),
    temperature: z.number().min(0).max(2).optional(),
    maxTokens: z.number().int().positive().optional(),
    contextBudgetTokens: z.number().int().min(1000).optional(),
  })
  .strict();

const PriceSchema = z
  .object({
    input: z.number().nonnegative(),
    output: z.number().nonnegative(),
    cacheRead: z.number().nonnegative().optional(),
    cacheWrite: z.number().nonnegative().optional(),
  })
  .strict();

/** Column ids, as `viban.columnFlow` in VS Code; "" means: do not move the card at that step. */
const ColumnFlowSchema = z
  .object({ runStarted: z.string().optional(), runSucceeded: z.string().optional(), accepted: z.string().optional() })
  .strict();

export const HeadlessSettingsSchema = z
  .object({
    columnFlow: ColumnFlowSchema.optional(),
    executors: z
      .object({
        default: z.string().min(1).optional(),
        paths: z.record(z.string(), z.string().min(1)).optional(),
        // Entries are checked by the executors' own schema (parseCustomExecutors) below.
        custom: z.array(z.unknown()).optional(),
        idleTimeoutMinutes: z.number().nonnegative().optional(),
        api: z
          .object({
            anthropic: ApiProviderSchema.optional(),
            openai: ApiProviderSchema.optional(),
            /** USD per million tokens, on top of the built-in table. */
            prices: z.record(z.string().min(1), PriceSchema).optional(),
            /** Whole-run limit of an API executor; 0: the default (10 minutes). */
            timeoutMinutes: z.number().nonnegative().optional(),
          })
          .strict()
          .optional(),
      })
      .strict()
      .optional(),
    tiers: TiersSchema.optional(),
    verify: VerifySettingsSchema.optional(),
    graph: GraphSettingsSchema.optional(),
    /** Assist (issue #14): who scopes requests (the code advisor's executor and model) and when a briefing is due. */
    assist: z
      .object({
        executor: z.string().min(1).optional(),
        model: z.string().min(1).optional(),
        briefAfterHours: z.number().nonnegative().optional(),
      })
      .strict()
      .optional(),
    /** `viban mcp` for the agents Viban runs (the extension's viban.mcp.exposeToAgents). Default on. */
    mcp: z.object({ exposeToAgents: z.boolean().optional() }).strict().optional(),
    /** `viban worker`'s defaults (its flags win). */
    workers: z
      .object({
        concurrency: z.number().int().positive().optional(),
        perExecutor: z.record(z.string().min(1), z.number().int().positive()).optional(),
        heartbeatMs: z.number().int().positive().optional(),
        staleMs: z.number().int().positive().optional(),
        /** SIGTERM/SIGINT: let running runs finish, or hand them back to the queue for another worker. */
        onStop: z.enum(['finish', 'handBack']).optional(),
        /** Queue a rescued run again even when its agent had started (it may repeat edits). */
        autoRetry: z.boolean().optional(),
      })
      .strict()
      .optional(),
    /** Stage automation's skills marketplace (the key: SKILLMP_API_KEY in the environment). */
    skills: z
      .object({ marketplaceUrl: z.string().url().refine((u) => /^https?:$/.test(new URL(u).protocol), 'must be an http:// or https:// URL').optional() })
      .strict()
      .optional(),
  })
  .strict();
type RawSettings = z.infer<typeof HeadlessSettingsSchema>;

export interface HeadlessSettings {
  columnFlow?: z.infer<typeof ColumnFlowSchema>;
  executors?: Omit<NonNullable<RawSettings['executors']>, 'custom'> & { custom?: CustomExecutorConfig[] };
  tiers?: Tiers;
  verify?: VerifySettings;
  graph?: { doneWhen?: DoneWhen; concurrency?: number };
  mcp?: RawSettings['mcp'];
  assist?: RawSettings['assist'];
  workers?: RawSettings['workers'];
  skills?: RawSettings['skills'];
}

export function settingsFile(workspace: string): string {
  return storeLayout(workspace).settings;
}

/** Reads and validates the file; a missing file is an empty configuration. */
export async function loadHeadlessSettings(workspace: string, redactor: Redactor): Promise<HeadlessSettings> {
  const file = settingsFile(workspace);
  let text: string | null;
  try {
    text = await readTextIfExists(file);
  } catch (err) {
    throw new CliError(`cannot read ${file}: ${(err as Error).message}`);
  }
  if (text === null) return {};
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new CliError(`${file} is not valid JSON: ${(err as Error).message}`);
  }
  // Before the schema: an `apiKey` field must read as "secrets don't go here", not "unknown key".
  const secret = findSecret(json, redactor);
  if (secret) {
    throw new CliError(`${file} holds what looks like a secret at ${secret.at}; keep keys in the environment (${secret.envVar ?? 'e.g. ANTHROPIC_API_KEY'}), never in this file`);
  }
  const parsed = HeadlessSettingsSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.length ? issue.path.join('.') : '(top level)';
    const keys = issue.code === 'unrecognized_keys' ? ` (${issue.keys.map((k) => [...issue.path, k].join('.')).join(', ')})` : '';
    throw new CliError(`${file} is invalid at ${where}: ${issue.message}${keys}`);
  }
  const custom = parseCustomExecutors(parsed.data.executors?.custom, `${file} executors.custom`);
  if (custom.errors.length) throw new CliError(`invalid custom executor: ${custom.errors[0]}`);
  const { executors, ...rest } = parsed.data;
  return executors ? { ...rest, executors: { ...executors, custom: custom.executors } } : rest;
}

/**
 * Field names that only ever hold credentials (apiKey, api_key, authToken, GH_TOKEN, password…),
 * compared with case and separators dropped. "maxTokens" and "contextBudgetTokens" end in
 * "tokens", so they are not caught.
 */
const SECRET_FIELD = /(?:apikey|secret|password|passwd|token|credentials?|privatekey|authorization|bearer)$/;

interface SecretFound {
  at: string;
  /** The variable to use instead, when the field belongs to an API provider. */
  envVar?: string;
}

/** Path of the first secret-named field with a value, or string value the redactor would mask. */
function findSecret(value: unknown, redactor: Redactor, at: string[] = []): SecretFound | undefined {
  if (typeof value === 'string') return looksSecret(value, redactor) ? found(at) : undefined;
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      const hit = findSecret(v, redactor, [...at, String(i)]);
      if (hit) return hit;
    }
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      // An empty value holds nothing (a custom executor may blank a variable for its agent).
      if (SECRET_FIELD.test(k.toLowerCase().replace(/[^a-z]/g, '')) && v !== '' && v !== null) return found([...at, k]);
      const hit = findSecret(v, redactor, [...at, k]);
      if (hit) return hit;
    }
  }
  return undefined;
}

function looksSecret(value: string, redactor: Redactor): boolean {
  if (redactor.redact(value) !== value) return true;
  // A password in a URL (https://user:pass@proxy/…) is a credential whatever its shape.
  try {
    return /^https?:$/.test(new URL(value).protocol) && new URL(value).password !== '';
  } catch {
    return false;
  }
}

function found(at: string[]): SecretFound {
  const provider = at[0] === 'executors' && at[1] === 'api' && Object.hasOwn(API_KEY_ENV, at[2]) ? (at[2] as ApiProviderId) : undefined;
  return { at: at.join('.'), envVar: provider && API_KEY_ENV[provider] };
}

/** Relative executable paths are relative to the workspace, like everything else in the file. */
export function resolvedPaths(settings: HeadlessSettings, workspace: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [id, p] of Object.entries(settings.executors?.paths ?? {})) out[id] = path.isAbsolute(p) ? p : path.resolve(workspace, p);
  return out;
}
