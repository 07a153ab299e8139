import { oneOf } from '../args';
import type { CommandSpec } from '../commandSpec';
import { assertNotRunningElsewhere } from '../../sessions/crossProcess/liveElsewhere';
import { streamSession } from '../session/streamRun';
import { MODES, MODE_HELP, requireTerminalForAsk } from './runModes';

export const sendCommand: CommandSpec = {
  name: 'send',
  summary: "Send a follow-up message: resumes the task's last agent session and streams like run",
  usage: ['send <taskId> <message> [--mode ask|auto-edit|plan|full-auto] [--json]'],
  options: { mode: { type: 'string', short: 'm' }, json: { type: 'boolean' } },
  optionHelp: { mode: `${MODE_HELP}. Default: the mode of the session it continues`, json: 'Print one normalized log entry (JSON) per line' },
  examples: ['viban send t_k3j9x2m1qa "Also update the README"', 'viban send t_k3j9x2m1qa "Run the tests again" --mode auto-edit'],
  positionals: { min: 2, max: 2, names: ['taskId', 'message'] },
  async run(ctx, args) {
    const [taskId, message] = args.positionals;
    const runtime = await ctx.runtime();
    const previous = (await runtime.store.list({ taskId })).reverse().find((m) => m.agentSessionId);
    const mode = oneOf(args.values.mode, MODES, 'mode', 'send') ?? previous?.permissionMode ?? 'ask';
    requireTerminalForAsk(ctx, mode, 'send');
    await assertNotRunningElsewhere(runtime.store, taskId);
    return streamSession(ctx, (rt) => rt.sessions.followUp(taskId, message, { permissionMode: mode }), { json: !!args.values.json });
  },
};
