// Executing one stage run: validate the recipe, run its steps in order as agent sessions on the
// card (each through the durable queue, so the log, approvals and cost are the card's), collect
// each step's outputs (declared files written, named values from the viban-outputs block), then
// evaluate the gates. What happens to the card afterwards is decided by the caller (automation.ts).
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Artifact, StageRun, Step, StepRun } from '../protocol/automation';
import { ArtifactSchema } from '../protocol/automation';
import type { QueueJob } from '../protocol/queue';
import type { LogEntry } from '../protocol/logEntries';
import type { PermissionMode } from '../executors/types';
import type { Enqueued, RunRequest } from '../queue/runQueue';
import { deriveReply } from '../conversation/replyFromLog';
import { evaluateGates } from './gates';
import { isFileOutput } from './skillFormat';
import type { LoadedSkill } from './skillCatalog';
import { buildStepPrompt, parseVibanOutputs } from './stepPrompt';

/** The part of RunQueue a stage run needs (the queue's public API: startRun / waitForEnd / cancel). */
export interface StepLauncher {
  startRun(req: RunRequest): Promise<Enqueued>;
  waitForEnd(jobId: string): Promise<QueueJob>;
  cancel(jobId: string): Promise<QueueJob>;
  jobs(filter?: { taskId?: string }): QueueJob[];
}

export interface StageRunDeps {
  launcher: StepLauncher;
  loadSkill(id: string): Promise<LoadedSkill | undefined>;
  readLog(sessionId: string): AsyncIterable<LogEntry>;
  stopSession(sessionId: string): Promise<unknown>;
  task(): { title: string; description: string; prUrl?: string } | undefined;
  /** Saves the run and tells the views (called on every change). */
  save(run: StageRun): Promise<StageRun>;
  cwd: string;
  env?: NodeJS.ProcessEnv;
}

const PERMISSION_MODES: readonly PermissionMode[] = ['ask', 'auto-edit', 'plan', 'full-auto'];
const now = () => new Date().toISOString();

/** Runs the steps and the gates; returns the run with status succeeded (all required gates pass) or failed. */
export async function executeStageRun(start: StageRun, deps: StageRunDeps, signal: AbortSignal): Promise<StageRun> {
  let run = start;
  const update = async (patch: Partial<StageRun>) => (run = await deps.save({ ...run, ...patch }));

  for (let i = 0; i < run.recipe.steps.length; i++) {
    const step = run.recipe.steps[i];
    if (run.steps[i]?.status === 'succeeded') continue;
    const outcome = await runStep(i, step, () => run, update, deps, signal);
    if (signal.aborted) return update({ status: 'cancelled', endedAt: now(), error: 'Cancelled.' });
    if (!outcome.ok) {
      const gates = await evaluateGates(run.recipe.gates, gateContext(run, deps, signal));
      return update({ status: 'failed', gates, endedAt: now(), error: outcome.error });
    }
  }
  const gates = await evaluateGates(run.recipe.gates, gateContext(run, deps, signal));
  if (signal.aborted) return update({ status: 'cancelled', gates, endedAt: now(), error: 'Cancelled.' });
  const failing = gates.filter((g) => g.required && !g.passed);
  return update({
    status: failing.length ? 'failed' : 'succeeded',
    gates,
    endedAt: now(),
    ...(failing.length && { error: `${failing.length} required gate${failing.length > 1 ? 's' : ''} failed: ${failing.map((g) => g.name).join(', ')}` }),
  });
}

function gateContext(run: StageRun, deps: StageRunDeps, signal: AbortSignal) {
  return { cwd: deps.cwd, artifacts: run.artifacts, outputs: Object.assign({}, ...run.steps.map((s) => s.outputs)) as Record<string, unknown>, signal, env: deps.env };
}

