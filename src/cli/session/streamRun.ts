// Runs one session in the foreground, the way `viban run` and `viban send` share: stream its
// entries as they are written, answer its approvals, stop it gracefully on Ctrl+C / SIGTERM /
// a `viban stop` from another process, and turn its outcome into the exit code.
import type { LogEntry } from '../../protocol/logEntries';
import type { SessionMeta } from '../../protocol/sessions';
import type { FolderRuntime } from '../../app/folderRuntime';
import { ApprovalResponder } from '../approvals/approvalResponder';
import { noTerminalDecider, terminalDecider } from '../approvals/terminalDecider';
import { ttyLineReader } from '../approvals/ttyLineReader';
import type { CliContext } from '../context';
import { EXIT_FAILED, EXIT_OK, EXIT_STOPPED } from '../errors';
import { HumanLogRenderer } from '../format/humanLog';
import { summaryLine } from '../format/summary';
import { signalGroup } from '../../process/signals';
import { watchStopRequests } from '../../sessions/crossProcess/stopRequests';

export interface StreamOptions {
  json: boolean;
}

const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

export function exitCodeFor(meta: SessionMeta): number {
  if (meta.status === 'succeeded') return EXIT_OK;
  if (meta.status === 'stopped' || meta.status === 'interrupted') return EXIT_STOPPED;
  return EXIT_FAILED;
}

export async function streamSession(ctx: CliContext, begin: (runtime: FolderRuntime) => Promise<SessionMeta>, opts: StreamOptions): Promise<number> {
  const runtime = await ctx.runtime();
  const { out, io } = ctx;
  const tty = !!io.stdin.isTTY;
  const human = opts.json ? undefined : new HumanLogRenderer(out, { cwd: runtime.root, approvalsAskedElsewhere: tty });
  const render = (e: LogEntry) => (human ? human.render(e) : out.line(JSON.stringify(e)));

  // Entries are emitted while start() is still running (the prompt), before we know the id.
  let target: string | undefined;
  let latest: SessionMeta | undefined;
  const early = new Map<string, LogEntry[]>();
  const offEvents = runtime.sessions.on({
    entries: (id, entries) => {
      if (target === undefined) early.set(id, [...(early.get(id) ?? []), ...entries]);
      else if (id === target) entries.forEach(render);
    },
    session: (meta) => {
      if (meta.id === target) latest = meta;
    },
  });

  // Ctrl+C once: graceful stop through the SessionManager. Twice: kill the agent's group now
  // (the run still ends through the normal path and is recorded as stopped).
  let interrupts = 0;
  let stopWanted = false;
  const stopNow = () => {
    if (target) void runtime.sessions.stop(target).catch(() => undefined);
  };
  const interrupt = () => {
    interrupts++;
    human?.finish();
    if (interrupts === 1) {
      out.info('Stopping the agent… (press Ctrl+C again to force)');
      stopWanted = true;
      stopNow();
    } else if (latest?.pid) {
      out.info(`Forcing: killing the agent's processes (group ${latest.pid}).`);
      signalGroup(latest.pid, 'SIGKILL');
    }
  };
  for (const s of STOP_SIGNALS) io.signals.on(s, interrupt);

  const reader = tty ? ttyLineReader(io.stdin, opts.json ? io.stderr : io.stdout, interrupt) : undefined;
  const decider = reader
    ? terminalDecider({ question: (p) => reader.question(io.redactor.redact(p)) }, { cwd: runtime.root, beforeAsk: () => human?.finish() })
    : noTerminalDecider((text) => {
        human?.finish();
        out.info(text);
      }, runtime.root);
  const approver = new ApprovalResponder(runtime.sessions, decider);
  let stopWatch: (() => void) | undefined;

  try {
    const meta = await begin(runtime);
    target = meta.id;
    latest = meta;
    const header = `▶ ${meta.executorLabel} · task ${meta.taskId} · session ${meta.id}${meta.permissionMode ? ` · mode ${meta.permissionMode}` : ''}`;
    if (human) out.line(out.style('bold', header));
    else out.info(header);
    (early.get(meta.id) ?? []).forEach(render);
    early.clear();
    approver.attach(meta.id);
    stopWatch = watchStopRequests(runtime.root, meta.id, () => {
      human?.finish();
      out.info('Stop requested from another process (viban stop).');
      if (!stopWanted) interrupt();
    });
    if (stopWanted) stopNow();

    const final = await runtime.sessions.wait(meta.id);
    human?.finish();
    if (human) out.line(summaryLine(final, out));
    else out.info(summaryLine(final, out));
    return exitCodeFor(final);
  } finally {
    stopWatch?.();
    approver.close();
    reader?.close();
    offEvents();
    for (const s of STOP_SIGNALS) io.signals.off(s, interrupt);
  }
}
