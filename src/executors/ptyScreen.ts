// What an interactive agent "printed", as a person saw it. A TUI (Claude Code's, Codex's…) draws
// with cursor moves, erases and redraws instead of lines of text, so cutting its raw output at
// newlines records spinner frames and words glued together. The output is played into a headless
// terminal instead; a row is recorded once it has scrolled above the screen (it will not be
// redrawn any more), and what is on the screen when the program ends is recorded last. Rows the
// terminal wrapped are joined back into one line (a key split over two rows could not be masked).
import { Terminal } from '@xterm/headless';

/** Quiet time after which a full-screen TUI's screen counts as settled. */
const SETTLE_MS = 700;

export class ScreenRecorder {
  private readonly term: Terminal;
  /** Rows that have scrolled above the screen so far (onScroll fires once per row). */
  private scrolled = 0;
  private recorded = 0;

  constructor(
    cols: number,
    rows: number,
    private readonly onRow: (text: string) => void,
    scrollback = 2000,
  ) {
    this.term = new Terminal({ cols, rows, scrollback, allowProposedApi: true });
    this.term.onScroll(() => this.scrolled++);
    // Leaving the full screen (DECRST 47/1047/1049) clears it: what it showed last is recorded
    // first. Returning false lets the terminal handle the sequence as usual.
    this.term.parser.registerCsiHandler({ prefix: '?', final: 'l' }, (params) => {
      if (this.term.buffer.active.type === 'alternate' && params.some((p) => p === 47 || p === 1047 || p === 1049)) this.snapshotFullScreen();
      return false;
    });
  }

  /** Set once finish() has recorded the screen: output or a resize after that is ignored. */
  private finished = false;

  write(data: string): void {
    if (this.finished) return;
    this.term.write(data, () => {
      this.collect(false);
      if (this.term.buffer.active.type === 'alternate') this.armSnapshot();
    });
  }

  /**
   * A full-screen TUI (the alternate screen: Claude Code's, for one) never scrolls rows away: it
   * redraws in place. Its screen is recorded whenever the output has settled, each row the first
   * time it appears, so the record reads as a transcript rather than a stack of redraws.
   */
  private snapshotTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly seen = new Set<string>();

  private armSnapshot(): void {
    if (this.snapshotTimer) this.snapshotTimer.refresh();
    else {
      this.snapshotTimer = setTimeout(() => this.snapshotFullScreen(), SETTLE_MS);
      this.snapshotTimer.unref?.();
    }
  }

  private snapshotFullScreen(): void {
    if (this.snapshotTimer) clearTimeout(this.snapshotTimer);
    this.snapshotTimer = undefined;
    const screen = this.term.buffer.alternate;
    let line = '';
    const rows: string[] = [];
    for (let i = 0; i < screen.length; i++) {
      const row = screen.getLine(i);
      if (!row) continue;
      if (row.isWrapped) line += row.translateToString(true);
      else {
        rows.push(line);
        line = row.translateToString(true);
      }
    }
    rows.push(line);
    if (this.seen.size > 20_000) this.seen.clear();
    for (const row of rows) {
      const text = row.trimEnd();
      if (!text || this.seen.has(text)) continue;
      this.seen.add(text);
      this.onRow(text);
    }
  }

  resize(cols: number, rows: number): void {
    if (this.finished) return;
    this.term.resize(Math.max(cols, 1), Math.max(rows, 1));
  }

  /**
   * The person is about to type: what a full-screen TUI shows now is what they read, and their
   * keys will change it (a command menu over the answer, say) before it would settle.
   */
  beforeInput(): void {
    if (!this.finished && this.term.buffer.active.type === 'alternate') this.snapshotFullScreen();
  }

  /** Records what is still on the screen (once everything written so far is drawn). */
  finish(): Promise<void> {
    if (this.finished) return Promise.resolve();
    this.finished = true;
    return new Promise((resolve) =>
      this.term.write('', () => {
        if (this.term.buffer.active.type === 'alternate') this.snapshotFullScreen();
        if (this.snapshotTimer) clearTimeout(this.snapshotTimer);
        this.collect(true);
        this.term.dispose();
        resolve();
      }),
    );
  }

  private collect(includeScreen: boolean): void {
    const buffer = this.term.buffer.active;
    // The scrollback keeps its last `scrollback` rows: the new ones are the last (scrolled - recorded)
    // rows above the screen, wherever trimming has left them.
    const fresh = this.scrolled - this.recorded;
    const from = Math.max(0, buffer.baseY - fresh);
    this.recorded = this.scrolled;
    for (let i = from; i < buffer.baseY; i++) this.take(i);
    if (!includeScreen) return;
    for (let i = buffer.baseY; i < buffer.length; i++) this.take(i);
    this.emit();
  }

  /** A row the terminal wrapped continues the one before: they are recorded as one line. */
  private pending: string | undefined;

  private take(index: number): void {
    const line = this.term.buffer.active.getLine(index);
    if (!line) return;
    const text = line.translateToString(true);
    if (line.isWrapped && this.pending !== undefined) {
      this.pending += text;
      return;
    }
    this.emit();
    this.pending = text;
  }

  private emit(): void {
    const text = this.pending?.trimEnd();
    this.pending = undefined;
    if (text) this.onRow(text);
  }
}
