// Verify and fix: after a run succeeded, the workspace's checks run in the run's folder. When one
// fails, the agent gets the failing command and the tail of its output ("`npm test` failed: …;
// fix it") — in the same session when its executor can resume, else in a new run that carries the
// task, what the earlier attempt said and the failure — and the checks run again, up to
// maxAttempts agent attempts in all. Each check and each attempt is an entry in the session log;
// the card's `verification` says where it stands. The parts it uses are passed in (src/app wires them).
import type { LogEntry } from '../protocol/logEntries';
import type { Task, Verification } from '../protocol/model';
import type { CheckResult } from './runCheck';

export interface RunInfo {
  id: string;
  cwd: string;
  status: string;
}

export interface VerifyDeps {
  checks(cwd: string): Promise<string[]>;
  runCheck(command: string, cwd: string): Promise<CheckResult>;
  /** Asks the agent to fix the failure; resolves with the ended fix-up run. */
  fixAttempt(task: Task, previous: RunInfo, prompts: { resume: string; fresh: string }): Promise<RunInfo>;
  /** The earlier attempt's final answer, for a fresh run's prompt. */
  finalAnswer(sessionId: string): Promise<string | undefined>;
  log(sessionId: string, entries: LogEntry[]): Promise<void>;
  setVerification(taskId: string, verification: Verification | undefined): Promise<void>;
  now?: () => string;
}

export type VerifyOutcome =
  | { ok: true; skipped: boolean; attempts: number }
  | { ok: false; reason: string; attempts: number; failed?: CheckResult };

const OUTPUT_FOR_AGENT = 3000;

export function describeFailure(r: CheckResult): string {
  const why = r.timedOut ? 'timed out' : `failed (exit ${r.exitCode ?? 'signal'})`;
  return `\`${r.command}\` ${why}`;
}

export async function verifyAndFix(task: Task, first: RunInfo, maxAttempts: number, deps: VerifyDeps): Promise<VerifyOutcome> {
  const now = deps.now ?? (() => new Date().toISOString());
  let run = first;
  let seq = 0;
  const entry = (sessionId: string, text: string, data: Record<string, unknown>): LogEntry => ({ id: `verify-${sessionId}-${seq++}`, ts: now(), kind: 'system', text, data: { verify: true, ...data } });
  for (let attempt = 1; ; attempt++) {
    const commands = await deps.checks(run.cwd);
    if (commands.length === 0) {
      await deps.setVerification(task.id, undefined);
      return { ok: true, skipped: true, attempts: attempt };
    }
    await deps.setVerification(task.id, { state: 'verifying', attempts: attempt, sessionId: run.id, at: now() });
    let failed: CheckResult | undefined;
    for (const command of commands) {
      const result = await deps.runCheck(command, run.cwd);
      const text = result.ok ? `Check \`${command}\` passed (${(result.durationMs / 1000).toFixed(1)} s)` : `Check ${describeFailure(result)}`;
      await deps.log(run.id, [entry(run.id, text, { check: command, ok: result.ok, exitCode: result.exitCode, timedOut: result.timedOut, attempt, ...(!result.ok && { output: result.outputTail }) })]);
      if (!result.ok) {
        failed = result;
        break;
      }
    }
    if (!failed) {
      await deps.setVerification(task.id, { state: 'verified', attempts: attempt, sessionId: run.id, at: now() });
      return { ok: true, skipped: false, attempts: attempt };
    }
    const tail = failed.outputTail.slice(-OUTPUT_FOR_AGENT);
    const checksFailed = async (reason: string): Promise<VerifyOutcome> => {
      await deps.setVerification(task.id, { state: 'checks_failed', attempts: attempt, failedCommand: failed!.command, outputTail: failed!.outputTail, sessionId: run.id, at: now() });
      return { ok: false, reason, attempts: attempt, failed };
    };
    if (attempt >= maxAttempts) return checksFailed(`Checks failed after ${attempt} attempt${attempt === 1 ? '' : 's'}: ${describeFailure(failed)}`);
    const resume = `${describeFailure(failed)}:\n\n\`\`\`\n${tail}\n\`\`\`\n\nFix it so that \`${failed.command}\` passes.`;
    const said = await deps.finalAnswer(run.id).catch(() => undefined);
    const fresh = [
      `Task: ${task.title}`,
      task.description,
      said ? `An earlier attempt at this task ended with:\n${said}` : '',
      `After it, ${describeFailure(failed)}:\n\n\`\`\`\n${tail}\n\`\`\`\n\nFix it so that \`${failed.command}\` passes.`,
    ]
      .filter(Boolean)
      .join('\n\n');
    await deps.log(run.id, [entry(run.id, `Attempt ${attempt + 1} of ${maxAttempts}: asking the agent to fix ${describeFailure(failed)}`, { attempt: attempt + 1, maxAttempts })]);
    let next: RunInfo;
    try {
      next = await deps.fixAttempt(task, run, { resume, fresh });
    } catch (err) {
      return checksFailed(`The fix-up attempt could not start: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (next.status !== 'succeeded') {
      run = next;
      return checksFailed(`The fix-up attempt ${attempt + 1} ended ${next.status}; ${describeFailure(failed)} is still failing`);
    }
    run = next;
  }
}