async function runStep(
  index: number,
  step: Step,
  current: () => StageRun,
  update: (p: Partial<StageRun>) => Promise<StageRun>,
  deps: StageRunDeps,
  signal: AbortSignal,
): Promise<{ ok: true } | { ok: false; error: string }> {
  const setStep = (patch: Partial<StepRun>) => {
    const steps = [...current().steps];
    steps[index] = { ...steps[index], ...patch };
    return update({ steps });
  };
  const skill = await deps.loadSkill(step.skill);
  if (!skill) {
    await setStep({ status: 'failed', error: `The skill "${step.skill}" is not installed.`, endedAt: now() });
    return { ok: false, error: `Step ${index + 1}: the skill "${step.skill}" is not installed.` };
  }
  const declared = [...new Set([...skill.parsed.outputs, ...step.outputs])];
  const promptTemplate = skill.files.includes('prompt.txt') ? await fs.readFile(path.join(skill.dir, 'prompt.txt'), 'utf8') : undefined;
  const mode = PERMISSION_MODES.includes(step.params.permissionMode as PermissionMode) ? (step.params.permissionMode as PermissionMode) : 'auto-edit';
  const answerFile = typeof step.params.answerFile === 'string' ? step.params.answerFile : undefined;
  let lastError = 'the step did not run';
  await setStep({ status: 'running', startedAt: now() });

  for (let attempt = 1; attempt <= step.retryCount + 1; attempt++) {
    if (signal.aborted) break;
    const task = deps.task();
    if (!task) return { ok: false, error: 'The card was deleted.' };
    const run = current();
    const prompt = buildStepPrompt(step, skill.parsed, declared, {
      task,
      steps: run.steps.slice(0, index),
      artifacts: run.artifacts,
      skillDir: skill.dir,
      skillFiles: skill.files,
      promptTemplate,
    });
    await setStep({ attempts: attempt });
    let ended: QueueJob;
    try {
      const enq = await deps.launcher.startRun({
        taskId: run.taskId,
        executorId: run.recipe.executor,
        prompt,
        permissionMode: mode,
        ...(run.recipe.model && { model: run.recipe.model }),
        cwd: deps.cwd,
        timeoutMs: step.timeoutMinutes * 60_000,
        columnFlow: false,
        requestId: `${run.id}-s${index + 1}-a${attempt}`,
      });
      await setStep({ jobIds: [...current().steps[index].jobIds, enq.job.id] });
      const stop = () => void stopJob(deps, enq.job.id);
      signal.addEventListener('abort', stop, { once: true });
      try {
        ended = await deps.launcher.waitForEnd(enq.job.id);
      } finally {
        signal.removeEventListener('abort', stop);
      }
    } catch (err) {
      lastError = (err as Error).message;
      continue;
    }
    if (ended.sessionId) await setStep({ sessionIds: [...current().steps[index].sessionIds, ended.sessionId] });
    if (signal.aborted) break;
    if (ended.status !== 'succeeded') {
      lastError = ended.lastError ?? `the agent ${ended.status === 'cancelled' ? 'was cancelled' : 'failed'}`;
      continue;
    }
    const collected = await collectOutputs(ended.sessionId, declared, answerFile, index, deps);
    if (collected.error) {
      lastError = collected.error;
      // Kept even though the attempt failed: its open questions feed onFail create_questions.
      await setStep({ outputs: collected.values });
      continue;
    }
    const kept = current().artifacts.filter((a) => !collected.artifacts.some((n) => n.type === a.type && n.label === a.label));
    await update({ artifacts: [...kept, ...collected.artifacts] });
    await setStep({ status: 'succeeded', outputs: collected.values, error: undefined, endedAt: now() });
    return { ok: true };
  }
  if (signal.aborted) {
    await setStep({ status: 'cancelled', endedAt: now() });
    return { ok: false, error: 'Cancelled.' };
  }
  const tries = step.retryCount + 1;
  await setStep({ status: 'failed', error: lastError, endedAt: now() });
  return { ok: false, error: `Step ${index + 1} (${step.skill}) failed${tries > 1 ? ` after ${tries} attempts` : ''}: ${lastError}` };
}

/** A queued step job is cancelled in the queue; a running one is stopped through its session. */
async function stopJob(deps: StageRunDeps, jobId: string): Promise<void> {
  await deps.launcher.cancel(jobId).catch(() => undefined); // only queued jobs can be cancelled
  // A running job: its session id is recorded as soon as the agent starts.
  for (let i = 0; i < 100; i++) {
    const job = deps.launcher.jobs().find((j) => j.id === jobId);
    if (!job || !['queued', 'running'].includes(job.status)) return;
    if (job.sessionId) {
      await deps.stopSession(job.sessionId).catch(() => undefined);
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

interface Collected {
  values: Record<string, unknown>;
  artifacts: Artifact[];
  error?: string;
}

async function collectOutputs(sessionId: string | undefined, declared: string[], answerFile: string | undefined, index: number, deps: StageRunDeps): Promise<Collected> {
  const log: LogEntry[] = [];
  if (sessionId) for await (const e of deps.readLog(sessionId)) log.push(e);
  const reply = deriveReply(log).content;
  const parsed = parseVibanOutputs(reply);
  const values: Record<string, unknown> = { ...(parsed.values ?? {}) };
  const artifacts: Artifact[] = [];
  // Artifacts the agent reports itself: { "artifacts": [{ "type": "url", "label": "Chromatic", "value": "https://…" }] }.
  const reported = Array.isArray(values.artifacts) ? values.artifacts : [];
  delete values.artifacts;
  for (const a of reported) {
    const ok = ArtifactSchema.safeParse({ ...(a as object), step: index + 1 });
    if (ok.success) artifacts.push(ok.data);
  }
  if (answerFile) {
    // A step in plan mode cannot write files: its answer (minus the outputs block) becomes the file.
    const body = reply.replace(/```[ \t]*json[ \t]+viban-outputs[\s\S]*?```/g, '').trim();
    if (body) {
      const target = path.resolve(deps.cwd, answerFile);
      await fs.mkdir(path.dirname(target), { recursive: true });
      await fs.writeFile(target, body + '\n', 'utf8');
    }
  }
  const missing: string[] = [];
  for (const out of declared.filter(isFileOutput)) {
    const exists = await fs.stat(path.resolve(deps.cwd, out)).then((s) => s.isFile(), () => false);
    if (exists) artifacts.push({ type: 'file', label: out, value: out, step: index + 1 });
    else missing.push(out);
  }
  const task = deps.task();
  if (task?.prUrl) artifacts.push({ type: 'pr', label: 'Pull request', value: task.prUrl, step: index + 1 });
  if (missing.length) return { values, artifacts, error: `the agent did not write ${missing.join(', ')}` };
  // Named values the agent left out are not an error by themselves: a metric gate says what is missing.
  if (parsed.error) return { values, artifacts, error: parsed.error };
  return { values, artifacts };
}
