// The session log as the user sees it: normalized entries (DESIGN §4) merged into display items.
// Merge rules: an entry whose id was seen before either appends its text (`delta: true`) or
// replaces the earlier one; a tool_result joins its tool_use's item (by toolUseId) instead of
// getting its own; consecutive stderr lines share one collapsed item. Items are mutated in place
// and carry a `rev` so rows re-render only when theirs changed: appending is O(1) per entry and
// never copies the array, which keeps a fast token stream smooth. Only an older page (rare)
// rebuilds the index.
import type { LogEntry } from '../../src/protocol/logEntries';
import { continuesText, isTextEntry, textAfter, type TextEntry as SharedTextEntry } from '../../src/shared/deltas';

export type ToolUseEntry = Extract<LogEntry, { kind: 'tool_use' }>;
export type ToolResultEntry = Extract<LogEntry, { kind: 'tool_result' }>;
export type StderrEntry = Extract<LogEntry, { kind: 'stderr' }>;
type TextEntry = SharedTextEntry;

export interface LogItem {
  /** Stable render key: the id of the entry that created the item. */
  key: string;
  /** For a tool item: the tool_use (or, until it arrives, the orphan tool_result). */
  entry: LogEntry;
  /** A tool item's result, paired by toolUseId. */
  result?: ToolResultEntry;
  /** A stderr group's lines. */
  lines?: StderrEntry[];
  /** Bumped on every change to this item. */
  rev: number;
  /** True while the text is being built from deltas (no full message replaced it yet). */
  streaming: boolean;
  /** Every entry id folded into this item (for re-indexing). */
  ids: string[];
}

export class LogModel {
  items: LogItem[] = [];
  /** Whether entries before the first loaded one exist on the host. */
  hasOlder = false;
  /** Bumped on any change. */
  version = 0;
  /** Bumped when items were inserted anywhere but the end (reset, older page). */
  epoch = 0;
  /** What the last epoch change was: a new log, or `prepended` items put before the loaded ones. */
  epochKind: 'reset' | 'prepend' = 'reset';
  /** Bumped by reset() only. */
  resets = 0;
  prepended = 0;
  /** Lowest seq loaded: the `beforeSeq` for the next older page. */
  firstSeq: number | undefined;
  private lastSeq = -1;
  private byId = new Map<string, LogItem>();
  /** toolUseId -> the item that shows that tool (its use, or its result until the use arrives). */
  private byTool = new Map<string, LogItem>();

  get length(): number {
    return this.items.length;
  }

  reset(entries: readonly LogEntry[], hasOlder = false): void {
    this.items = [];
    this.byId.clear();
    this.byTool.clear();
    this.firstSeq = undefined;
    this.lastSeq = -1;
    this.hasOlder = hasOlder;
    this.epoch += 1;
    this.epochKind = 'reset';
    this.resets += 1;
    this.append(entries);
  }

  /** Live entries. An entry the host sent already (seq at or below the last one) is skipped. */
  append(entries: readonly LogEntry[]): void {
    for (const e of entries) {
      if (e.seq !== undefined) {
        if (e.seq <= this.lastSeq) continue;
        this.lastSeq = e.seq;
        if (this.firstSeq === undefined || e.seq < this.firstSeq) this.firstSeq = e.seq;
      }
      this.add(e);
    }
    this.version += 1;
  }

  /** A page of entries from before the first loaded one. */
  prepend(entries: readonly LogEntry[], hasOlder: boolean): void {
    this.hasOlder = hasOlder;
    const fresh = entries.filter((e) => e.seq === undefined || this.firstSeq === undefined || e.seq < this.firstSeq);
    if (!fresh.length) {
      this.version += 1;
      return;
    }
    const older = new LogModel();
    older.append(fresh);
    const kept: LogItem[] = [];
    for (const item of older.items) {
      const existing = this.byId.get(item.key);
      if (existing) {
        mergeOlderInto(existing, item);
        continue;
      }
      const orphan = item.entry.kind === 'tool_use' ? this.byTool.get(item.entry.toolUseId) : undefined;
      if (orphan && orphan.entry.kind === 'tool_result') {
        // Its result was already shown on its own: that item becomes the tool's.
        orphan.result ??= orphan.entry;
        orphan.entry = item.entry;
        orphan.ids.push(...item.ids);
        orphan.rev += 1;
        continue;
      }
      kept.push(item);
    }
    this.items = kept.concat(this.items);
    if (older.firstSeq !== undefined && (this.firstSeq === undefined || older.firstSeq < this.firstSeq)) this.firstSeq = older.firstSeq;
    if (this.lastSeq < older.lastSeq) this.lastSeq = older.lastSeq;
    this.reindex();
    this.epoch += 1;
    this.epochKind = 'prepend';
    this.prepended = kept.length;
    this.version += 1;
  }

