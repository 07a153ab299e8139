// .viban/memory.json on disk, the same way as the board: lock-free validated reads, and every
// change a read-modify-write under .viban/memory.lock with an atomic write, so an Assist window,
// an agent's `viban mcp` and a `viban memory` command never lose each other's items. A file that
// fails validation is moved aside (never overwritten) and memory starts empty, with the problem
// reported; a file from a newer Viban is read-only.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { StoreProblem } from '../../protocol/messages';
import { storeLayout } from '../layout';
import { writeFileAtomic, formatJson } from '../atomicWrite';
import { withFileLock, type LockOptions } from '../fileLock';
import { loadJsonFileOrQuarantine, parseJsonText } from '../jsonFile';
import { readTextIfExists } from '../jsonFile';
import { ensureStoreGitignore } from '../storeGitignore';
import { maskFields, type TextRedactor } from '../textMasking';
import { Redactor } from '../../secrets/redactor';
import { MEMORY_SCHEMA_VERSION, MemoryFileSchema, emptyMemoryFile, type MemoryFile } from '../../protocol/memory';

export interface MemoryRead {
  file: MemoryFile;
  /** A corrupt file that was moved aside on this read. */
  problems: StoreProblem[];
}

/** memory.json was written by a newer Viban: reading on is fine, rewriting would lose what we cannot read. */
export class NewerMemorySchemaError extends Error {
  override readonly name = 'NewerMemorySchemaError';
  constructor(readonly file: string, readonly version: number) {
    super(`${file} was written by a newer version of Viban (memory schema ${version}; this one understands ${MEMORY_SCHEMA_VERSION}). Update Viban to change the memory.`);
  }
}

export interface MemoryStoreOptions {
  now?: () => Date;
  lock?: LockOptions;
  /** Masks secrets in what is written (a value an agent proposes may quote a key). */
  redactor?: TextRedactor;
}

export class MemoryStore {
  readonly dir: string;
  readonly file: string;
  readonly lockFile: string;
  private readonly now: () => Date;
  private readonly redactor: TextRedactor;

  constructor(readonly root: string, private readonly opts: MemoryStoreOptions = {}) {
    const store = storeLayout(root);
    this.dir = store.dir;
    this.file = store.memory;
    this.lockFile = store.memoryLock;
    this.now = opts.now ?? (() => new Date());
    this.redactor = opts.redactor ?? new Redactor();
  }

  /** The items as they are now. Lock-free unless the file is corrupt and must be moved aside. */
  async read(): Promise<MemoryRead> {
    const text = await readTextIfExists(this.file);
    if (text === null) return { file: emptyMemoryFile(), problems: [] };
    this.refuseNewer(text);
    const parsed = parseJsonText(text);
    const valid = parsed.ok ? MemoryFileSchema.safeParse(parsed.value) : undefined;
    if (valid?.success) return { file: valid.data, problems: [] };
    return this.locked(() => this.loadLocked());
  }

  /**
   * Under the lock: fresh read, `mutate` (which may throw: nothing is written), validate, mask,
   * atomic write. Returns what `mutate` returned alongside the file as written.
   */
  async update<R>(mutate: (file: MemoryFile, now: string) => R): Promise<{ result: R; file: MemoryFile; problems: StoreProblem[] }> {
    await fs.mkdir(this.dir, { recursive: true });
    return this.locked(async () => {
      const { file, problems } = await this.loadLocked();
      const result = mutate(file, this.now().toISOString());
      const masked = { ...file, items: file.items.map((item) => maskFields(item, ['key', 'value'], this.redactor)) };
      const checked = MemoryFileSchema.parse(masked);
      await ensureStoreGitignore(this.dir);
      await writeFileAtomic(this.file, formatJson(checked));
      return { result, file: checked, problems };
    });
  }

  private async loadLocked(): Promise<MemoryRead> {
    const text = await readTextIfExists(this.file);
    if (text !== null) this.refuseNewer(text);
    const loaded = await loadJsonFileOrQuarantine(this.file, MemoryFileSchema, this.now());
    if (loaded.kind === 'ok') return { file: loaded.value, problems: [] };
    if (loaded.kind === 'missing') return { file: emptyMemoryFile(), problems: [] };
    return { file: emptyMemoryFile(), problems: [{ ...loaded.problem, message: `${loaded.problem.message} Memory starts empty.` }] };
  }

  private refuseNewer(text: string): void {
    const parsed = parseJsonText(text);
    if (!parsed.ok || typeof parsed.value !== 'object' || parsed.value === null) return;
    const v = (parsed.value as { schemaVersion?: unknown }).schemaVersion;
    if (typeof v === 'number' && v > MEMORY_SCHEMA_VERSION) throw new NewerMemorySchemaError(this.file, v);
  }

  private locked<T>(fn: () => Promise<T>): Promise<T> {
    return withFileLock(this.lockFile, fn, this.opts.lock);
  }
}
