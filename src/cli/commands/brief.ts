// `viban brief [--since ISO] [--json]`: what happened on the board since you last looked — runs
// finished, failed and waiting, failed checks, pull requests and merges, cost, open questions due
// (issue #14). Computed from the store alone; no agent runtime is opened and no model is asked.
import { briefFor } from '../../assist/brief/briefSource';
import { LastSeenStore } from '../../store/lastSeenStore';
import { renderBriefText } from '../../assist/brief/briefSections';
import type { CommandSpec } from '../commandSpec';
import { EXIT_OK, UsageError } from '../errors';

export const briefCommand: CommandSpec = {
  name: 'brief',
  summary: 'What happened since you last looked: runs finished, failed and waiting, failed checks, pull requests, cost, open questions due',
  usage: ['brief [--since ISO] [--json]'],
  options: {
    since: { type: 'string' },
    json: { type: 'boolean' },
  },
  optionHelp: {
    since: 'Start of the window (an ISO time or date); default: when you last ran `viban brief` or looked at the board here, else the last 24 hours',
    json: 'Print the briefing as JSON (counts, and every run, check, pull request and question with its card)',
  },
  examples: ['viban brief', 'viban brief --since 2026-12-01T09:00:00Z', 'viban brief --json | jq .counts'],
  positionals: { min: 0, max: 0, names: [] },
  async run(ctx, args) {
    const now = new Date();
    const since = parseSince(args.values.since, now);
    await ctx.settings(); // checks the workspace folder exists
    const briefing = await briefFor(ctx.workspace, { since, now, redactor: ctx.io.redactor });
    if (args.values.json) ctx.out.line(JSON.stringify(briefing, null, 2));
    else renderBriefText(briefing).forEach((l) => ctx.out.line(l));
    // You have now seen it. An explicit --since is a look at the past: it moves nothing.
    if (!since) await new LastSeenStore(ctx.workspace).mark(now);
    return EXIT_OK;
  },
};

function parseSince(raw: unknown, now: Date): Date | undefined {
  if (raw === undefined) return undefined;
  const text = String(raw).trim();
  const t = Date.parse(text);
  if (!text || Number.isNaN(t)) throw new UsageError(`--since needs an ISO time or date such as 2026-12-01T09:00:00Z or 2026-12-01 (got "${text}")`, 'brief');
  if (t > now.getTime()) throw new UsageError(`--since ${text} is in the future; give a time before now`, 'brief');
  return new Date(t);
}