  private reindex(): void {
    this.byId.clear();
    this.byTool.clear();
    for (const item of this.items) {
      for (const id of item.ids) this.byId.set(id, item);
      const e = item.entry;
      if (e.kind === 'tool_use' || e.kind === 'tool_result') this.byTool.set(e.toolUseId, item);
    }
  }

  private add(e: LogEntry): void {
    if (isBookkeeping(e)) return;
    const existing = this.byId.get(e.id);
    if (existing) return this.update(existing, e);
    switch (e.kind) {
      case 'tool_use': {
        const orphan = this.byTool.get(e.toolUseId);
        if (orphan && orphan.entry.kind === 'tool_result') {
          orphan.result ??= orphan.entry;
          orphan.entry = e;
          this.link(orphan, e.id);
          return;
        }
        const item = this.push(e);
        this.byTool.set(e.toolUseId, item);
        return;
      }
      case 'tool_result': {
        const tool = this.byTool.get(e.toolUseId);
        if (tool && tool.entry.kind === 'tool_use') {
          tool.result = e;
          this.link(tool, e.id);
          return;
        }
        this.byTool.set(e.toolUseId, this.push(e));
        return;
      }
      case 'stderr': {
        const last = this.items[this.items.length - 1];
        if (last?.lines) {
          last.lines.push(e);
          this.link(last, e.id);
          return;
        }
        const item = this.push(e);
        item.lines = [e];
        return;
      }
      default: {
        const item = this.push(e);
        if (isText(e) && e.delta) item.streaming = true;
      }
    }
  }

  private update(item: LogItem, e: LogEntry): void {
    item.rev += 1;
    if (item.lines) {
      const i = item.lines.findIndex((l) => l.id === e.id);
      if (i >= 0 && e.kind === 'stderr') item.lines[i] = e;
      return;
    }
    if (item.result?.id === e.id && e.kind === 'tool_result') {
      item.result = e;
      return;
    }
    if (continuesText(item.entry, e)) {
      item.entry = { ...(item.entry as TextEntry), text: textAfter((item.entry as TextEntry).text, e as TextEntry) };
      item.streaming = true;
      return;
    }
    // A full entry replaces the earlier one (status updates, the final message after deltas).
    if (item.entry.kind === 'tool_result' && e.kind === 'tool_use') item.result ??= item.entry;
    item.entry = e;
    item.streaming = isText(e) && Boolean(e.delta);
  }

  private push(e: LogEntry): LogItem {
    const item: LogItem = { key: e.id, entry: e, rev: 0, streaming: false, ids: [e.id] };
    this.items.push(item);
    this.byId.set(e.id, item);
    return item;
  }

  private link(item: LogItem, id: string): void {
    item.ids.push(id);
    item.rev += 1;
    this.byId.set(id, item);
  }
}

const isText = isTextEntry;

/** An item from an older page whose id continues in a loaded item (a message split by the page boundary). */
/**
 * Agent bookkeeping a person does not need in the chat ("requesting", token counters, the echo of
 * our own approval answer). It stays in the session file; the log view just does not show it.
 */
const HIDDEN_SYSTEM_SUBTYPES = new Set(['status', 'thinking_tokens', 'control_response']);

export function isBookkeeping(e: LogEntry): boolean {
  if (e.kind !== 'system') return false;
  const subtype = (e.data as { subtype?: unknown } | undefined)?.subtype;
  return typeof subtype === 'string' && HIDDEN_SYSTEM_SUBTYPES.has(subtype);
}

function mergeOlderInto(target: LogItem, older: LogItem): void {
  target.ids.push(...older.ids);
  // A loaded full message already has all the text; streamed text needs its beginning.
  if (target.streaming && isText(target.entry) && isText(older.entry) && older.entry.kind === target.entry.kind) {
    target.entry = { ...target.entry, text: older.entry.text + target.entry.text };
    target.rev += 1;
  }
  if (target.lines && older.lines) {
    target.lines = older.lines.concat(target.lines);
    target.rev += 1;
  }
}
