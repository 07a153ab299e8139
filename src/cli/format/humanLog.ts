// Renders normalized log entries for a person at a terminal, as they stream: assistant text as it
// arrives, tool calls as compact "→ Bash: npm test" lines, their results, approvals and errors.
// Entries repeat by design (a streamed block is followed by its full text, a tool_use is
// re-sent with its final status), so the renderer remembers what it already printed.
import type { LogEntry } from '../../protocol/logEntries';
import type { Output } from '../output';
import { truncate } from './table';
import { approvalSubject, toolLine } from './toolSummary';

/** System notes worth a line; other subtypes are bookkeeping the views hide. */
const SHOWN_SYSTEM = new Set(['init', 'api_retry', 'compact_boundary', 'permission_denied', 'user_text', 'warning']);

export interface HumanLogOptions {
  cwd?: string;
  /** Approval requests are asked on the terminal by the approver, so the log need not show them. */
  approvalsAskedElsewhere?: boolean;
}

/**
 * How many blocks, tool calls and answers the renderer remembers: a stream of a million blocks
 * must not keep a million texts (it ran out of memory). The oldest are forgotten first; a
 * forgotten one shown again costs a repeated line, never lost output.
 */
const REMEMBERED = 1_000;
/** Characters kept of each end of a streamed text: enough to tell its full block extends it. */
const ENDS = 256;

/** What was printed of a streamed block: its length and ends (flat copies, never slices of the agent's chunks). */
interface Printed {
  length: number;
  head: string;
  tail: string;
}

export class HumanLogRenderer {
  /** What was printed per streamed block id (to print only what a full entry adds). */
  private readonly streamed = new Map<string, Printed>();
  private openBlock: string | undefined;
  private readonly toolsShown = new Map<string, true>();
  private readonly answered = new Map<string, true>();
  private lastUser: string | undefined;
  private lastError: string | undefined;

  constructor(
    private readonly out: Output,
    private readonly options: HumanLogOptions = {},
  ) {}

  render(e: LogEntry): void {
    switch (e.kind) {
      case 'assistant':
      case 'thinking':
        return this.text(e.id, e.text, !!e.delta, e.kind === 'thinking');
      case 'user':
        if (e.text === this.lastUser) return;
        this.lastUser = e.text;
        return this.lineOut(this.out.style('cyan', `› ${indentRest(e.text)}`));
      case 'tool_use':
        if (this.toolsShown.has(e.toolUseId)) return;
        remember(this.toolsShown, e.toolUseId, true);
        return this.lineOut(`→ ${toolLine(e.name, e.input, this.options.cwd)}`);
      case 'tool_result':
        return this.lineOut(this.result(e.output, !!e.isError));
      case 'approval_request':
        if (this.options.approvalsAskedElsewhere) return;
        return this.lineOut(this.out.style('yellow', `? Asked to allow ${approvalSubject(e.toolName, e.input, this.options.cwd)}`));
      case 'approval_response': {
        // Both the executor and the session record the answer: show it once.
        if (this.answered.has(e.requestId)) return;
        remember(this.answered, e.requestId, true);
        const said = e.decision === 'deny' ? `✗ denied${e.message ? `: ${e.message}` : ''}` : e.decision === 'allow_always' ? '✓ allowed for this session' : '✓ allowed';
        return this.lineOut(this.out.style('dim', `  ${said}`));
      }
      case 'system': {
        const subtype = typeof e.data?.subtype === 'string' ? e.data.subtype : undefined;
        if (subtype && !SHOWN_SYSTEM.has(subtype)) return;
        return this.lineOut(this.out.style('dim', `· ${e.text}`));
      }
      case 'error':
        if (e.text === this.lastError) return;
        this.lastError = e.text;
        return this.lineOut(this.out.style('red', `✗ ${e.text}`));
      case 'stderr':
        return this.lineOut(this.out.style('dim', `stderr: ${e.text}`));
      case 'raw':
        return this.lineOut(this.out.style('dim', `raw: ${truncate(e.line, 200)}`));
      case 'result':
        // The summary line (from the session metadata) carries cost, tokens and duration.
        return;
    }
  }

