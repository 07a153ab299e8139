// The stdin side of a Claude Code stream-json run: user turns, approval answers, interrupts.
//
// When is the run over? The CLI stays alive until stdin closes, so the executor must decide.
// We close stdin when the last line was a `result`, the CLI reports no queued turns, and every
// user turn we sent has been echoed back (`--replay-user-messages`) — i.e. consumed. A follow-up
// sent mid-turn is folded into the running turn by the CLI (one result for both), so counting
// results would hang; counting echoes does not. An error result also ends the run: the CLI may
// fail before it consumes our input (not logged in) and would otherwise wait forever.
import type { ApprovalDecision, CliStdinSession, RunRequest } from '../../types';
import type { ClaudeStreamNormalizer } from './claudeStreamJson';

export function userMessageLine(text: string): string {
  return JSON.stringify({ type: 'user', message: { role: 'user', content: text }, parent_tool_use_id: null, session_id: '' });
}

export class ClaudeStdinSession implements CliStdinSession {
  private sent = 0;
  private interrupts = 0;

  constructor(
    private readonly request: RunRequest,
    private readonly normalizer: ClaudeStreamNormalizer,
  ) {}

  initialLines(): string[] {
    this.sent++;
    return [userMessageLine(this.request.prompt)];
  }

  userMessage(text: string): string {
    this.sent++;
    return userMessageLine(text);
  }

  approvalResponse(requestId: string, decision: ApprovalDecision, input: unknown): string {
    const pending = this.normalizer.approval(requestId);
    this.normalizer.resolveApproval(requestId);
    const response =
      decision.behavior === 'allow'
        ? {
            behavior: 'allow',
            // The CLI requires updatedInput on allow; echo the original input when unchanged.
            updatedInput: decision.updatedInput ?? input,
            ...(decision.always && pending?.suggestions?.length ? { updatedPermissions: pending.suggestions } : {}),
          }
        : { behavior: 'deny', message: decision.message?.trim() || 'The user denied this tool use.' };
    return JSON.stringify({ type: 'control_response', response: { subtype: 'success', request_id: requestId, response } });
  }

  interrupt(): string {
    return JSON.stringify({ type: 'control_request', request_id: `viban-interrupt-${++this.interrupts}`, request: { subtype: 'interrupt' } });
  }

  get done(): boolean {
    const n = this.normalizer;
    if (!n.idleAfterResult) return false;
    if (n.lastResultIsError) return true;
    return n.queuedTurns === 0 && n.consumedUserTurns >= this.sent;
  }
}
