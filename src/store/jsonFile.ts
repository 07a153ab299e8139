// Reading a JSON store file so that every failure has a readable reason: missing, not JSON, or
// JSON of the wrong shape. Generic over the zod schema so board.json and later files such as
// sessions/<id>.json share one path.
import { promises as fs } from 'node:fs';
import type { z } from 'zod';
import { describeZodError, type StoreProblem } from '../protocol/messages';
import { errorCode } from './fsErrors';
import { quarantineFile } from './quarantine';

export type Checked<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Schemas with defaults accept a looser input than they produce, hence the `unknown` input. */
export type JsonSchema<T> = z.ZodType<T, z.ZodTypeDef, unknown>;

export async function readTextIfExists(file: string): Promise<string | null> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (err) {
    if (errorCode(err) === 'ENOENT') return null;
    throw err;
  }
}

/** The raw bytes, for comparing with bytes written or validated before without decoding them. */
export async function readBytesIfExists(file: string): Promise<Buffer | null> {
  try {
    return await fs.readFile(file);
  } catch (err) {
    if (errorCode(err) === 'ENOENT') return null;
    throw err;
  }
}

export function parseJsonText(text: string): Checked<unknown> {
  try {
    // Some Windows editors save a byte-order mark; it is not part of the JSON.
    return { ok: true, value: JSON.parse(text.replace(/^\uFEFF/, '')) };
  } catch (err) {
    return { ok: false, reason: `it is not valid JSON (${(err as Error).message})` };
  }
}

export function validateWith<T>(schema: JsonSchema<T>, value: unknown): Checked<T> {
  const r = schema.safeParse(value);
  if (r.success) return { ok: true, value: r.data };
  return { ok: false, reason: `it does not have the expected shape (${describeZodError(r.error)})` };
}

export type JsonFileRead<T> =
  | { kind: 'missing' }
  | { kind: 'ok'; value: T; text: string }
  | { kind: 'corrupt'; reason: string; text: string };

/** Reads and validates without touching the file; I/O errors other than "missing" are thrown. */
export async function readJsonFile<T>(file: string, schema: JsonSchema<T>): Promise<JsonFileRead<T>> {
  const text = await readTextIfExists(file);
  if (text === null) return { kind: 'missing' };
  return interpretJsonText(text, schema);
}

export function interpretJsonText<T>(text: string, schema: JsonSchema<T>): JsonFileRead<T> {
  const parsed = parseJsonText(text);
  if (!parsed.ok) return { kind: 'corrupt', reason: parsed.reason, text };
  const valid = validateWith(schema, parsed.value);
  if (!valid.ok) return { kind: 'corrupt', reason: valid.reason, text };
  return { kind: 'ok', value: valid.value, text };
}

/**
 * The problem a user sees for a file that was moved aside. `outcome` says what they are looking
 * at instead, e.g. "The board shows the last good version.".
 */
export function corruptProblem(file: string, reason: string, movedTo: string | undefined, outcome = ''): StoreProblem {
  const where = movedTo
    ? `It was moved to ${movedTo} so nothing is lost.`
    : 'It could not be moved aside and was left untouched.';
  const message = `The Viban file ${file} could not be used: ${reason}. ${where}${outcome ? ' ' + outcome : ''}`;
  return movedTo ? { kind: 'corrupt', message, file, movedTo } : { kind: 'corrupt', message, file };
}

export type JsonFileLoad<T> =
  | { kind: 'missing' }
  | { kind: 'ok'; value: T; text: string }
  | { kind: 'corrupt'; problem: StoreProblem };

/**
 * Read, validate, and on failure move the file aside. Callers that have writers in other
 * processes should hold the file's lock while calling this, so a valid write that lands between
 * our read and the move is not mistaken for the corrupt bytes (the expected-bytes check in
 * quarantineFile narrows that window but only a lock closes it).
 */
export async function loadJsonFileOrQuarantine<T>(file: string, schema: JsonSchema<T>, now: Date): Promise<JsonFileLoad<T>> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const read = await readJsonFile(file, schema);
    if (read.kind !== 'corrupt') return read;
    const movedTo = await quarantineFile(file, now, read.text);
    if (movedTo) return { kind: 'corrupt', problem: corruptProblem(file, read.reason, movedTo) };
    // The file changed under us: look at the new content.
  }
  const last = await readJsonFile(file, schema);
  if (last.kind !== 'corrupt') return last;
  return { kind: 'corrupt', problem: corruptProblem(file, last.reason, undefined) };
}
