// What Assist, the `viban memory` command and the MCP server do with memory: list and filter,
// add (a person said so), propose (an assistant or agent inferred it), update, forget, and lower
// the confidence of an item something contradicted. Each change is one locked store update.
import { randomBytes } from 'node:crypto';
import type { StoreProblem } from '../protocol/messages';
import { MemoryStore, type MemoryStoreOptions } from '../store/memory/memoryStore';
import { MEMORY_KEY_MAX, MEMORY_VALUE_MAX, type MemoryCategory, type MemoryFile, type MemoryItem } from '../protocol/memory';

/** A bad request (empty text, unknown id): nothing was written. */
export class MemoryError extends Error {
  override readonly name = 'MemoryError';
}

export interface MemoryFilter {
  category?: MemoryCategory;
  /** Case-insensitive text found in the key or the value. */
  text?: string;
  /** Items at least this sure (0–1). */
  minConfidence?: number;
  /** Open questions due at or before this time (ISO). */
  dueBefore?: string;
}

export interface NewMemory {
  category: MemoryCategory;
  value: string;
  /** Derived from the value when left out ("No social login for now" → "no-social-login-for-now"). */
  key?: string;
  confidence?: number;
  sourceConversation?: string;
  due?: string;
}

export interface Proposed {
  item: MemoryItem;
  /** 'added': new; 'confirmed': the same thing was already known (its confidence rose). */
  outcome: 'added' | 'confirmed';
  /** Items about the same key that said something else: their confidence was lowered. */
  contradicted: MemoryItem[];
}

/** Confidence of something a person stated themselves, and of something an assistant inferred. */
export const STATED_CONFIDENCE = 1;
export const PROPOSED_CONFIDENCE = 0.6;
/** A contradicted item keeps this share of its confidence: twice contradicted, it falls under a quarter. */
export const CONTRADICTION_FACTOR = 0.5;
/** A repeated statement adds this much (up to 1). */
const CONFIRMATION_BOOST = 0.1;

export class MemoryRepository {
  readonly store: MemoryStore;
  /** Problems (a corrupt file moved aside) met by the last read or write. */
  problems: StoreProblem[] = [];

  private readonly redact: (text: string) => string;

  constructor(root: string, opts: MemoryStoreOptions = {}) {
    this.store = new MemoryStore(root, opts);
    // The store masks what it writes too; masking here as well makes what callers get back equal what was written.
    this.redact = opts.redactor ? (t) => opts.redactor!.redact(t) : (t) => t;
  }

  async list(filter: MemoryFilter = {}): Promise<MemoryItem[]> {
    const { file, problems } = await this.store.read();
    this.problems = problems;
    return sortItems(file.items.filter((item) => matches(item, filter)));
  }

  async get(id: string): Promise<MemoryItem | undefined> {
    return (await this.store.read()).file.items.find((i) => i.id === id);
  }

  /** Something a person stated: stored as given (full confidence unless said otherwise). */
  async add(input: NewMemory): Promise<MemoryItem> {
    const clean = cleanInput({ ...input, value: this.redact(input.value) }, STATED_CONFIDENCE);
    return this.change((file, now) => {
      const item: MemoryItem = { id: newMemoryId(), ...clean, createdAt: now, updatedAt: now };
      file.items.push(item);
      return item;
    });
  }

  /**
   * Something inferred: the same statement again raises the known item's confidence instead of
   * adding a copy; a different statement about the same key is added, and the old one loses
   * confidence (both stay, so a person can see and settle the contradiction).
   */
  async propose(input: NewMemory): Promise<Proposed> {
    const clean = cleanInput({ ...input, value: this.redact(input.value) }, PROPOSED_CONFIDENCE);
    return this.change((file, now) => {
      const sameKey = file.items.filter((i) => i.category === clean.category && i.key === clean.key);
      const same = sameKey.find((i) => normalise(i.value) === normalise(clean.value));
      if (same) {
        same.confidence = round(Math.min(1, Math.max(same.confidence, clean.confidence) + CONFIRMATION_BOOST));
        same.updatedAt = now;
        if (clean.due) same.due = clean.due;
        return { item: { ...same }, outcome: 'confirmed' as const, contradicted: [] };
      }
      for (const old of sameKey) lowerConfidence(old, now);
      const item: MemoryItem = { id: newMemoryId(), ...clean, createdAt: now, updatedAt: now };
      file.items.push(item);
      return { item, outcome: 'added' as const, contradicted: sameKey.map((i) => ({ ...i })) };
    });
  }

