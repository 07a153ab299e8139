// Which streamed block a full block completes. With `--include-partial-messages` a block arrives
// twice: as deltas (after a content_block_start that gives it its index) and then whole, in its
// own `assistant` line that carries no index. The whole block takes the id its deltas used
// (`<message>:<index>`), so views replace the streamed text instead of showing it twice.

interface StreamBlock {
  id: string;
  type: string;
  matched: boolean;
}

export class StreamedBlocks {
  private readonly byMessage = new Map<string, Map<number, StreamBlock>>();

  /** A content_block_start: the block's deltas will use `<message>:<index>`. */
  start(messageId: string, index: number, type: string): void {
    let blocks = this.byMessage.get(messageId);
    if (!blocks) this.byMessage.set(messageId, (blocks = new Map()));
    blocks.set(index, { id: `${messageId}:${index}`, type, matched: false });
  }

  /** The id a delta of this block carries (the same id whether its start was seen or not). */
  idOf(messageId: string, index: unknown): string {
    return this.byMessage.get(messageId)?.get(index as number)?.id ?? `${messageId}:${index}`;
  }

  /**
   * The id of the streamed block a full block of `type` completes (the first one not completed
   * yet), or undefined when none was streamed. A message whose streamed blocks are all completed
   * is forgotten, or a long session would hold every message's blocks (~14 MB per 200 MB of
   * stream). Only unmatched blocks can match, so the ids stay the same — unless a stream restarted
   * a block index of a completed message, which the Messages API never does.
   */
  complete(messageId: string, type: string): string | undefined {
    const blocks = this.byMessage.get(messageId);
    if (!blocks) return undefined;
    let found: StreamBlock | undefined;
    let open = 0;
    for (const b of blocks.values()) {
      if (b.matched) continue;
      if (!found && b.type === type) found = b;
      else open++;
    }
    if (!found) return undefined;
    found.matched = true;
    if (open === 0) this.byMessage.delete(messageId);
    return found.id;
  }
}
