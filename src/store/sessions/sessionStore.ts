// Sessions on disk: .viban/sessions/<id>.json (metadata, rewritten atomically) and
// .viban/sessions/<id>.jsonl (the normalized log, append-only, one entry a line).
import { createReadStream, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { SessionMetaSchema, type SessionMeta } from '../../protocol/sessions';
import type { LogEntry } from '../../protocol/logEntries';
import { parseLogLine } from './logLine';
import { readLogTail } from './logTail';
import type { StoreProblem } from '../../protocol/messages';
import { formatJson, writeFileAtomicSync, writeJsonAtomic } from '../atomicWrite';
import { readJsonFile } from '../jsonFile';
import { quarantineFile } from '../quarantine';
import { maskSessionText } from '../textMasking';
import { LogWriter } from './logWriter';
import { withStoreLock } from '../fileLock';
import { storeLayout, type StoreLayout } from '../layout';
import type { Redactor } from '../../secrets/redactor';

export class SessionStore {
  readonly dir: string;
  private readonly layout: StoreLayout;
  /** Per-session write chains so two metadata updates never interleave. */
  private readonly writes = new Map<string, Promise<unknown>>();
  /** listLive's reads, kept per file while its stat signature (inode, size, mtime) is unchanged. */
  private readonly statusCache = new Map<string, { sig: string; taskId: string; live: boolean }>();

  constructor(
    root: string,
    private readonly redactor: Redactor,
    private readonly onProblem: (p: StoreProblem) => void = () => undefined,
  ) {
    this.layout = storeLayout(root);
    this.dir = this.layout.sessionsDir;
  }

  metaFile(id: string): string {
    return this.layout.sessionMeta(id);
  }

  logFile(id: string): string {
    return this.layout.sessionLog(id);
  }

  /** Writes the metadata; returns it as written (text fields masked), which is what views show. */
  async save(meta: SessionMeta): Promise<SessionMeta> {
    // Metadata carries agent text too (an error may quote a key): its text fields are masked, as
    // the log is. Never the whole record: `cwd` and the ids are what the run and a resume use.
    // The JSON round trip makes the result what a read of the file gives (no undefined keys).
    const checked = maskSessionText(SessionMetaSchema.parse(JSON.parse(JSON.stringify(meta))), this.redactor);
    const id = checked.id;
    const run = async () => {
      await fs.mkdir(this.dir, { recursive: true });
      await writeJsonAtomic(this.metaFile(id), checked);
      return checked;
    };
    const next = (this.writes.get(id) ?? Promise.resolve()).then(run, run);
    this.writes.set(id, next.catch(() => undefined));
    return next;
  }

  /**
   * Writes the metadata before returning (temp file, fsync, rename), for the one moment that
   * cannot wait for the event loop: recording an agent's pid as it is spawned. Callers follow it
   * with save(), which keeps the per-session write order.
   */
  saveNow(meta: SessionMeta): void {
    const checked = SessionMetaSchema.parse(JSON.parse(this.redactor.redact(JSON.stringify(meta))));
    writeFileAtomicSync(this.metaFile(checked.id), formatJson(checked));
  }

  /**
   * Runs `fn` holding the sessions' lock (.viban/sessions/sessions.lock), across processes: what
   * it reads of the sessions cannot change under it before it saves.
   */
  async withLock<T>(fn: () => Promise<T>): Promise<T> {
    return withStoreLock(this.layout.sessionsLock, fn);
  }

  /** A corrupt metadata file is moved aside (never overwritten) and reported; undefined then. */
  async get(id: string): Promise<SessionMeta | undefined> {
    const file = this.metaFile(id);
    const read = await readJsonFile(file, SessionMetaSchema);
    if (read.kind === 'ok') return read.value;
    if (read.kind === 'corrupt') {
      const movedTo = await quarantineFile(file, new Date(), read.text);
      this.onProblem({ kind: 'corrupt', file, movedTo, message: `${path.basename(file)} could not be read: ${read.reason}. It was moved aside to ${movedTo ? path.basename(movedTo) : '(unchanged)'}.` });
    }
    return undefined;
  }

  async list(filter?: { taskId?: string }): Promise<SessionMeta[]> {
    let names: string[];
    try {
      names = await fs.readdir(this.dir);
    } catch {
      return [];
    }
    const metas = await Promise.all(names.filter((n) => n.endsWith('.json')).map((n) => this.get(n.slice(0, -'.json'.length))));
    return metas
      .filter((m): m is SessionMeta => !!m && (!filter?.taskId || m.taskId === filter.taskId))
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  /**
   * The live sessions (running, waiting, queued) — of one task when filtered. Checked before every
   * run starts, under the sessions' lock: a folder with hundreds of past sessions must not re-read
   * and re-validate every one of them each time (a worker's claim latency grew with the history),
   * so a file is read again only when its stat signature changed; an atomic rewrite always does.
   */
  async listLive(filter?: { taskId?: string }): Promise<SessionMeta[]> {
    let names: string[];
    try {
      names = await fs.readdir(this.dir);
    } catch {
      return [];
    }
    const ids = names.filter((n) => n.endsWith('.json')).map((n) => n.slice(0, -'.json'.length));
    const present = new Set(ids);
    for (const id of this.statusCache.keys()) if (!present.has(id)) this.statusCache.delete(id);
    const live: SessionMeta[] = [];
    await Promise.all(
      ids.map(async (id) => {
        const st = await fs.stat(this.metaFile(id)).catch(() => undefined);
        if (!st) return;
        const sig = `${st.ino}:${st.size}:${st.mtimeMs}`;
        const known = this.statusCache.get(id);
        if (known?.sig === sig && (!known.live || (filter?.taskId && known.taskId !== filter.taskId))) return;
        const meta = await this.get(id);
        if (!meta) return;
        const isLiveNow = meta.status === 'running' || meta.status === 'waiting_for_user' || meta.status === 'queued';
        this.statusCache.set(id, { sig, taskId: meta.taskId, live: isLiveNow });
        if (isLiveNow && (!filter?.taskId || meta.taskId === filter.taskId)) live.push(meta);
      }),
    );
    return live.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  /** Opens the session's log for appending; entries get consecutive `seq` from `firstSeq`. */
  async openLog(id: string, firstSeq: number): Promise<LogWriter> {
    await fs.mkdir(this.dir, { recursive: true });
    return LogWriter.open(this.logFile(id), firstSeq, this.redactor);
  }

  /** The last `count` entries before `beforeSeq` (the first screen of a log view, or an older page). */
  readTail(id: string, count: number, beforeSeq?: number) {
    return readLogTail(this.logFile(id), count, beforeSeq);
  }

  /**
   * Streams a session's log from disk, entry by entry, from `fromSeq` on. A line that is not a
   * valid entry (a torn last line after a crash, a hand edit) comes back as a `raw` entry.
   */
  async *readLog(id: string, fromSeq = 0): AsyncGenerator<LogEntry> {
    const file = this.logFile(id);
    try {
      await fs.access(file);
    } catch {
      return;
    }
    const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
    let index = 0;
    for await (const line of lines) {
      if (!line) continue;
      const entry = parseLogLine(line, index);
      index++;
      if ((entry.seq ?? index - 1) >= fromSeq) yield entry;
    }
  }
}
