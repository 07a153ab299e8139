// Renders normalized log entries for a person at a terminal, as they stream: assistant text as it
// arrives, tool calls as compact "→ Bash: npm test" lines, their results, approvals and errors.
// Entries repeat by design (a streamed block is followed by its full text, a tool_use is
// re-sent with its final status), so the renderer remembers what it already printed.
import type { LogEntry } from '../../protocol/logEntries';
import type { Output } from '../output';
import { truncate } from './table';
import { approvalSubject, toolLine } from './toolSummary';

/** System notes worth a line; other subtypes are bookkeeping the views hide. */
const SHOWN_SYSTEM = new Set(['init', 'api_retry', 'compact_boundary', 'permission_denied', 'user_text']);

export interface HumanLogOptions {
  cwd?: string;
  /** Approval requests are asked on the terminal by the approver, so the log need not show them. */
  approvalsAskedElsewhere?: boolean;
}

export class HumanLogRenderer {
  /** Text already printed per streamed block id (to print only what a full entry adds). */
  private readonly streamed = new Map<string, string>();
  private openBlock: string | undefined;
  private readonly toolsShown = new Set<string>();
  private readonly answered = new Set<string>();
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
        this.toolsShown.add(e.toolUseId);
        return this.lineOut(`→ ${toolLine(e.name, e.input, this.options.cwd)}`);
      case 'tool_result':
        return this.lineOut(this.result(e.output, !!e.isError));
      case 'approval_request':
        if (this.options.approvalsAskedElsewhere) return;
        return this.lineOut(this.out.style('yellow', `? Asked to allow ${approvalSubject(e.toolName, e.input, this.options.cwd)}`));
      case 'approval_response': {
        // Both the executor and the session record the answer: show it once.
        if (this.answered.has(e.requestId)) return;
        this.answered.add(e.requestId);
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
      this.streamed.set(id, (before ?? '') + text);
      return;
    }
    // The full block: print only what streaming did not already show.
    if (before !== undefined) {
      if (text.startsWith(before) && text.length > before.length) {
        if (this.openBlock !== id) this.finish();
        this.out.write(style(text.slice(before.length)));
        this.openBlock = id;
      }
      if (this.openBlock === id) this.finish();
      this.streamed.set(id, text);
      return;
    }
    this.streamed.set(id, text);
    this.lineOut(style(`${thinking ? '✻ ' : ''}${text}`));
  }

  private result(output: string, isError: boolean): string {
    const lines = output.split('\n').filter((l) => l.trim());
    const first = truncate(lines[0] ?? '(no output)', 120);
    const more = lines.length > 1 ? ` (+${lines.length - 1} lines)` : '';
    return isError ? this.out.style('red', `  ✗ ${first}${more}`) : this.out.style('dim', `  ← ${first}${more}`);
  }

  private lineOut(text: string): void {
    this.finish();
    this.out.line(text);
  }
}

/** Continuation lines under a "› " prefix, without trailing spaces on blank lines. */
function indentRest(text: string): string {
  return text
    .split('\n')
    .map((l, i) => (i === 0 || !l ? l : `  ${l}`))
    .join('\n');
}
