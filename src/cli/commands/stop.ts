import type { CommandSpec } from '../commandSpec';
import { EXIT_OK, UsageError } from '../errors';
import { stopAnywhere } from '../../sessions/crossProcess/remoteStop';

export const stopCommand: CommandSpec = {
  name: 'stop',
  summary: 'Stop a running session, in this or any other process (a VS Code window, another viban)',
  usage: ['stop <sessionId> [--timeout SECONDS]'],
  options: { timeout: { type: 'string' } },
  optionHelp: { timeout: 'How long to wait for the session to end (default 30)' },
  examples: ['viban stop s_p2x8d0q1mz', 'viban sessions | grep running'],
  positionals: { min: 1, max: 1, names: ['sessionId'] },
  async run(ctx, args) {
    const id = args.positionals[0];
    const seconds = args.values.timeout === undefined ? 30 : Number(args.values.timeout);
    if (!Number.isFinite(seconds) || seconds <= 0) throw new UsageError(`--timeout must be a positive number of seconds (got "${args.values.timeout}")`, 'stop');
    if (!/^[A-Za-z0-9_-]{1,100}$/.test(id)) throw new UsageError(`"${id}" is not a session id (see \`viban sessions\`)`, 'stop');
    const runtime = await ctx.runtime();
    const result = await stopAnywhere(runtime, id, { timeoutMs: seconds * 1000, say: (t) => ctx.out.info(t) });
    const { meta } = result;
    switch (result.how) {
      case 'already-ended':
        ctx.out.line(`Session ${id} had already ended (${meta.status}).`);
        break;
      case 'owner-gone':
        ctx.out.line(`Session ${id}: the process that ran it (pid ${meta.ownerPid ?? '?'}) is gone; it is now marked ${meta.status}.`);
        break;
      case 'in-process':
      case 'owner-stopped':
        ctx.out.line(`Stopped session ${id} (${meta.status}).`);
        break;
      case 'signalled':
        ctx.out.line(`Stopped session ${id}: its agent (pid ${result.agentPid}) was ended with ${result.signal}; the process that ran it recorded it as ${meta.status}.`);
        break;
    }
    return EXIT_OK;
  },
};
