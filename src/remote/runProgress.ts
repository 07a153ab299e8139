// From what the REST API says about a run and its job to what Viban shows: the state, the step
// running now (or the one that failed), the outcome, and the card's line. Pure functions.
import type { JobStep, WorkflowJob, WorkflowRun } from './githubApi';
import type { RemoteOutcome, RemoteRun } from '../store/remote/remoteRunStore';

export interface Progress {
  state: RemoteRun['state'];
  step?: RemoteRun['step'];
  outcome?: RemoteOutcome;
}

const RUNNING = new Set(['in_progress']);
const WAITING = new Set(['queued', 'waiting', 'requested', 'pending']);

export function runState(run: WorkflowRun): RemoteRun['state'] {
  if (run.status === 'completed') return 'completed';
  if (RUNNING.has(run.status)) return 'in_progress';
  return WAITING.has(run.status) ? 'queued' : 'in_progress';
}

/** The step to show: the one in progress, else the failed one, else the last finished. */
export function currentStep(job: WorkflowJob | undefined): RemoteRun['step'] {
  if (!job || !job.steps.length) return undefined;
  const steps = [...job.steps].sort((a, b) => a.number - b.number);
  const pick = (s: JobStep, i: number) => ({ name: s.name, number: i + 1, total: steps.length });
  const running = steps.findIndex((s) => s.status === 'in_progress');
  if (running >= 0) return pick(steps[running], running);
  const failed = steps.findIndex((s) => s.conclusion === 'failure');
  if (failed >= 0) return pick(steps[failed], failed);
  let last = -1;
  steps.forEach((s, i) => {
    if (s.status === 'completed' && s.conclusion !== 'skipped') last = i;
  });
  if (last >= 0) {
    // A finished step with the next one not started yet: the job is between steps.
    const next = steps.findIndex((s, i) => i > last && s.status !== 'completed');
    return next >= 0 && job.status !== 'completed' ? pick(steps[next], next) : pick(steps[last], last);
  }
  return pick(steps[0], 0);
}

/** The job that runs the task (the workflow has one). */
export function mainJob(jobs: WorkflowJob[]): WorkflowJob | undefined {
  return jobs[0];
}

/**
 * success → succeeded; a cancel Viban asked for → cancelled; a job that was cut off at its
 * timeout → timed_out (GitHub ends such a job as "cancelled" too, so elapsed time tells them
 * apart); anything else → failed.
 */
export function outcomeOf(run: WorkflowRun, job: WorkflowJob | undefined, record: Pick<RemoteRun, 'cancelRequested' | 'timeoutMinutes'>): RemoteOutcome {
  const conclusion = run.conclusion ?? job?.conclusion ?? 'failure';
  if (conclusion === 'success') return 'succeeded';
  if (conclusion === 'timed_out' || job?.conclusion === 'timed_out') return 'timed_out';
  if (conclusion === 'cancelled') {
    if (record.cancelRequested) return 'cancelled';
    const started = Date.parse(job?.startedAt ?? run.runStartedAt ?? '');
    const ended = Date.parse(job?.completedAt ?? run.updatedAt);
    const limitMs = (record.timeoutMinutes ?? 0) * 60_000;
    if (limitMs && Number.isFinite(started) && Number.isFinite(ended) && ended - started >= limitMs * 0.98) return 'timed_out';
    return 'cancelled';
  }
  return 'failed';
}

export function progressOf(run: WorkflowRun, jobs: WorkflowJob[] | undefined, record: RemoteRun): Progress {
  const state = runState(run);
  const job = jobs ? mainJob(jobs) : undefined;
  const step = currentStep(job) ?? record.step;
  return { state, step, outcome: state === 'completed' ? outcomeOf(run, job, record) : undefined };
}

const OUTCOME_WORDS: Record<RemoteOutcome, string> = { succeeded: 'succeeded', failed: 'failed', cancelled: 'cancelled', timed_out: 'timed out' };

/** The card's one line: "GitHub Actions: Run the agent (7/11)". */
export function cardLine(run: Pick<RemoteRun, 'state' | 'step' | 'outcome' | 'error' | 'timeoutMinutes'>): string {
  if (run.state === 'dispatched') return 'GitHub Actions: dispatched, waiting for the run to appear';
  if (run.state === 'queued') return 'GitHub Actions: queued';
  if (run.state === 'in_progress') return run.step ? `GitHub Actions: ${run.step.name} (${run.step.number}/${run.step.total})` : 'GitHub Actions: in progress';
  const outcome = run.outcome ?? 'failed';
  if (outcome === 'timed_out') return `GitHub Actions: timed out${run.timeoutMinutes ? ` after ${run.timeoutMinutes} min` : ''}${run.step ? ` in "${run.step.name}"` : ''}`;
  if (outcome === 'failed') return run.error ? `GitHub Actions failed: ${run.error}` : `GitHub Actions: failed${run.step ? ` at "${run.step.name}"` : ''}`;
  return `GitHub Actions: ${OUTCOME_WORDS[outcome]}`;
}

/** The last lines of a job log, without the timestamps GitHub prefixes. */
export function logTail(log: string, lines = 20): string {
  return log
    .replace(/\r/g, '')
    .split('\n')
    .map((l) => l.replace(/^\d{4}-\d\d-\d\dT[\d:.]+Z ?/, ''))
    .filter((l) => l.trim() && !/^##\[(group|endgroup)\]/.test(l))
    .slice(-lines)
    .join('\n');
}
