// A task's conversation on disk: .viban/messages/<taskId>.jsonl, append-only, one record a line.
// A new message is a record with revision 0 and the next sequence; a status change or new content
// is another record with the same id and sequence and a higher revision, and readers keep the
// last record of each id. Writers take .viban/messages/<taskId>.lock, so two windows and the
// `viban` command never hand out the same sequence; every line passes the redactor first.
import { promises as fs } from 'node:fs';
import { newId } from '../ids';
import {
  ConversationMessageSchema,
  type ConversationMessage,
  type ConversationMetadata,
  type ConversationPage,
  type ConversationRole,
  type ConversationStatus,
} from '../../protocol/conversation';
import { withStoreLock, type LockOptions } from '../fileLock';
import { storeLayout, type StoreLayout } from '../layout';
import type { Redactor } from '../../secrets/redactor';
import { endsWithNewline, linesBackward } from '../backwardLines';
import { oneReadAtATime, watchFileSignals, type WatchOptions } from '../storeWatcher';

export interface NewMessage {
  role: ConversationRole;
  content: string;
  /** Default: 'completed' for user and system messages, 'pending' for assistant replies. */
  status?: ConversationStatus;
  metadata?: ConversationMetadata;
  /**
   * A caller-chosen id (e.g. the webview's request id). Appending an id that is already among
   * the recent records returns that message instead of adding a second one.
   */
  id?: string;
}

export interface MessagePatch {
  status?: ConversationStatus;
  /** Replaces the content (a streamed reply writes its whole text so far). */
  content?: string;
  /** Merged into the existing metadata. */
  metadata?: ConversationMetadata;
}

export interface LoadOptions {
  /** Only messages with a sequence below this (the oldest one on screen, to page further up). */
  before?: number;
  /** Page size (default 50). */
  limit?: number;
}

export interface ConversationStoreOptions {
  now?: () => Date;
  lock?: LockOptions;
}

/** How far back an append with a caller id looks for that id (retries happen within moments). */
const DUPLICATE_LOOKBACK = 500;

export class ConversationStore {
  readonly dir: string;
  private readonly layout: StoreLayout;
  private readonly listeners = new Set<(m: ConversationMessage) => void>();
  /** Last known end of each file and its highest sequence, so appends seldom re-read anything. */
  private readonly tails = new Map<string, { stamp: string; lastSequence: number }>();

  constructor(
    root: string,
    private readonly redactor: Redactor,
    private readonly opts: ConversationStoreOptions = {},
  ) {
    this.layout = storeLayout(root);
    this.dir = this.layout.conversationsDir;
  }

  file(taskId: string): string {
    return this.layout.conversation(taskId);
  }

