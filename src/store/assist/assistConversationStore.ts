// Assist's conversations on disk: .viban/assist/<id>.json, one file per conversation holding its
// messages and the context snapshots they were answered with. Reads are lock-free and validated
// (a corrupt file is moved aside, never overwritten); every change is a read-modify-write under
// .viban/assist/assist.lock with an atomic write, so a window and a `viban assist` never lose
// each other's messages. Every text passes the redactor first: a request may quote a key.
import { promises as fs } from 'node:fs';
import { randomBytes } from 'node:crypto';
import {
  ASSIST_CONVERSATION_SCHEMA_VERSION,
  AssistConversationSchema,
  type AssistConversation,
  type AssistMessage,
  type AssistSnapshot,
} from '../../protocol/assist';
import type { StoreProblem } from '../../protocol/messages';
import { writeJsonAtomic } from '../atomicWrite';
import { withStoreLock, type LockOptions } from '../fileLock';
import { loadJsonFileOrQuarantine, readJsonFile } from '../jsonFile';
import { storeLayout, type StoreLayout } from '../layout';
import { ensureStoreGitignore } from '../storeGitignore';
import type { TextRedactor } from '../textMasking';

export interface AssistConversationStoreOptions {
  now?: () => Date;
  lock?: LockOptions;
  onProblem?: (p: StoreProblem) => void;
}

export type NewAssistMessage = Omit<AssistMessage, 'id' | 'at'>;

/** A conversation id that names no conversation: nothing was written. */
export class UnknownConversationError extends Error {
  override readonly name = 'UnknownConversationError';
}

export function newConversationId(): string {
  return `a_${randomBytes(8).toString('hex').slice(0, 12)}`;
}

function newMessageId(): string {
  return `am_${randomBytes(8).toString('hex').slice(0, 12)}`;
}

export class AssistConversationStore {
  private readonly layout: StoreLayout;
  private readonly now: () => Date;

  constructor(
    root: string,
    private readonly redactor: TextRedactor,
    private readonly opts: AssistConversationStoreOptions = {},
  ) {
    this.layout = storeLayout(root);
    this.now = opts.now ?? (() => new Date());
  }

  file(id: string): string {
    return this.layout.assistConversation(id);
  }

  /** A new, empty conversation titled after its first request. */
  async create(title: string, id = newConversationId()): Promise<AssistConversation> {
    const at = this.now().toISOString();
    const conversation: AssistConversation = {
      schemaVersion: ASSIST_CONVERSATION_SCHEMA_VERSION,
      id,
      title: this.redactor.redact(title.replace(/\s+/g, ' ').trim().slice(0, 120) || 'Conversation'),
      createdAt: at,
      updatedAt: at,
      messages: [],
      snapshots: [],
    };
    return this.locked(async () => {
      if ((await readJsonFile(this.file(id), AssistConversationSchema)).kind !== 'missing') throw new Error(`A conversation "${id}" already exists.`);
      await ensureStoreGitignore(this.layout.dir);
      return this.write(conversation);
    });
  }

  async get(id: string): Promise<AssistConversation | undefined> {
    const read = await readJsonFile(this.file(id), AssistConversationSchema);
    if (read.kind === 'ok') return read.value;
    if (read.kind === 'missing') return undefined;
    return this.locked(async () => {
      const loaded = await loadJsonFileOrQuarantine(this.file(id), AssistConversationSchema, this.now());
      if (loaded.kind === 'ok') return loaded.value;
      if (loaded.kind === 'corrupt') this.opts.onProblem?.(loaded.problem);
      return undefined;
    });
  }

  /** Every conversation, newest first. */
  async list(): Promise<AssistConversation[]> {
    let names: string[];
    try {
      names = await fs.readdir(this.layout.assistDir);
    } catch {
      return [];
    }
    const all = await Promise.all(names.filter((n) => n.endsWith('.json') && !n.startsWith('.')).map((n) => this.get(n.slice(0, -'.json'.length)).catch(() => undefined)));
    return all.filter((c): c is AssistConversation => !!c).sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  }

  /** Appends messages (and the snapshot they were answered with) in one write; returns them as stored. */
  async append(id: string, messages: NewAssistMessage[], snapshot?: Omit<AssistSnapshot, 'id' | 'at'>): Promise<{ conversation: AssistConversation; messages: AssistMessage[] }> {
    return this.update(id, (c, at) => {
      let snapshotId: string | undefined;
      if (snapshot) {
        snapshotId = `as_${randomBytes(6).toString('hex')}`;
        c.snapshots.push({ ...snapshot, id: snapshotId, at, text: this.redactor.redact(snapshot.text) });
      }
      const added = messages.map((m): AssistMessage => ({ ...m, id: newMessageId(), at, text: this.redactor.redact(m.text), ...(snapshotId && m.role === 'assistant' && { snapshotId }) }));
      c.messages.push(...added);
      return added;
    }).then(({ conversation, result }) => ({ conversation, messages: result }));
  }

  /** Under the lock: fresh read, `mutate`, validate, atomic write. A throw writes nothing. */
  async update<R>(id: string, mutate: (c: AssistConversation, now: string) => R): Promise<{ conversation: AssistConversation; result: R }> {
    return this.locked(async () => {
      const loaded = await loadJsonFileOrQuarantine(this.file(id), AssistConversationSchema, this.now());
      if (loaded.kind === 'corrupt') this.opts.onProblem?.(loaded.problem);
      if (loaded.kind !== 'ok') throw new UnknownConversationError(`There is no Assist conversation "${id}".`);
      const c = loaded.value;
      const now = this.now().toISOString();
      const result = mutate(c, now);
      c.updatedAt = now;
      return { conversation: await this.write(c), result };
    });
  }

  private async write(c: AssistConversation): Promise<AssistConversation> {
    const checked = AssistConversationSchema.parse(c);
    await writeJsonAtomic(this.file(c.id), checked);
    return checked;
  }

  private locked<T>(fn: () => Promise<T>): Promise<T> {
    return withStoreLock(this.layout.assistLock, fn, this.opts.lock);
  }
}
