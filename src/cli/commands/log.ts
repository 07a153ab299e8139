import type { LogEntry } from '../../protocol/logEntries';
import { isLive } from '../../protocol/sessions';
import type { CommandSpec } from '../commandSpec';
import { CliError, EXIT_OK, EXIT_STOPPED, UsageError } from '../errors';
import { HumanLogRenderer } from '../format/humanLog';
import { summaryLine } from '../format/summary';
import { LogFollower } from '../../store/sessions/logFollower';
import { shortTime } from './sessions';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export const logCommand: CommandSpec = {
  name: 'log',
  summary: "Print a session's log (also while it runs; --follow keeps tailing until it ends)",
  usage: ['log <sessionId> [--json] [--follow]'],
  options: { json: { type: 'boolean' }, follow: { type: 'boolean', short: 'f' } },
  optionHelp: { json: 'Print one normalized log entry (JSON) per line', follow: 'Keep printing new entries until the session ends' },
  examples: ['viban log s_p2x8d0q1mz', 'viban log s_p2x8d0q1mz --follow', 'viban log s_p2x8d0q1mz --json | jq -c "select(.kind == \\"error\\")"'],
  positionals: { min: 1, max: 1, names: ['sessionId'] },
  async run(ctx, args) {
    const id = args.positionals[0];
    if (!/^[A-Za-z0-9_-]{1,100}$/.test(id)) throw new UsageError(`"${id}" is not a session id (see \`viban sessions\`)`, 'log');
    const runtime = await ctx.runtime();
    let meta = await runtime.store.get(id);
    if (!meta) throw new CliError(`there is no session "${id}" in ${runtime.root}/.viban/sessions (see \`viban sessions\`)`);
    const { out } = ctx;
    const human = args.values.json ? undefined : new HumanLogRenderer(out, { cwd: meta.cwd });
    const render = (entries: LogEntry[]) => entries.forEach((e) => (human ? human.render(e) : out.line(JSON.stringify(e))));
    if (human) out.line(out.style('bold', `Session ${meta.id} · ${meta.executorLabel} · task ${meta.taskId} · started ${shortTime(meta.startedAt ?? meta.createdAt)}`));

    const tail = new LogFollower(runtime.store.logFile(id));
    render(await tail.read());
    let interrupted = false;
    if (args.values.follow) {
      const onSignal = () => (interrupted = true);
      ctx.io.signals.on('SIGINT', onSignal);
      try {
        while (isLive(meta.status) && !interrupted) {
          await sleep(250);
          render(await tail.read());
          meta = (await runtime.store.get(id)) ?? meta;
        }
        render(await tail.read()); // what was written between the last read and the end
      } finally {
        ctx.io.signals.off('SIGINT', onSignal);
      }
    }
    human?.finish();
    const summary = isLive(meta.status) ? `(${meta.status.replace(/_/g, ' ')}${args.values.follow ? '' : ' — add --follow to keep watching'})` : summaryLine(meta, out);
    if (human) out.line(summary);
    else out.info(summary);
    return interrupted ? EXIT_STOPPED : EXIT_OK;
  },
};
