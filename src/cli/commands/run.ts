import { oneOf } from '../args';
import type { CommandSpec } from '../commandSpec';
import { CliError, UsageError } from '../errors';
import { assertNotRunningElsewhere } from '../../sessions/crossProcess/liveElsewhere';
import { streamSession } from '../session/streamRun';
import { MODES, MODE_HELP, requireTerminalForAsk } from './runModes';

export const runCommand: CommandSpec = {
  name: 'run',
  summary: 'Run an agent on a task and stream what it does (exit 0 succeeded, 1 failed, 130 stopped)',
  usage: ['run <taskId> [--executor ID] [--mode ask|auto-edit|plan|full-auto] [--model M] [--json]'],
  options: {
    executor: { type: 'string', short: 'e' },
    mode: { type: 'string', short: 'm' },
    model: { type: 'string' },
    json: { type: 'boolean' },
  },
  optionHelp: {
    executor: 'Which agent (see `viban executors`); default: executors.default in .viban/settings.json, else claude-code',
    mode: `${MODE_HELP}. Default: ask`,
    model: 'Model name passed to the agent (e.g. sonnet)',
    json: 'Print one normalized log entry (JSON) per line instead of the human view',
  },
  examples: [
    'viban run t_k3j9x2m1qa',
    'viban run t_k3j9x2m1qa --mode auto-edit --model sonnet',
    'viban run t_k3j9x2m1qa --mode plan --json | jq -c "select(.kind == \\"tool_use\\")"',
  ],
  positionals: { min: 1, max: 1, names: ['taskId'] },
  async run(ctx, args) {
    const taskId = args.positionals[0];
    const mode = oneOf(args.values.mode, MODES, 'mode', 'run') ?? 'ask';
    requireTerminalForAsk(ctx, mode, 'run');
    const executorId = typeof args.values.executor === 'string' ? args.values.executor : await ctx.defaultExecutorId();
    const registry = await ctx.registry();
    if (!registry.get(executorId)) {
      throw new UsageError(`unknown executor "${executorId}"; known: ${registry.list().map((e) => e.id).join(', ')} (see \`viban executors\`)`, 'run');
    }
    const runtime = await ctx.runtime();
    if (!runtime.board.current.board.tasks.some((t) => t.id === taskId)) {
      throw new CliError(`there is no task "${taskId}" on the board in ${runtime.root} (see \`viban list\`)`);
    }
    await assertNotRunningElsewhere(runtime.store, taskId);
    const model = typeof args.values.model === 'string' ? args.values.model : undefined;
    return streamSession(ctx, (rt) => rt.sessions.start({ taskId, executorId, permissionMode: mode, model }), { json: !!args.values.json });
  },
};
