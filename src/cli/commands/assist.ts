// viban assist "<request>": one assistant for the whole board. The code advisor (assist.executor in
// .viban/settings.json, read-only, plan mode) reads the code and plans; the plan is printed in
// plain words. With --yes the plan's tasks go on the board, linked as a graph and tiered (`tiers`
// decides where each runs), and run like `viban run-all`, waiting unless --detach; then Assist's
// follow-up says what finished and what did not. --conversation continues a conversation (with
// --yes and no request: start its pending plan, or run its started tasks again).
import { spawn } from 'node:child_process';
import { closeSync } from 'node:fs';
import { ask, followUp, pendingPlan, startPlan, type AssistDeps } from '../../assist/assistant';
import { InvalidPlanError } from '../../assist/planCheck';
import { AdvisorRunError } from '../../assist/codeAdvisor';
import { aboutMinutes, planDetails, planSentence } from '../../assist/planWords';
import { MemoryRepository } from '../../memory/memoryRepository';
import type { AssistConversation, AssistPlan } from '../../protocol/assist';
import type { MemoryItem } from '../../protocol/memory';
import { AssistConversationStore } from '../../store/assist/assistConversationStore';
import { openGraphLog } from '../../store/graphLogs';
import type { CommandSpec } from '../commandSpec';
import type { CliContext } from '../context';
import { CliError, EXIT_FAILED, EXIT_OK, EXIT_STOPPED, UsageError } from '../errors';
import { runGraphInForeground } from './runGraph';

const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

export const assistCommand: CommandSpec = {
  name: 'assist',
  summary: 'Ask Assist: it reads the code, plans in plain words, and with --yes puts the tasks on the board and runs them',
  usage: ['assist "<request>" [--yes] [--json] [--detach]', 'assist --conversation ID [--yes] ["<request>"]'],
  options: {
    yes: { type: 'boolean', short: 'y' },
    json: { type: 'boolean' },
    detach: { type: 'boolean' },
    conversation: { type: 'string' },
  },
  optionHelp: {
    yes: 'Create the planned tasks (linked, tiered) and run them like `viban run-all`, waiting for them',
    json: 'Print the conversation id, the plan, the files read (and the cards and outcome with --yes) as JSON',
    detach: 'With --yes: run the tasks in the background and return at once (log in .viban/graph/)',
    conversation: 'Continue this Assist conversation; with --yes and no request, start its pending plan',
  },
  examples: [
    'viban assist "add a --json flag to the export command"',
    'viban assist "add a --json flag to the export command" --yes',
    'viban assist "why does the CLI crash on empty input?"',
    'viban assist --conversation a_3f9c2e1b7a44 --yes',
  ],
  positionals: { min: 0, max: 1, names: ['request'] },
  async run(ctx, args) {
    const request = args.positionals[0];
    const conversationId = typeof args.values.conversation === 'string' ? args.values.conversation : undefined;
    const yes = !!args.values.yes;
    const json = !!args.values.json;
    if (args.values.detach && !yes) throw new UsageError('--detach goes with --yes (it runs the started tasks in the background)', 'assist');
    if (request === undefined && !(conversationId && yes)) throw new UsageError('say what you want, e.g. viban assist "add a --json flag to the export command"', 'assist');
    const deps = await assistDeps(ctx);

    if (request === undefined) return resume(ctx, deps, conversationId!, { json, detach: !!args.values.detach });

    // Ctrl+C while the advisor reads: its agent is stopped (no process outlives the command).
    const controller = new AbortController();
    const interrupt = () => {
      if (controller.signal.aborted) return;
      ctx.out.info('Stopping the code advisor…');
      controller.abort();
    };
    for (const s of STOP_SIGNALS) ctx.io.signals.on(s, interrupt);
    let answer;
    // Said as soon as saved, so a plan that then fails does not hide what was remembered.
    const rememberedLine = (m: MemoryItem) => `Remembered: ${m.value} (undo: viban memory forget ${m.id})`;
    const saved: MemoryItem[] = [];
    const onRemembered = (items: MemoryItem[]) => {
      saved.push(...items);
      if (!json) for (const m of items) ctx.out.line(rememberedLine(m));
    };
    try {
      answer = await ask(deps, request, { conversationId, signal: controller.signal, onRemembered, onFileRead: json ? undefined : (f) => ctx.out.info(`Reading the code… ${f}`) });
    } catch (err) {
      if (controller.signal.aborted) {
        ctx.out.info('Stopped: nothing was created.');
        return EXIT_STOPPED;
      }
      // --json prints nothing on stdout for a failed ask: what was remembered is said next to the error.
      if (json) for (const m of saved) ctx.out.info(rememberedLine(m));
      if (err instanceof InvalidPlanError || err instanceof AdvisorRunError) throw new CliError(err.message);
      throw err;
    } finally {
      for (const s of STOP_SIGNALS) ctx.io.signals.off(s, interrupt);
    }
    const { conversation, advice, kind } = answer;
    const remembered = answer.remembered.map((m) => ({ id: m.id, category: m.category, value: m.value }));
    if (kind !== 'plan' || !yes) {
      if (json) ctx.out.line(JSON.stringify({ conversationId: conversation.id, kind, text: answer.text, plan: advice.plan, filesRead: advice.filesRead, remembered }, null, 2));
      else printAnswer(ctx, conversation, advice.plan, answer.text, kind, yes);
      return EXIT_OK;
    }
    if (!json) ctx.out.line(planSentence(advice.plan));
    return start(ctx, deps, conversation.id, advice.plan, { json, detach: !!args.values.detach, filesRead: advice.filesRead, remembered });
  },
};

