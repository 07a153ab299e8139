// Shared skeleton of the JSON-lines normalizers (Codex, Gemini CLI, OpenCode): one JSON object per
// stdout line, dispatched by its `type`. Anything that is not a JSON object, or that a subclass
// does not understand or chokes on, becomes a `raw` entry — a normalizer never throws and never
// drops a line.
//
// Entry ids: each run gets a random prefix, because agents reuse their own ids across runs
// (Codex numbers items `item_0`, `item_1`, … in every run, also when resuming the same thread).
// Two entries with the same id are one entry: a `delta: true` text is appended to it, anything
// else replaces it (how `item.started` → `item.completed` updates a tool call in place).
import { randomUUID } from 'node:crypto';
import type { LogEntry } from '../../protocol/logEntries';
import type { NormalizedResult, OutputNormalizer } from '../types';

export type Json = Record<string, any>;

/** LogEntry without the fields every entry has; `id`/`ts` are filled in by `make`. */
export type EntryBody = LogEntry extends infer E ? (E extends LogEntry ? Omit<E, 'id' | 'ts' | 'seq'> : never) : never;

export interface NormalizerOptions {
  now?: () => string;
  /** Fixed id prefix (tests); default a random one per run. */
  idPrefix?: string;
}

export abstract class JsonLineNormalizer implements OutputNormalizer {
  agentSessionId: string | undefined;
  result: NormalizedResult | undefined;

  private readonly prefix: string;
  private readonly now: () => string;
  private counter = 0;

  constructor(options: NormalizerOptions = {}) {
    this.now = options.now ?? (() => new Date().toISOString());
    this.prefix = options.idPrefix ?? randomUUID().slice(0, 8);
  }

  push(line: string): LogEntry[] {
    if (!line.trim()) return [];
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      return [this.raw(line)];
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed) || typeof (parsed as Json).type !== 'string') {
      return [this.raw(line)];
    }
    try {
      return this.handle(parsed as Json, line) ?? [this.raw(line)];
    } catch {
      // A known type with an unexpected shape: keep it verbatim rather than guess.
      return [this.raw(line)];
    }
  }

  end(): LogEntry[] {
    return [];
  }

  /** Entries for one parsed line; undefined when the line is not understood (kept as raw). */
  protected abstract handle(msg: Json, line: string): LogEntry[] | undefined;

  /** A run-unique id from the agent's own key, or a fresh one. */
  protected id(key?: string): string {
    return `${this.prefix}:${key ?? this.freshKey()}`;
  }

  /** A key no agent id can collide with, for things that arrive without one. */
  protected freshKey(): string {
    return `~${this.counter++}`;
  }

  protected make(key: string | undefined, body: EntryBody): LogEntry {
    return { id: this.id(key), ts: this.now(), ...body } as LogEntry;
  }

  protected raw(line: string): LogEntry {
    return this.make(undefined, { kind: 'raw', line, stream: 'stdout' });
  }
}

export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
export const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** Text for a tool result: strings as-is, anything else as pretty JSON. */
export function outputText(v: unknown): string {
  if (v === undefined || v === null) return '';
  return typeof v === 'string' ? v : JSON.stringify(v, null, 2);
}