  /** Ends an open streamed line (before a prompt, the summary, or the end of the output). */
  finish(): void {
    if (this.openBlock === undefined) return;
    this.openBlock = undefined;
    this.out.write('\n');
  }

  private text(id: string, text: string, delta: boolean, thinking: boolean): void {
    const style = (t: string) => (thinking ? this.out.style('dim', t) : t);
    const before = this.streamed.get(id);
    if (delta) {
      if (this.openBlock !== id) {
        this.finish();
        this.out.write(style(thinking ? '✻ ' : ''));
        this.openBlock = id;
      }
      this.out.write(style(text));
      remember(this.streamed, id, extend(before, text));
      return;
    }
    // The full block: print only what streaming did not already show.
    if (before !== undefined) {
      if (text.length > before.length && extends_(text, before)) {
        if (this.openBlock !== id) this.finish();
        this.out.write(style(text.slice(before.length)));
        this.openBlock = id;
      }
      if (this.openBlock === id) this.finish();
      remember(this.streamed, id, extend(undefined, text));
      return;
    }
    remember(this.streamed, id, extend(undefined, text));
    this.lineOut(style(`${thinking ? '✻ ' : ''}${text}`));
  }

  private result(output: string, isError: boolean): string {
    const { first: firstLine, count } = nonBlankLines(output);
    const first = truncate(firstLine ?? '(no output)', 120);
    const more = count > 1 ? ` (+${count - 1} lines)` : '';
    return isError ? this.out.style('red', `  ✗ ${first}${more}`) : this.out.style('dim', `  ← ${first}${more}`);
  }

  private lineOut(text: string): void {
    this.finish();
    this.out.line(text);
  }
}

/**
 * The first line with something other than white space, and how many such lines there are,
 * without splitting the text: a tool result can be a whole file, and all the view prints of it is
 * one line and a count (splitting every result made a string per line of every file read).
 */
export function nonBlankLines(text: string): { first: string | undefined; count: number } {
  const visible = /\S/g;
  let first: string | undefined;
  let count = 0;
  for (;;) {
    const m = visible.exec(text);
    if (!m) break;
    const end = text.indexOf('\n', m.index);
    if (count++ === 0) first = text.slice(text.lastIndexOf('\n', m.index) + 1, end === -1 ? text.length : end);
    if (end === -1) break;
    visible.lastIndex = end + 1;
  }
  return { first, count };
}

/** Sets `key` as the newest entry, forgetting the oldest past REMEMBERED. */
function remember<V>(map: Map<string, V>, key: string, value: V): void {
  map.delete(key);
  map.set(flat(key), value);
  if (map.size > REMEMBERED) map.delete(map.keys().next().value!);
}

/** What was printed, after `text` was printed behind `before`. */
function extend(before: Printed | undefined, text: string): Printed {
  const length = (before?.length ?? 0) + text.length;
  const head = before && before.head.length >= ENDS ? before.head : flat(((before?.head ?? '') + text).slice(0, ENDS));
  const tail = flat(((before?.tail ?? '') + text).slice(-ENDS));
  return { length, head, tail };
}

/** Whether `text` starts with what was printed (by its length and both ends). */
function extends_(text: string, printed: Printed): boolean {
  return text.startsWith(printed.head) && text.slice(printed.length - printed.tail.length, printed.length) === printed.tail;
}

/** A copy of `s` that refers to no larger string. */
function flat(s: string): string {
  return s.length > 12 ? (' ' + s).slice(1) : s;
}

/** Continuation lines under a "› " prefix, without trailing spaces on blank lines. */
function indentRest(text: string): string {
  return text
    .split('\n')
    .map((l, i) => (i === 0 || !l ? l : `  ${l}`))
    .join('\n');
}