async function assistDeps(ctx: CliContext): Promise<AssistDeps> {
  const settings = await ctx.settings();
  const registry = await ctx.registry();
  const executorId = settings.assist?.executor ?? settings.tiers?.B?.executor ?? (await ctx.defaultExecutorId());
  const executor = registry.get(executorId);
  if (!executor) throw new CliError(`assist.executor "${executorId}" is not a known executor; known: ${registry.list().map((e) => e.id).join(', ')} (see \`viban executors\`)`);
  const runtime = await ctx.runtime();
  const memory = new MemoryRepository(runtime.root, { redactor: ctx.io.redactor });
  return {
    memoryRepository: memory,
    root: runtime.root,
    conversations: new AssistConversationStore(runtime.root, ctx.io.redactor, { onProblem: (p) => ctx.out.info(`viban: warning: ${p.message}`) }),
    board: runtime.board,
    sessions: () => runtime.store.list(),
    memory: () => memory.list(),
    executor,
    model: settings.assist?.model ?? (settings.assist?.executor ? undefined : settings.tiers?.B?.model),
  };
}

function printAnswer(ctx: CliContext, c: AssistConversation, plan: AssistPlan, text: string, kind: string, yes: boolean): void {
  ctx.out.line(text);
  if (kind === 'plan') {
    ctx.out.line('Details:');
    for (const l of planDetails(plan)) ctx.out.line(l);
    if (plan.questions.length) ctx.out.line(`Open questions: ${plan.questions.join(' ')}`);
    ctx.out.line(`Start? (re-run with --yes, or start exactly this plan: viban assist --conversation ${c.id} --yes)`);
  } else if (kind === 'questions') {
    ctx.out.line(`Answer in the same conversation: viban assist --conversation ${c.id} "<your answers>"`);
    if (yes) ctx.out.line('Nothing was started: the plan needs these answers first.');
  }
}