  async update(id: string, patch: Partial<Pick<NewMemory, 'category' | 'key' | 'value' | 'confidence' | 'due'>>): Promise<MemoryItem> {
    return this.change((file, now) => {
      const item = requireItem(file, id);
      const merged = cleanInput({ ...item, ...patch, value: this.redact(patch.value ?? item.value), key: patch.key ?? item.key }, item.confidence);
      Object.assign(item, merged, { updatedAt: now });
      if (patch.due === undefined && item.category !== 'open') delete item.due;
      return { ...item };
    });
  }

  /** Something contradicted the item: it stays, less sure. */
  async contradict(id: string): Promise<MemoryItem> {
    return this.change((file, now) => {
      const item = requireItem(file, id);
      lowerConfidence(item, now);
      return { ...item };
    });
  }

  async forget(id: string): Promise<MemoryItem> {
    return this.change((file) => {
      const item = requireItem(file, id);
      file.items = file.items.filter((i) => i !== item);
      return item;
    });
  }

  private async change<R>(mutate: (file: MemoryFile, now: string) => R): Promise<R> {
    const { result, problems } = await this.store.update(mutate);
    this.problems = problems;
    return result;
  }
}

function requireItem(file: MemoryFile, id: string): MemoryItem {
  const item = file.items.find((i) => i.id === id);
  if (!item) throw new MemoryError(`There is no memory item "${id}" (see \`viban memory\` for the ids).`);
  return item;
}

function lowerConfidence(item: MemoryItem, now: string): void {
  item.confidence = round(item.confidence * CONTRADICTION_FACTOR);
  item.updatedAt = now;
}

type CleanInput = Omit<MemoryItem, 'id' | 'createdAt' | 'updatedAt'>;

function cleanInput(input: NewMemory, defaultConfidence: number): CleanInput {
  const value = input.value.replace(/\s+/g, ' ').trim();
  if (!value) throw new MemoryError('A memory item needs some text: what was decided, preferred, left open, known or tried.');
  if (value.length > MEMORY_VALUE_MAX) throw new MemoryError(`A memory item is at most ${MEMORY_VALUE_MAX} characters (this one has ${value.length}); keep the gist.`);
  const key = input.key === undefined ? keyFor(value) : slug(input.key);
  if (!key) throw new MemoryError('A memory key needs letters or digits (e.g. "social-login").');
  const confidence = input.confidence ?? defaultConfidence;
  if (!(confidence >= 0 && confidence <= 1)) throw new MemoryError(`Confidence is a number from 0 to 1 (got ${input.confidence}).`);
  if (input.due !== undefined && Number.isNaN(Date.parse(input.due))) throw new MemoryError(`"${input.due}" is not a date; give it as YYYY-MM-DD or an ISO time.`);
  return {
    category: input.category,
    key,
    value,
    confidence: round(confidence),
    ...(input.sourceConversation && { sourceConversation: input.sourceConversation }),
    ...(input.due !== undefined && { due: new Date(input.due).toISOString() }),
  };
}

/** The first few words of the value, as a slug: enough to recognise the same subject later. */
export function keyFor(value: string): string {
  return slug(value.split(/\s+/).slice(0, 6).join(' '));
}

function slug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MEMORY_KEY_MAX)
    .replace(/-+$/, '');
}

function normalise(value: string): string {
  return value.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
}

function matches(item: MemoryItem, f: MemoryFilter): boolean {
  if (f.category && item.category !== f.category) return false;
  if (f.minConfidence !== undefined && item.confidence < f.minConfidence) return false;
  if (f.text) {
    const needle = f.text.toLowerCase();
    if (!item.key.toLowerCase().includes(needle) && !item.value.toLowerCase().includes(needle)) return false;
  }
  if (f.dueBefore !== undefined && (!item.due || Date.parse(item.due) > Date.parse(f.dueBefore))) return false;
  return true;
}

const CATEGORY_ORDER: Record<MemoryCategory, number> = { decision: 0, preference: 1, open: 2, context: 3, experiment: 4 };

/** Decisions first, then by confidence, newest first: the order people and agents read them in. */
export function sortItems(items: MemoryItem[]): MemoryItem[] {
  return [...items].sort(
    (a, b) => CATEGORY_ORDER[a.category] - CATEGORY_ORDER[b.category] || b.confidence - a.confidence || b.updatedAt.localeCompare(a.updatedAt) || a.id.localeCompare(b.id),
  );
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

function newMemoryId(): string {
  return `mem_${randomBytes(8).toString('base64url').replace(/[-_]/g, '').slice(0, 10).toLowerCase()}`;
}
