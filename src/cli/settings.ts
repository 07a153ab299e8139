// Headless settings: .viban/settings.json beside the board (optional). The VS Code extension reads
// its own settings; the command line reads this file. Zod-validated, strict (a misspelt key is an
// error, not silently ignored), and refused if it holds anything shaped like a secret: keys
// belong in the environment, and this file may be committed.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { parseCustomExecutors, type CustomExecutorConfig } from '../executors/cli/custom';
import type { Redactor } from '../sessions/redactor';
import { CliError } from './errors';

export const HeadlessSettingsSchema = z
  .object({
    executors: z
      .object({
        default: z.string().min(1).optional(),
        paths: z.record(z.string(), z.string().min(1)).optional(),
        // Entries are checked by the executors' own schema (parseCustomExecutors) below.
        custom: z.array(z.unknown()).optional(),
        idleTimeoutMinutes: z.number().nonnegative().optional(),
      })
      .strict()
      .optional(),
  })
  .strict();
type RawSettings = z.infer<typeof HeadlessSettingsSchema>;

export interface HeadlessSettings {
  executors?: Omit<NonNullable<RawSettings['executors']>, 'custom'> & { custom?: CustomExecutorConfig[] };
}

export function settingsFile(workspace: string): string {
  return path.join(workspace, '.viban', 'settings.json');
}

/** Reads and validates the file; a missing file is an empty configuration. */
export async function loadHeadlessSettings(workspace: string, redactor: Redactor): Promise<HeadlessSettings> {
  const file = settingsFile(workspace);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new CliError(`cannot read ${file}: ${(err as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new CliError(`${file} is not valid JSON: ${(err as Error).message}`);
  }
  const parsed = HeadlessSettingsSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.length ? issue.path.join('.') : '(top level)';
    const keys = issue.code === 'unrecognized_keys' ? ` (${issue.keys.map((k) => [...issue.path, k].join('.')).join(', ')})` : '';
    throw new CliError(`${file} is invalid at ${where}: ${issue.message}${keys}`);
  }
  const secretAt = findSecret(parsed.data, redactor);
  if (secretAt) {
    throw new CliError(`${file} holds what looks like a secret at ${secretAt}; keep keys in the environment (e.g. ANTHROPIC_API_KEY), never in this file`);
  }
  const custom = parseCustomExecutors(parsed.data.executors?.custom, `${file} executors.custom`);
  if (custom.errors.length) throw new CliError(`invalid custom executor: ${custom.errors[0]}`);
  return parsed.data.executors ? { executors: { ...parsed.data.executors, custom: custom.executors } } : {};
}

/** Path of the first string value the redactor would mask, if any. */
function findSecret(value: unknown, redactor: Redactor, at: string[] = []): string | undefined {
  if (typeof value === 'string') return redactor.redact(value) !== value ? at.join('.') : undefined;
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      const found = findSecret(v, redactor, [...at, String(i)]);
      if (found) return found;
    }
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const found = findSecret(v, redactor, [...at, k]);
      if (found) return found;
    }
  }
  return undefined;
}

/** Relative executable paths are relative to the workspace, like everything else in the file. */
export function resolvedPaths(settings: HeadlessSettings, workspace: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [id, p] of Object.entries(settings.executors?.paths ?? {})) out[id] = path.isAbsolute(p) ? p : path.resolve(workspace, p);
  return out;
}
