// viban run-all: runs every runnable task of the board (or of one column) in dependency order,
// critical path first, in parallel up to the concurrency. Without --detach it stays, prints a
// line per task start and end, and exits 1 if a task failed; with --detach it hands the same
// command to a background process that logs to .viban/graph/.
import { spawn } from 'node:child_process';
import { closeSync } from 'node:fs';
import { openGraphLog } from '../../store/graphLogs';
import * as path from 'node:path';
import type { GraphRunSummary } from '../../graph';
import { oneOf } from '../args';
import type { CommandSpec, ParsedArgs } from '../commandSpec';
import type { CliContext } from '../context';
import { EXIT_FAILED, EXIT_OK, EXIT_STOPPED, UsageError } from '../errors';
import { MODES, MODE_HELP } from './runModes';
import { runGraphInForeground } from './runGraph';

export const runAllCommand: CommandSpec = {
  name: 'run-all',
  summary: 'Run every runnable task in dependency order, critical path first, in parallel (exit 0 all succeeded, 1 a task failed, 130 stopped)',
  usage: ['run-all [--column ID] [--detach] [--executor ID] [--mode auto-edit|plan|full-auto] [--model M] [--concurrency N]'],
  options: {
    column: { type: 'string', short: 'c' },
    detach: { type: 'boolean' },
    executor: { type: 'string', short: 'e' },
    mode: { type: 'string', short: 'm' },
    model: { type: 'string' },
    concurrency: { type: 'string' },
  },
  optionHelp: {
    column: 'Only the tasks in this column (default: every column but the last, which holds finished work)',
    detach: 'Run in the background and return at once; the log goes to .viban/graph/, stop it with kill <pid>',
    executor: "Which agent runs every task (default: each task's tier in .viban/settings.json `tiers`, else executors.default)",
    mode: `${MODE_HELP}. Default: auto-edit (a graph runs unattended, so ask is not offered)`,
    model: "Model for every task (default: each task's tier's model)",
    concurrency: 'Tasks running at once (default: graph.concurrency in .viban/settings.json, else 2)',
  },
  examples: ['viban run-all', 'viban run-all --column todo --mode full-auto', 'viban run-all --detach && tail -f .viban/graph/*.log'],
  positionals: { min: 0, max: 0, names: [] },
  async run(ctx, args) {
    const mode = oneOf(args.values.mode, MODES, 'mode', 'run-all') ?? 'auto-edit';
    if (mode === 'ask') throw new UsageError('--mode ask needs a person to approve each tool, but a graph runs its tasks unattended and in parallel; use auto-edit, plan or full-auto', 'run-all');
    const concurrencyFlag = args.values.concurrency === undefined ? undefined : Number(args.values.concurrency);
    if (concurrencyFlag !== undefined && (!Number.isInteger(concurrencyFlag) || concurrencyFlag < 1 || concurrencyFlag > 64)) {
      throw new UsageError(`--concurrency must be a whole number from 1 to 64 (got "${args.values.concurrency}")`, 'run-all');
    }
    const explicitExecutor = typeof args.values.executor === 'string' ? args.values.executor : undefined;
    const registry = await ctx.registry();
    if (explicitExecutor && !registry.get(explicitExecutor)) {
      throw new UsageError(`unknown executor "${explicitExecutor}"; known: ${registry.list().map((e) => e.id).join(', ')} (see \`viban executors\`)`, 'run-all');
    }
    const settings = await ctx.settings();
    const columnId = typeof args.values.column === 'string' ? args.values.column : undefined;
    const concurrency = concurrencyFlag ?? settings.graph?.concurrency ?? 2;
    if (args.values.detach) return detach(ctx, args, columnId);

    const { summary, stopped } = await runGraphInForeground(ctx, {
      scope: { columnId },
      mode,
      concurrency,
      explicit: { executorId: explicitExecutor, model: typeof args.values.model === 'string' ? args.values.model : undefined },
    });
    return finish(ctx, summary, stopped, (await ctx.runtime()).board.current.board.tasks);
  },
};

function finish(ctx: CliContext, s: GraphRunSummary, stopped: boolean, tasks: ReadonlyArray<{ id: string; title: string }>): number {
  const title = (id: string) => tasks.find((t) => t.id === id)?.title ?? id;
  const parts = [`${s.succeeded.length} succeeded`];
  if (s.failed.length) parts.push(`${s.failed.length} failed`);
  if (s.held.length) parts.push(`${s.held.length} held`);
  if (s.stopped.length) parts.push(`${s.stopped.length} stopped`);
  if (s.waiting.length) parts.push(`${s.waiting.length} waiting`);
  ctx.out.line(`Graph ${stopped ? 'stopped' : 'finished'}: ${parts.join(', ')}.`);
  for (const w of s.waiting) ctx.out.line(`  ${title(w.taskId)} waits for ${w.on.map(title).join(', ')} (not part of this run, or not done)`);
  if (s.failed.length) ctx.out.line(`Retry with \`viban run <taskId>\` or \`viban run-all\` again; held tasks start once what they wait for succeeds.`);
  if (stopped) return EXIT_STOPPED;
  return s.failed.length || s.held.length || s.waiting.length ? EXIT_FAILED : EXIT_OK;
}

/** The same command, without --detach, in a background process of its own; its output goes to a log. */
function detach(ctx: CliContext, args: ParsedArgs, columnId: string | undefined): number {
  const { file: log, fd } = openGraphLog(ctx.workspace, new Date());
  const argv = ['run-all', '--workspace', ctx.workspace];
  if (columnId) argv.push('--column', columnId);
  for (const k of ['executor', 'mode', 'model', 'concurrency'] as const) {
    const v = args.values[k];
    if (typeof v === 'string') argv.push(`--${k}`, v);
  }
  const child = spawn(process.execPath, [...process.execArgv, process.argv[1], ...argv], { cwd: ctx.workspace, detached: true, stdio: ['ignore', fd, fd], env: { ...process.env, NO_COLOR: '1' } });
  closeSync(fd);
  child.unref();
  ctx.out.line(`Running the graph in the background (pid ${child.pid}).`);
  ctx.out.line(`Log: ${log}`);
  ctx.out.line(`Stop it: kill ${child.pid}   (running tasks are stopped cleanly)`);
  return EXIT_OK;
}