/** --conversation ID --yes: its pending plan is started; an already started one runs its tasks again. */
async function resume(ctx: CliContext, deps: AssistDeps, id: string, opts: { json: boolean; detach: boolean }): Promise<number> {
  const c = await deps.conversations.get(id);
  if (!c) throw new CliError(`There is no Assist conversation "${id}".`);
  const pending = pendingPlan(c);
  if (pending?.plan) {
    if (!opts.json) ctx.out.line(planSentence(pending.plan));
    return start(ctx, deps, id, pending.plan, { ...opts, filesRead: [], remembered: [] });
  }
  const started = [...c.messages].reverse().find((m) => m.kind === 'started' && m.taskIds);
  if (!started?.taskIds) throw new CliError(`Conversation ${id} has no plan to start: ask something first (viban assist --conversation ${id} "<request>").`);
  const onBoard = Object.values(started.taskIds).filter((tid) => deps.board.current.board.tasks.some((t) => t.id === tid));
  if (!onBoard.length) throw new CliError(`The tasks of conversation ${id} are no longer on the board.`);
  return runPlanTasks(ctx, deps, id, onBoard, opts);
}

/** What --json reports of each item Assist remembered from the request (the same with or without --yes). */
type RememberedJson = Array<{ id: string; category: string; value: string }>;

async function start(ctx: CliContext, deps: AssistDeps, id: string, plan: AssistPlan, opts: { json: boolean; detach: boolean; filesRead: string[]; remembered: RememberedJson }): Promise<number> {
  const taskIds = await startPlan(deps, id, plan);
  if (!opts.json) ctx.out.line(`Created ${plan.tasks.length} task(s), linked as a graph: ${Object.values(taskIds).join(', ')}. ${aboutMinutes(plan)}.`);
  const code = await runPlanTasks(ctx, deps, id, Object.values(taskIds), opts, (extra) => {
    if (opts.json) ctx.out.line(JSON.stringify({ conversationId: id, kind: 'plan', plan, filesRead: opts.filesRead, remembered: opts.remembered, taskIds, ...extra }, null, 2));
  });
  return code;
}

async function runPlanTasks(ctx: CliContext, deps: AssistDeps, id: string, taskIds: string[], opts: { json: boolean; detach: boolean }, report?: (extra: Record<string, unknown>) => void): Promise<number> {
  if (opts.detach) {
    const { file: log, fd } = openGraphLog(ctx.workspace, new Date());
    const child = spawn(process.execPath, [...process.execArgv, process.argv[1], 'assist', '--conversation', id, '--yes', '--workspace', ctx.workspace], { cwd: ctx.workspace, detached: true, stdio: ['ignore', fd, fd], env: { ...process.env, NO_COLOR: '1' } });
    closeSync(fd);
    child.unref();
    if (report) report({ detached: { pid: child.pid, log } });
    else if (opts.json) ctx.out.line(JSON.stringify({ conversationId: id, taskIds, detached: { pid: child.pid, log } }, null, 2));
    if (!opts.json) {
      ctx.out.line(`Running them in the background (pid ${child.pid}); Assist writes its follow-up to the conversation when they end.`);
      ctx.out.line(`Log: ${log}`);
      ctx.out.line(`Stop it: kill ${child.pid}   (running tasks are stopped cleanly)`);
    }
    return EXIT_OK;
  }
  const settings = await ctx.settings();
  // Tasks run unattended and in parallel: auto-edit, as `viban run-all` does; each task's tier picks its executor.
  const { summary, stopped } = await runGraphInForeground(ctx, { scope: { taskIds }, mode: 'auto-edit', concurrency: settings.graph?.concurrency ?? 2, explicit: {}, progressToStderr: opts.json });
  const message = await followUp(deps, id, summary);
  if (report) report({ outcome: summary, followUp: message });
  else if (opts.json) ctx.out.line(JSON.stringify({ conversationId: id, taskIds, outcome: summary, followUp: message }, null, 2));
  if (!opts.json) ctx.out.line(`Assist: ${message}`);
  if (stopped) return EXIT_STOPPED;
  return summary.failed.length || summary.held.length || summary.waiting.length ? EXIT_FAILED : EXIT_OK;
}
