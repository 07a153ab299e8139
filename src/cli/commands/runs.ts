import type { FolderRuntime } from '../../app/folderRuntime';
import { isStageRunLive, type StageRun } from '../../protocol/automation';
import type { CommandSpec } from '../commandSpec';
import type { CliContext } from '../context';
import { CliError, EXIT_FAILED, EXIT_OK, UsageError } from '../errors';
import { table, truncate } from '../format/table';
import { shortTime } from './sessions';

const ACTIONS = ['show', 'retry', 'cancel'] as const;

export const runsCommand: CommandSpec = {
  name: 'runs',
  summary: 'Stage runs (stage automation): list them, show one, retry or cancel',
  usage: ['runs [<taskId>] [--json]', 'runs show <runId> --json', 'runs retry <runId>', 'runs cancel <runId>'],
  options: { json: { type: 'boolean' } },
  optionHelp: { json: 'Print the runs (or the run) as JSON' },
  examples: ['viban runs', 'viban runs t_k3j9x2m1qa --json', 'viban runs show r_8fk2m1x0qa --json', 'viban runs retry r_8fk2m1x0qa'],
  positionals: { min: 0, max: 2, names: ['taskId|show|retry|cancel', 'runId'] },
  async run(ctx, args) {
    const [first, second] = args.positionals;
    const action = (ACTIONS as readonly string[]).includes(first ?? '') ? (first as (typeof ACTIONS)[number]) : undefined;
    if (!action && second !== undefined) throw new UsageError(`unexpected argument "${second}"`, 'runs');
    if (action && !second) throw new UsageError(`missing <runId> (viban runs ${action} <runId>)`, 'runs');
    if (action === 'retry') {
      const runtime = await ctx.runtime({ stageRuns: true });
      const old = await requireRun(runtime, second!);
      // A human_approval run waiting for Start is started; an ended run gets a new run.
      const run = old.status === 'queued' && old.awaitingApproval ? await runtime.automation.start(old.id) : await runtime.automation.retry(old.id);
      ctx.out.info(`${run.id === old.id ? 'Started' : 'Retrying as'} ${run.id}`);
      return followRuns(ctx, runtime, !!args.values.json);
    }
    const runtime = await ctx.runtime();
    if (action === 'cancel') {
      const run = await runtime.automation.cancel((await requireRun(runtime, second!)).id).catch((err: Error) => {
        throw new CliError(err.message);
      });
      ctx.out.line(`${run.id} ${run.status}`);
      return EXIT_OK;
    }
    if (action === 'show') {
      const run = await requireRun(runtime, second!);
      if (args.values.json) ctx.out.line(JSON.stringify(run, null, 2));
      else describeRun(ctx, runtime, run).forEach((l) => ctx.out.line(l));
      return EXIT_OK;
    }
    const taskId = first;
    const runs = await runtime.automation.runs.list(taskId ? { taskId } : undefined);
    if (args.values.json) {
      ctx.out.line(JSON.stringify(runs, null, 2));
      return EXIT_OK;
    }
    if (!runs.length) {
      ctx.out.info(taskId ? `No stage runs for ${taskId}.` : 'No stage runs yet. A card moved into a column with a recipe starts one (see `viban recipes`).');
      return EXIT_OK;
    }
    const titles = new Map(runtime.board.current.board.tasks.map((t) => [t.id, t.title]));
    const rows = runs.map((r) => [r.id, `${r.taskId} ${truncate(titles.get(r.taskId) ?? '', 24)}`, columnTitle(runtime, r.columnId), statusText(r), gatesText(r), shortTime(r.startedAt ?? r.createdAt)]);
    table(['ID', 'TASK', 'COLUMN', 'STATUS', 'GATES', 'STARTED'], rows).forEach((l) => ctx.out.line(l));
    return EXIT_OK;
  },
};

async function requireRun(runtime: FolderRuntime, runId: string): Promise<StageRun> {
  const run = await runtime.automation.runs.get(runId).catch((err: Error) => {
    throw new CliError(err.message);
  });
  if (!run) throw new CliError(`there is no stage run "${runId}" (see \`viban runs\`)`);
  return run;
}

const columnTitle = (runtime: FolderRuntime, id: string) => runtime.board.current.board.columns.find((c) => c.id === id)?.title ?? id;
const statusText = (r: StageRun) => (r.status === 'queued' && r.awaitingApproval ? 'waiting for Start' : r.status);
const gatesText = (r: StageRun) => (r.gates.length ? `${r.gates.filter((g) => g.passed).length}/${r.gates.length} passed` : '');

export function describeRun(ctx: CliContext, runtime: FolderRuntime, r: StageRun): string[] {
  const ok = (b: boolean) => ctx.out.style(b ? 'green' : 'red', b ? '✓' : '✗');
  return [
    `${r.id} · ${columnTitle(runtime, r.columnId)} · ${r.automationLevel} · ${statusText(r)}`,
    ...r.steps.map((s, i) => `  step ${i + 1} ${s.skill}: ${s.status}${s.attempts > 1 ? ` (${s.attempts} attempts)` : ''}${s.error ? ` — ${s.error}` : ''}`),
    ...r.gates.map((g) => `  ${ok(g.passed)} ${g.name}${g.required ? '' : ' (optional)'}: ${g.message.split('\n')[0]}`),
    ...r.artifacts.map((a) => `  ${a.type} ${a.label}: ${a.value}`),
    ...(r.outcome ? [`  → ${r.outcome}`] : r.error ? [`  ${r.error}`] : []),
  ];
}

/**
 * Waits for every stage run this process executes (a fully_auto success may start the next
 * column's run, which is followed too), printing each as it ends. Exit 1 if one failed.
 */
export async function followRuns(ctx: CliContext, runtime: FolderRuntime, json: boolean): Promise<number> {
  const seen = new Set<string>();
  let failed = false;
  for (;;) {
    await runtime.automation.settled();
    const pending = runtime.automation.runningHere().filter((id) => !seen.has(id));
    if (!pending.length) break;
    for (const id of pending) {
      seen.add(id);
      const run = await runtime.automation.waitForEnd(id);
      if (run.status !== 'succeeded') failed = true;
      if (json) ctx.out.line(JSON.stringify(run));
      else describeRun(ctx, runtime, run).forEach((l) => ctx.out.line(l));
    }
  }
  const waiting = (await runtime.automation.runs.list()).filter((r) => r.status === 'queued' && r.awaitingApproval && !seen.has(r.id) && isStageRunLive(r.status));
  for (const r of waiting.filter((r) => Date.now() - Date.parse(r.createdAt) < 5_000)) ctx.out.info(`${r.id} waits for Start (human_approval): viban runs retry ${r.id}`);
  return failed ? EXIT_FAILED : EXIT_OK;
}