  /** Every record this store writes, as written (redacted), for pushing to views. */
  onRecord(listener: (m: ConversationMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Calls `onMessage` with each message of the task's conversation that is added or changed after
   * this call — by this store or another process (a background worker writes the replies of runs
   * it does) — newest version only. Reads the latest page on each change of the file; returns a disposer.
   */
  watchTask(taskId: string, onMessage: (m: ConversationMessage) => void, opts: WatchOptions & { pageSize?: number } = {}): () => void {
    const known = new Map<string, number>();
    let primed = false;
    let disposed = false;
    const read = async () => {
      const page = await this.load(taskId, { limit: opts.pageSize ?? 50 }).catch(() => undefined);
      if (!page || disposed) return;
      for (const m of page.messages) {
        if ((known.get(m.id) ?? -1) >= m.revision) continue;
        known.set(m.id, m.revision);
        if (primed) onMessage(m);
      }
      primed = true;
    };
    const look = oneReadAtATime(read, () => disposed);
    look();
    const stop = watchFileSignals(this.file(taskId), look, { pollMs: opts.pollMs ?? 1000, ...opts });
    return () => {
      disposed = true;
      stop();
    };
  }

  async append(taskId: string, input: NewMessage): Promise<ConversationMessage> {
    return this.locked(taskId, async (file) => {
      if (input.id !== undefined) {
        const existing = await this.find(file, input.id, DUPLICATE_LOOKBACK);
        if (existing) return existing;
      }
      const now = this.now();
      const record = ConversationMessageSchema.parse({
        id: input.id ?? newId('m'),
        taskId,
        sequence: (await this.lastSequence(file)) + 1,
        revision: 0,
        role: input.role,
        content: input.content,
        status: input.status ?? (input.role === 'assistant' ? 'pending' : 'completed'),
        createdAt: now,
        updatedAt: now,
        ...(input.metadata && { metadata: input.metadata }),
      });
      return this.write(file, record);
    });
  }

  /** Appends a superseding record for message `id` (status, content, metadata). */
  async update(taskId: string, id: string, patch: MessagePatch): Promise<ConversationMessage> {
    return this.locked(taskId, async (file) => {
      const current = await this.find(file, id);
      if (!current) throw new Error(`There is no message "${id}" in the conversation of task "${taskId}".`);
      const metadata = patch.metadata ? { ...current.metadata, ...patch.metadata } : current.metadata;
      const next = ConversationMessageSchema.parse({
        ...current,
        ...(patch.status !== undefined && { status: patch.status }),
        ...(patch.content !== undefined && { content: patch.content }),
        ...(metadata && { metadata }),
        revision: current.revision + 1,
        updatedAt: this.now(),
      });
      return this.write(file, next);
    });
  }

  /** The latest version of one message, or undefined. */
  async get(taskId: string, id: string): Promise<ConversationMessage | undefined> {
    return this.find(this.file(taskId), id);
  }

  /**
   * The `limit` newest messages below `before`, oldest first, each in its latest version. Reads
   * from the end and stops as soon as the page is certain: creation records are in sequence
   * order and every later version of a message comes after its creation, so once the creation
   * record of sequence s has been read, every message from s on has been seen in full.
   */
  async load(taskId: string, opts: LoadOptions = {}): Promise<ConversationPage> {
    const before = opts.before ?? Number.POSITIVE_INFINITY;
    const limit = Math.max(1, Math.floor(opts.limit ?? 50));
    const seen = new Set<string>();
    const candidates: ConversationMessage[] = [];
    // Candidates met through a later version; only these can lie below the creation frontier.
    const lateSequences: number[] = [];
    let fromCreation = 0;
    let reachedStart = true;
    for await (const line of linesBackward(this.file(taskId))) {
      const record = parseRecord(line.text);
      if (!record || seen.has(record.id)) continue;
      seen.add(record.id);
      if (record.sequence >= before) continue;
      candidates.push(record);
      if (record.revision > 0) {
        lateSequences.push(record.sequence);
        continue;
      }
      fromCreation++;
      const complete = fromCreation + lateSequences.filter((s) => s >= record.sequence).length;
      if (complete >= limit) {
        reachedStart = line.offset === 0;
        break;
      }
    }
    candidates.sort((a, b) => b.sequence - a.sequence);
    const page = candidates.slice(0, limit).reverse();
    // Sequences run 1, 2, 3... without gaps, so a page starting above 1 has older messages.
    const hasOlder = candidates.length > limit || (!reachedStart && page.length > 0 && page[0].sequence > 1);
    return { taskId, messages: page, hasOlder };
  }

  private async locked<T>(taskId: string, fn: (file: string) => Promise<T>): Promise<T> {
    const file = this.file(taskId);
    return withStoreLock(this.layout.conversationLock(taskId), () => fn(file), this.opts.lock);
  }

  /** Caller holds the lock. One append of one line; a torn last line gets its missing newline first. */
  private async write(file: string, record: ConversationMessage): Promise<ConversationMessage> {
    const json = JSON.stringify(record);
    const line = this.redactor.redact(json);
    const written = line === json ? record : ConversationMessageSchema.parse(JSON.parse(line));
    const known = this.tails.get(file);
    // The cache may only move forward with this write if it described the file just before it;
    // otherwise another process appended since (an update() does not re-read the tail).
    const trusted = known !== undefined && known.stamp === (await fileStamp(file));
    const end = await endsWithNewline(file);
    await fs.appendFile(file, (end.size > 0 && !end.newline ? '\n' : '') + line + '\n', 'utf8');
    if (trusted) this.tails.set(file, { stamp: await fileStamp(file), lastSequence: Math.max(written.sequence, known.lastSequence) });
    else this.tails.delete(file);
    for (const l of [...this.listeners]) {
      try {
        l(written);
      } catch {
        // A view's bug must not fail the write that already happened.
      }
    }
    return written;
  }

  /** Caller holds the lock. The highest sequence in the file: the newest creation record's. */
  private async lastSequence(file: string): Promise<number> {
    const stamp = await fileStamp(file);
    const known = this.tails.get(file);
    // Unchanged since our own last write: nobody else appended (they would hold the same lock).
    if (known && known.stamp === stamp) return known.lastSequence;
    let last = 0;
    for await (const line of linesBackward(file)) {
      const record = parseRecord(line.text);
      if (!record) continue;
      last = Math.max(last, record.sequence);
      if (record.revision === 0) break;
    }
    this.tails.set(file, { stamp, lastSequence: last });
    return last;
  }

  private async find(file: string, id: string, maxRecords = Number.POSITIVE_INFINITY): Promise<ConversationMessage | undefined> {
    let read = 0;
    for await (const line of linesBackward(file)) {
      if (++read > maxRecords) return undefined;
      // Cheap pre-check: most lines are other messages.
      if (!line.text.includes(JSON.stringify(id))) continue;
      const record = parseRecord(line.text);
      if (record?.id === id) return record;
    }
    return undefined;
  }

  private now(): string {
    return (this.opts.now?.() ?? new Date()).toISOString();
  }
}

/** Identity and length of the file: any other writer's append, or a replaced file, changes it. */
async function fileStamp(file: string): Promise<string> {
  try {
    const s = await fs.stat(file);
    return `${s.ino}:${s.size}:${s.mtimeMs}`;
  } catch {
    return 'missing';
  }
}

/** A line that is not a valid record (a torn write after a crash, a hand edit) is skipped. */
function parseRecord(text: string): ConversationMessage | undefined {
  try {
    const r = ConversationMessageSchema.safeParse(JSON.parse(text));
    return r.success ? r.data : undefined;
  } catch {
    return undefined;
  }
}
