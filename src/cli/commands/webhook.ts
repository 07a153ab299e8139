// `viban webhook serve --port P`: receives GitHub's `workflow_run` deliveries for the workspace's
// repository and settles a completed remote run at once (the board's polling would find it at
// its next look). Signed deliveries only: the secret comes from VIBAN_WEBHOOK_SECRET.
import { RemoteFollower } from '../../remote/remoteFollower';
import { WebhookServer } from '../../remote/webhookServer';
import type { CommandSpec } from '../commandSpec';
import { CliError, EXIT_OK, UsageError } from '../errors';
import { cliRemoteRunner } from '../remote/cliRemote';

export const webhookCommand: CommandSpec = {
  name: 'webhook',
  summary: 'Receive GitHub workflow_run webhooks and settle finished remote runs at once (serve)',
  usage: ['webhook serve --port P [--host ADDRESS] [--max-bytes N]'],
  options: { port: { type: 'string', short: 'p' }, host: { type: 'string' }, 'max-bytes': { type: 'string' } },
  optionHelp: {
    port: 'Port to listen on',
    host: 'Address to listen on (default 127.0.0.1; put a TLS proxy in front for GitHub to reach it)',
    'max-bytes': 'Largest delivery accepted, in bytes (default 1048576)',
  },
  examples: ['VIBAN_WEBHOOK_SECRET=… viban webhook serve --port 8787'],
  positionals: { min: 1, max: 1, names: ['action'] },
  async run(ctx, args) {
    if (args.positionals[0] !== 'serve') throw new UsageError(`unknown action "${args.positionals[0]}"; use serve`, 'webhook');
    const port = Number(args.values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port must be a port number (0-65535)', 'webhook');
    const maxBytes = args.values['max-bytes'] === undefined ? undefined : Number(args.values['max-bytes']);
    if (maxBytes !== undefined && (!Number.isInteger(maxBytes) || maxBytes < 1)) throw new UsageError('--max-bytes must be a positive whole number', 'webhook');
    const env = ctx.io.env ?? process.env;
    const secret = env.VIBAN_WEBHOOK_SECRET ?? '';
    if (!secret) throw new CliError('VIBAN_WEBHOOK_SECRET is not set', 1, ['Set it to the secret you gave the repository\'s webhook (Settings > Webhooks, content type application/json, event "Workflow runs").']);
    ctx.io.redactor.addSecret(secret);
    const runner = await cliRemoteRunner(ctx, env);
    // Deliveries wake the loop; its own slow pace covers a delivery that never came.
    const follower = new RemoteFollower({ intervalMs: 60_000, onProblem: (m) => ctx.out.info(`viban: ${m}`) });
    const server = new WebhookServer({
      secret,
      port,
      host: typeof args.values.host === 'string' ? args.values.host : undefined,
      maxBodyBytes: maxBytes,
      onRefused: (status, reason) => ctx.out.info(`refused (${status}): ${reason}`),
      onDelivery: (d) => {
        const run = (d.payload as { workflow_run?: { display_title?: string; status?: string } }).workflow_run;
        ctx.out.line(`accepted ${d.event || 'event'} ${d.id}${run ? `: ${run.display_title ?? ''} ${run.status ?? ''}` : ''}`);
        if (d.event === 'workflow_run') follower.wake();
      },
    });
    const address = await server.listen().catch((err: NodeJS.ErrnoException) => {
      const where = `${typeof args.values.host === 'string' ? args.values.host : '127.0.0.1'}:${port}`;
      if (err.code === 'EADDRINUSE') throw new CliError(`${where} is already in use`, 1, ['Choose another --port, or stop what listens there.']);
      if (err.code === 'EACCES') throw new CliError(`not allowed to listen on ${where}`, 1, ['Ports below 1024 need privileges: choose a port above 1024 and forward to it.']);
      throw err;
    });
    ctx.out.line(`Listening on http://${address.address}:${address.port} for GitHub webhooks (Ctrl+C to stop).`);
    const stop = follower.add(runner);
    await new Promise<void>((resolve) => {
      for (const s of ['SIGINT', 'SIGTERM'] as const) ctx.io.signals.on(s, () => resolve());
    });
    stop();
    follower.dispose();
    await server.close();
    return EXIT_OK;
  },
};
