// Which streamed block a full block completes. With `--include-partial-messages` a block arrives
// twice: as deltas (after a content_block_start that gives it its index) and then whole, in its
// own `assistant` line that carries no index. The whole block takes the id its deltas used
// (`<message>:<index>`), so views replace the streamed text instead of showing it twice.
//
// Bounded: a stream whose blocks start and never complete (a broken or hostile agent) must not
// grow memory without end. Past MAX_OPEN_BLOCKS blocks or MAX_OPEN_CHARS characters of ids, the
// oldest open blocks are forgotten; a full block that then arrives gets a fresh id (a view shows
// its text again instead of replacing the streamed text): a cosmetic cost, only on such streams.

interface StreamBlock {
  id: string;
  type: string;
}

/** Far above the few blocks a message has open at once. */
export const MAX_OPEN_BLOCKS = 10_000;
/** Characters of ids and types kept (ids come off the agent's lines, so their length is its choice). */
export const MAX_OPEN_CHARS = 2 * 1024 * 1024;
/** What a block costs beyond its strings, counted in characters. */
const BLOCK_OVERHEAD = 64;

export class StreamedBlocks {
  /** Open (started, not completed) blocks by message, both in arrival order. */
  private readonly byMessage = new Map<string, Map<number, StreamBlock>>();
  private open = 0;
  private chars = 0;

  /** A content_block_start: the block's deltas will use `<message>:<index>`. */
  start(messageId: string, index: number, type: string): void {
    let blocks = this.byMessage.get(messageId);
    // Flattened copies: the ids and type would otherwise be slices that keep the agent's whole
    // chunk of output alive for as long as the block is open.
    if (!blocks) this.byMessage.set(flat(messageId), (blocks = new Map()));
    const previous = blocks.get(index);
    if (previous) (this.open--, (this.chars -= cost(previous)), blocks.delete(index));
    const block = { id: flat(`${messageId}:${index}`), type: flat(type) };
    blocks.set(index, block);
    this.open++;
    this.chars += cost(block);
    while (this.open > MAX_OPEN_BLOCKS || this.chars > MAX_OPEN_CHARS) this.evictOldest();
  }

  /** The id a delta of this block carries (the same id whether its start was seen or not). */
  idOf(messageId: string, index: unknown): string {
    return this.byMessage.get(messageId)?.get(index as number)?.id ?? `${messageId}:${index}`;
  }

  /** Blocks started and not yet completed (nor forgotten). */
  get openBlocks(): number {
    return this.open;
  }

  /**
   * The id of the streamed block a full block of `type` completes (the first one not completed
   * yet), or undefined when none was streamed. A completed block is forgotten at once, and a
   * message with it once none is open, or a long session would hold every message's blocks
   * (~14 MB per 200 MB of stream). Its id stays the same (`<message>:<index>`) either way.
   */
  complete(messageId: string, type: string): string | undefined {
    const blocks = this.byMessage.get(messageId);
    if (!blocks) return undefined;
    for (const [index, b] of blocks) {
      if (b.type !== type) continue;
      this.drop(messageId, blocks, index, b);
      return b.id;
    }
    return undefined;
  }

  /** Forgets the oldest open block. */
  private evictOldest(): void {
    const [messageId, blocks] = this.byMessage.entries().next().value!;
    const [index, b] = blocks.entries().next().value!;
    this.drop(messageId, blocks, index, b);
  }

  private drop(messageId: string, blocks: Map<number, StreamBlock>, index: number, b: StreamBlock): void {
    blocks.delete(index);
    this.open--;
    this.chars -= cost(b);
    if (blocks.size === 0) this.byMessage.delete(messageId);
  }
}

/** Its id counts twice: once as the message's key, once as the block's id. */
function cost(b: StreamBlock): number {
  return 2 * b.id.length + b.type.length + BLOCK_OVERHEAD;
}

/** A copy of `s` that refers to no larger string. */
function flat(s: string): string {
  return s.length > 12 ? (' ' + s).slice(1) : s;
}
