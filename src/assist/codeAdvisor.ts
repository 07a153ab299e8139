// The code advisor: a read-only agent run in the workspace (Claude Code in plan permission mode,
// or an API executor in plan mode, whose tools then only read) that reads the relevant files and
// returns a plan. The plan is checked against the schema and the graph rules; an unusable plan is
// asked for once more — the same agent session resumed where the executor can, else the earlier
// turns as history — and then reported as InvalidPlanError. Nothing here writes to the board.
import type { LogEntry } from '../protocol/logEntries';
import type { AssistPlan } from '../protocol/assist';
import type { Executor, RunOutcome, RunSink } from '../executors/types';
import { advisorPrompt, reaskPrompt } from './advisorPrompt';
import { checkPlan, InvalidPlanError } from './planCheck';
import { answerText, filesRead, findPlan } from './planParse';

export interface AdviseRequest {
  executor: Executor;
  cwd: string;
  request: string;
  context: string;
  model?: string;
  signal?: AbortSignal;
  /** Each file as the advisor reads it (for "Reading the code…" while it works). */
  onFileRead?: (file: string) => void;
  env?: Record<string, string>;
}

export interface Advice {
  plan: AssistPlan;
  filesRead: string[];
  /** 1, or 2 when the first plan was not usable. */
  attempts: number;
  costUsd?: number;
}

/** The advisor itself failed (not logged in, the model unreachable): said in the agent's words. */
export class AdvisorRunError extends Error {
  override readonly name = 'AdvisorRunError';
}

const MAX_ATTEMPTS = 2;

export async function adviseOnRequest(req: AdviseRequest): Promise<Advice> {
  const entries: LogEntry[] = [];
  const seenFiles = new Set<string>();
  let prompt = advisorPrompt(req.request, req.context);
  let resume: string | undefined;
  let history: Array<{ role: 'user' | 'assistant'; content: string }> = [];
  let cost = 0;
  let problems: string[] = [];
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const turn: LogEntry[] = [];
    const outcome = await runOnce(req, prompt, turn, resume, history, (file) => {
      if (seenFiles.has(file)) return;
      seenFiles.add(file);
      req.onFileRead?.(file);
    });
    entries.push(...turn);
    cost += outcome.costUsd ?? 0;
    if (outcome.status !== 'succeeded') throw new AdvisorRunError(`The code advisor (${req.executor.label}) ${outcome.status === 'stopped' ? 'was stopped' : `failed: ${outcome.error ?? 'no reason given'}`}.`);
    const found = findPlan(turn);
    const checked = found.found ? checkPlan(found.value) : { ok: false as const, problems: [found.problem] };
    if (checked.ok) return { plan: checked.plan, filesRead: filesRead(entries, req.cwd), attempts: attempt, ...(cost > 0 && { costUsd: cost }) };
    problems = checked.problems;
    // Ask again in the same conversation, so the advisor keeps what it read: a CLI agent resumes
    // its own session; an API executor keeps none, so it gets the earlier turns as history.
    if (req.executor.kind === 'cli' && req.executor.capabilities.resume && outcome.agentSessionId) resume = outcome.agentSessionId;
    else history = [...history, { role: 'user', content: prompt }, { role: 'assistant', content: answerText(turn) }];
    prompt = reaskPrompt(problems);
  }
  throw new InvalidPlanError(problems, MAX_ATTEMPTS);
}

async function runOnce(req: AdviseRequest, prompt: string, into: LogEntry[], resume: string | undefined, history: Array<{ role: 'user' | 'assistant'; content: string }>, onFile: (f: string) => void): Promise<RunOutcome> {
  const controller = new AbortController();
  const abort = () => controller.abort();
  req.signal?.addEventListener('abort', abort, { once: true });
  const sink: RunSink = {
    entry: (e) => {
      into.push(e);
      if (e.kind === 'tool_use') for (const f of filesRead([e], req.cwd)) onFile(f);
    },
    agentSessionId: () => undefined,
    // Read-only by design: anything that would need a person's approval (an edit, a command) is refused.
    requestApproval: async () => ({ behavior: 'deny', message: 'The code advisor is read-only: read files and return the plan.' }),
  };
  try {
    return await req.executor.run(
      { prompt, cwd: req.cwd, permissionMode: 'plan', ...(req.model && { model: req.model }), ...(resume && { resumeSessionId: resume }), ...(history.length && { history }), ...(req.env && { env: req.env }) },
      sink,
      controller.signal,
    );
  } finally {
    req.signal?.removeEventListener('abort', abort);
  }
}
