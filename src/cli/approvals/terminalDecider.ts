// Approval questions on the terminal: "Allow Write to src/a.ts? [y]es / [a]lways / [n]o (reason)".
// The line reader is injected: a readline prompt on the real TTY, a scripted one in tests.
import type { ApprovalDecision } from '../../executors/types';
import type { PendingApproval } from '../../protocol/sessions';
import { approvalSubject } from '../format/toolSummary';
import type { ApprovalDecider } from './approvalResponder';

export interface LineReader {
  /** Shows `prompt` and resolves with the typed line, or undefined when input has ended. */
  question(prompt: string): Promise<string | undefined>;
}

export const CHOICES = '[y]es / [a]lways / [n]o (reason)';

/** "y", "always", "n too risky", "no: use a branch" → a decision; anything else → undefined. */
export function parseApprovalAnswer(text: string): ApprovalDecision | undefined {
  const t = text.trim();
  if (/^(y|yes)$/i.test(t)) return { behavior: 'allow' };
  if (/^(a|always)$/i.test(t)) return { behavior: 'allow', always: true };
  const no = /^(n|no)(?:$|[\s:,.-]+([\s\S]*))$/i.exec(t);
  if (no) {
    const reason = no[2]?.trim();
    return reason ? { behavior: 'deny', message: reason } : { behavior: 'deny' };
  }
  return undefined;
}

export function approvalQuestion(approval: Pick<PendingApproval, 'toolName' | 'input'>, cwd?: string): string {
  return `Allow ${approvalSubject(approval.toolName, approval.input, cwd)}? ${CHOICES} `;
}

export function terminalDecider(reader: LineReader, opts: { cwd?: string; beforeAsk?: () => void; say?: (text: string) => void } = {}): ApprovalDecider {
  return async (approval) => {
    opts.beforeAsk?.();
    let prompt = approvalQuestion(approval, opts.cwd);
    for (;;) {
      const answer = await reader.question(prompt);
      if (answer === undefined) return { behavior: 'deny', message: 'No answer: the terminal input was closed.' };
      const decision = parseApprovalAnswer(answer);
      if (decision) return decision;
      prompt = `Please answer y, a or n (optionally followed by a reason): `;
    }
  };
}

/** Without a terminal nobody can answer: deny, say why, and say how to allow it next time. */
export function noTerminalDecider(say: (text: string) => void, cwd?: string): ApprovalDecider {
  return async (approval) => {
    const subject = approvalSubject(approval.toolName, approval.input, cwd);
    const message = 'Denied automatically: viban is running without a terminal to ask on.';
    say(`? ${subject}: denied (no terminal to ask on; rerun with --mode full-auto to allow such tools, or run in a terminal)`);
    return { behavior: 'deny', message };
  };
}
