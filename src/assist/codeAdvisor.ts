// The code advisor: a read-only agent run in the workspace (Claude Code in plan permission mode,
// or an API executor in plan mode, whose tools then only read) that reads the relevant files and
// returns a plan. The plan is checked against the schema and the graph rules; an unusable plan is
// asked for once more — the same agent session resumed where the executor can, else the earlier
// turns as history — and then reported as InvalidPlanError. Nothing here writes to the board.
// An API advisor gets `propose_plan` as an answer tool (its call ends the run with the plan as
// input); a CLI advisor, which has no such tool, ends its answer with the plan in a ```json block.
import type { LogEntry } from '../protocol/logEntries';
import type { AssistPlan, RememberItem } from '../protocol/assist';
import type { AnswerTool, Executor, RunOutcome, RunSink } from '../executors/types';
import { PROPOSE_PLAN_TOOL } from '../protocol/assist';
import { advisorPrompt, reaskPrompt, type AnswerChannel } from './advisorPrompt';
import { checkPlan, InvalidPlanError } from './planCheck';
import { answerText, filesRead, findPlan } from './planParse';
import { findRememberItems, REMEMBER_ANSWER_TOOL } from './memoryProposals';

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
  /** What the user stated that the advisor asked to remember (decisions, preferences…). */
  remember: RememberItem[];
  costUsd?: number;
}

/** The advisor itself failed (not logged in, the model unreachable): said in the agent's words. */
export class AdvisorRunError extends Error {
  override readonly name = 'AdvisorRunError';
}

const MAX_ATTEMPTS = 2;

/** What the advisor asked to remember before its ask failed, by error (the user still said it). */
const rememberedBeforeFailure = new WeakMap<object, RememberItem[]>();

/** The items the advisor asked to remember in an ask that then failed with `err` (none if it asked for none). */
export function rememberItemsOf(err: unknown): RememberItem[] {
  return (typeof err === 'object' && err !== null && rememberedBeforeFailure.get(err)) || [];
}


/** `propose_plan` as API executors offer it: read-only, answered "Plan received.", the end of the run. */
export const PROPOSE_PLAN_ANSWER_TOOL: AnswerTool = {
  name: PROPOSE_PLAN_TOOL.name,
  description: PROPOSE_PLAN_TOOL.description,
  inputSchema: PROPOSE_PLAN_TOOL.input_schema,
  reply: 'Plan received.',
  endsRun: true,
};

/** Executors with their own tool loop take answer tools; CLI agents answer in text. */
export function answerChannel(executor: Executor): AnswerChannel {
  return executor.kind === 'api' ? 'tool' : 'text';
}

export async function adviseOnRequest(req: AdviseRequest): Promise<Advice> {
  const turns: LogEntry[][] = [];
  try {
    return await advise(req, turns);
  } catch (err) {
    // A plan unusable twice, a failed run: what the user stated and the advisor asked to remember still counts.
    if (typeof err === 'object' && err !== null) rememberedBeforeFailure.set(err, findRememberItems(...turns));
    throw err;
  }
}

async function advise(req: AdviseRequest, turns: LogEntry[][]): Promise<Advice> {
  const entries: LogEntry[] = [];
  const seenFiles = new Set<string>();
  const channel = answerChannel(req.executor);
  let prompt = advisorPrompt(req.request, req.context, channel);
  let resume: string | undefined;
  let history: Array<{ role: 'user' | 'assistant'; content: string }> = [];
  let cost = 0;
  let problems: string[] = [];
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const turn: LogEntry[] = [];
    turns.push(turn); // filled as the agent runs: kept even if the run throws
    const outcome = await runOnce(req, channel, prompt, turn, resume, history, (file) => {
      if (seenFiles.has(file)) return;
      seenFiles.add(file);
      req.onFileRead?.(file);
    });
    entries.push(...turn);
    cost += outcome.costUsd ?? 0;
    if (outcome.status !== 'succeeded') throw new AdvisorRunError(`The code advisor (${req.executor.label}) ${outcome.status === 'stopped' ? 'was stopped' : `failed: ${outcome.error ?? 'no reason given'}`}.`);
    const found = findPlan(turn);
    const checked = found.found ? checkPlan(found.value) : { ok: false as const, problems: [found.problem] };
    if (checked.ok) return { plan: checked.plan, filesRead: filesRead(entries, req.cwd), attempts: attempt, remember: findRememberItems(...turns), ...(cost > 0 && { costUsd: cost }) };
    problems = checked.problems;
    // Ask again in the same conversation, so the advisor keeps what it read: a CLI agent resumes
    // its own session; an API executor keeps none, so it gets the earlier turns as history.
    if (req.executor.kind === 'cli' && req.executor.capabilities.resume && outcome.agentSessionId) resume = outcome.agentSessionId;
    else history = [...history, { role: 'user', content: prompt }, { role: 'assistant', content: answerForHistory(turn, found) }];
    prompt = reaskPrompt(problems, channel);
  }
  throw new InvalidPlanError(problems, MAX_ATTEMPTS);
}

/** The advisor's unusable answer as a plain-text turn (history is text): its words, and the plan it proposed by tool. */
function answerForHistory(turn: readonly LogEntry[], found: ReturnType<typeof findPlan>): string {
  const words = answerText(turn);
  if (!found.found || found.from !== 'tool') return words;
  return [words, `(I called propose_plan with: ${JSON.stringify(found.value)})`].filter((s) => s.trim()).join('\n\n');
}

async function runOnce(req: AdviseRequest, channel: AnswerChannel, prompt: string, into: LogEntry[], resume: string | undefined, history: Array<{ role: 'user' | 'assistant'; content: string }>, onFile: (f: string) => void): Promise<RunOutcome> {
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
      { prompt, cwd: req.cwd, permissionMode: 'plan', ...(req.model && { model: req.model }), ...(resume && { resumeSessionId: resume }), ...(history.length && { history }), ...(req.env && { env: req.env }), ...(channel === 'tool' && { answerTools: [PROPOSE_PLAN_ANSWER_TOOL, REMEMBER_ANSWER_TOOL] }) },
      sink,
      controller.signal,
    );
  } finally {
    req.signal?.removeEventListener('abort', abort);
  }
}
