// Verify-and-fix wired to a folder's real parts: checks run as shell commands in the run's folder,
// fix-ups go through the session manager (resume when the executor can, else a fresh run), and
// each check and attempt is appended to the session's own log.
import type { VerifyResult } from '../graph';
import type { LogEntry } from '../protocol/logEntries';
import type { Task } from '../protocol/model';
import type { QueueJob } from '../protocol/queue';
import { finalAnswer } from '../review/answerPatch';
import { detectChecks } from '../verify/detectChecks';
import { runCheck } from '../verify/runCheck';
import { verifyAndFix, type RunInfo } from '../verify/verifyLoop';
import { DEFAULT_CHECK_TIMEOUT_SECONDS, DEFAULT_MAX_ATTEMPTS, type VerifySettings } from '../verify/verifySettings';
import type { FolderRuntime } from './folderRuntime';

/** Resuming is impossible for this run: the executor has no sessions to continue, or none was recorded. */
const CANNOT_RESUME = /cannot resume|no earlier agent session/i;

export function createRunVerifier(runtime: FolderRuntime, settings: () => VerifySettings | undefined, env?: Record<string, string>) {
  return async (task: Task, job: QueueJob): Promise<VerifyResult> => {
    const s = settings() ?? {};
    if (s.enabled === false || !job.sessionId) return { ok: true, skipped: true };
    const meta = await runtime.store.get(job.sessionId);
    if (!meta) return { ok: true, skipped: true };
    const timeoutMs = (s.timeoutSeconds ?? DEFAULT_CHECK_TIMEOUT_SECONDS) * 1000;
    const outcome = await verifyAndFix(task, { id: meta.id, cwd: meta.cwd, status: meta.status }, s.maxAttempts ?? DEFAULT_MAX_ATTEMPTS, {
      checks: (cwd) => detectChecks(cwd, s.commands),
      runCheck: (command, cwd) => runCheck(command, cwd, { timeoutMs, env }),
      fixAttempt: (t, previous, prompts) => fixAttempt(runtime, t, previous, prompts),
      finalAnswer: async (id) => {
        const entries: LogEntry[] = [];
        for await (const e of runtime.store.readLog(id)) entries.push(e);
        return finalAnswer(entries);
      },
      log: (id, entries) => appendToLog(runtime, id, entries),
      setVerification: async (taskId, verification) => {
        await runtime.board.patchTaskAgent(taskId, { verification });
      },
    });
    return outcome.ok ? { ok: true, ...(outcome.skipped && { skipped: true }) } : { ok: false, reason: outcome.reason };
  };
}

async function fixAttempt(runtime: FolderRuntime, task: Task, previous: RunInfo, prompts: { resume: string; fresh: string }): Promise<RunInfo> {
  let started;
  try {
    started = await runtime.sessions.followUp(task.id, prompts.resume);
  } catch (err) {
    if (!CANNOT_RESUME.test(err instanceof Error ? err.message : String(err))) throw err;
    const before = await runtime.store.get(previous.id);
    started = await runtime.sessions.start({
      taskId: task.id,
      executorId: before?.executorId ?? task.executorId ?? 'claude-code',
      prompt: prompts.fresh,
      model: before?.model,
      permissionMode: before?.permissionMode,
      cwd: previous.cwd,
      worktree: task.worktree,
    });
  }
  const end = await runtime.sessions.wait(started.id);
  return { id: end.id, cwd: end.cwd, status: end.status };
}

/** Appends entries to an ended session's log and counts them in its meta. */
async function appendToLog(runtime: FolderRuntime, sessionId: string, entries: LogEntry[]): Promise<void> {
  const meta = await runtime.store.get(sessionId);
  if (!meta) return;
  const writer = await runtime.store.openLog(sessionId, meta.entryCount);
  for (const e of entries) writer.append(e);
  await writer.close();
  await runtime.store.save({ ...meta, entryCount: writer.nextSeq });
}
