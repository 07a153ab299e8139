// The generic executor for agent CLIs: resolve the executable, spawn the adapter's command, feed
// stdout lines through the adapter's normalizer into the sink, answer approvals and follow-ups
// over stdin when the adapter speaks a stdin protocol, and turn the end into a RunOutcome.
import { randomUUID } from 'node:crypto';
import type { LogEntry } from '../protocol/logEntries';
import type {
  OutputNormalizer, ApprovalDecision, CliAgentAdapter, DetectResult, Executor, LiveInput, RunOutcome, RunRequest, RunSink,
} from './types';
import { detectCli, resolveExecutable } from './detect';
import { isoNow } from './isoNow';
import { isDeltaOf, textAfter, type TextEntry } from '../shared/deltas';
import { ProcessSpawnError, startProcess, type ProcessExit, type RunningProcess } from './processRunner';

export interface CliExecutorOptions {
  /** A user-configured executable path (setting); read at each detect/run. */
  configuredPath?: string | (() => string | undefined);
  /** Environment used to find the executable and check login. Default process.env. */
  env?: Record<string, string | undefined>;
  /** How long the graceful stop step (interrupt, close stdin) gets before SIGTERM. Default 3000. */
  gracefulTimeoutMs?: number;
  /** How long SIGTERM gets before SIGKILL. Default 2000. */
  terminateTimeoutMs?: number;
  /** Stop a run that printed nothing for this long. Default: never. */
  idleTimeoutMs?: number;
  /**
   * Asked when the idle timeout passes: 'stop' ends the run, 'wait' starts the countdown again.
   * Without it the run is stopped.
   */
  onIdle?: (info: { label: string; idleMs: number }) => Promise<'stop' | 'wait'>;
}

const STDERR_TAIL = 20;


export class CliExecutor implements Executor {
  readonly kind = 'cli' as const;

  constructor(
    readonly adapter: CliAgentAdapter,
    private readonly options: CliExecutorOptions = {},
  ) {}

  get id(): string {
    return this.adapter.id;
  }
  get label(): string {
    return this.adapter.label;
  }
  get capabilities() {
    return this.adapter.capabilities;
  }

  private configuredPath(): string | undefined {
    const p = this.options.configuredPath;
    return (typeof p === 'function' ? p() : p) || undefined;
  }

  detect(): Promise<DetectResult> {
    const a = this.adapter;
    return detectCli({
      label: a.label,
      binary: a.binary,
      npmPackage: a.npmPackage,
      configuredPath: this.configuredPath(),
      env: this.options.env,
      versionArgs: a.versionArgs,
      checkLogin: a.checkLogin?.bind(a),
    });
  }

  createNormalizer(): OutputNormalizer {
    return this.adapter.createNormalizer();
  }

  async run(request: RunRequest, sink: RunSink, signal: AbortSignal, input?: (live: LiveInput) => void): Promise<RunOutcome> {
    const a = this.adapter;
    const now = isoNow;
    // Entries from one chunk of stdout wait here until the chunk is done, so that the deltas of a
    // block that arrived together become one entry: a fast stream prints a delta a line, and
    // each entry costs a log line, a seq and a trip through every listener. Nothing waits longer
    // than its chunk, and anything else emitted goes after what is queued, so order holds.
    let queued: LogEntry[] = [];
    let lastIsCopy = false;
    const flushQueued = () => {
      if (!queued.length) return;
      const list = queued;
      queued = [];
      for (const entry of list) sink.entry(entry);
    };
    const queue = (entry: LogEntry) => {
      const last = queued[queued.length - 1];
      if (last && isDeltaOf(last, entry)) {
        // The normalizer's object is not changed: the first merge works on a copy.
        const merged = (lastIsCopy ? last : (queued[queued.length - 1] = Object.assign({}, last))) as TextEntry;
        merged.text = textAfter(merged.text, entry);
        lastIsCopy = true;
        return;
      }
      queued.push(entry);
      lastIsCopy = false;
    };
    // The one place every entry of a run passes through (the session layer redacts behind it).
    const emit = (entry: LogEntry) => {
      flushQueued();
      sink.entry(entry);
    };
    const fail = (error: string, extra: Partial<RunOutcome> = {}): RunOutcome => {
      emit({ kind: 'error', id: `error:${randomUUID()}`, ts: now(), text: error });
      return { status: 'failed', error, ...extra };
    };

    const resolved = resolveExecutable({ ...a, configuredPath: this.configuredPath(), env: this.options.env });
    if ('reason' in resolved) return fail(resolved.reason);
    if (signal.aborted) return { status: 'stopped' };

    const normalizer = a.createNormalizer();
    const stdin = a.createStdinSession?.(request, normalizer);
    const command = a.buildCommand(request, resolved.path);
    const stderrTail: string[] = [];
    let proc: RunningProcess | undefined;
    let reportedSessionId: string | undefined;

    const answerApproval = async (req: { requestId: string; toolName: string; input: unknown }) => {
      let decision: ApprovalDecision;
      try {
        decision = await sink.requestApproval(req);
      } catch (e) {
        decision = { behavior: 'deny', message: `The approval could not be asked: ${e instanceof Error ? e.message : String(e)}` };
      }
      emit({
        kind: 'approval_response',
        id: `approval-response:${req.requestId}`,
        ts: now(),
        requestId: req.requestId,
        decision: decision.behavior === 'deny' ? 'deny' : decision.always ? 'allow_always' : 'allow',
        ...(decision.behavior === 'deny' && decision.message ? { message: decision.message } : {}),
      });
      proc?.writeLine(stdin!.approvalResponse(req.requestId, decision, req.input));
    };

    const onStdoutLine = (line: string): Promise<void> | undefined => {
      for (const entry of normalizer.push(line)) {
        if (entry.kind === 'approval_request' && stdin) {
          emit(entry);
          void answerApproval({ requestId: entry.requestId, toolName: entry.toolName, input: entry.input });
        } else queue(entry);
      }
      const sid = normalizer.agentSessionId;
      if (sid && sid !== reportedSessionId) {
        reportedSessionId = sid;
        sink.agentSessionId(sid);
      }
      if (stdin?.done) {
        flushQueued();
        proc?.closeStdin();
      }
      const backlog = sink.backlog?.();
      // Waiting lets other events in: what is queued goes out first.
      if (backlog) flushQueued();
      return backlog;
    };
    // A line cut off by the end of the output is not a whole event: normalizing it could read a
    // truncated line as a complete one. It is kept raw, and the run says its output was cut.
    const onStdoutPartialLine = (line: string) => {
      emit({ kind: 'raw', id: `raw:${randomUUID()}`, ts: now(), line, stream: 'stdout' });
      emit({
        kind: 'system',
        id: `warning:${randomUUID()}`,
        ts: now(),
        text: `Warning: ${a.label}'s output ended in the middle of a line (no newline at the end); that last line is kept as it was, unread.`,
        data: { subtype: 'warning', warning: 'output_ended_mid_line' },
      });
    };
    const onStdoutBatchEnd = (): Promise<void> | undefined => {
      flushQueued();
      return sink.backlog?.();
    };

    const onStderrLine = (line: string) => {
      stderrTail.push(line);
      if (stderrTail.length > STDERR_TAIL) stderrTail.shift();
      emit({ kind: 'stderr', id: `stderr:${randomUUID()}`, ts: now(), text: line });
    };

    emit({ kind: 'user', id: `user:${randomUUID()}`, ts: now(), text: request.prompt });
    try {
      proc = await startProcess({
        command,
        onSpawn: (pid) => sink.pid?.(pid),
        onStdoutLine,
        onStdoutBatchEnd,
        onStdoutPartialLine,
        onStderrLine,
        signal,
        gracefulStop: (p) => {
          // Ask the agent to end its turn, then close stdin so it exits once it has.
          if (stdin?.interrupt && p.stdinOpen) p.writeLine(stdin.interrupt());
          p.closeStdin();
        },
        gracefulTimeoutMs: this.options.gracefulTimeoutMs,
        terminateTimeoutMs: this.options.terminateTimeoutMs,
        idleTimeoutMs: this.options.idleTimeoutMs,
        onIdle: async (p) => {
          const idleMs = this.options.idleTimeoutMs!;
          const choice = this.options.onIdle ? await this.options.onIdle({ label: a.label, idleMs }).catch(() => 'stop' as const) : 'stop';
          if (choice === 'wait') {
            emit({ kind: 'system', id: `idle:${randomUUID()}`, ts: now(), text: `${a.label} printed nothing for ${idleText(idleMs)}; still waiting, as you asked.` });
            p.rearmIdle();
            return;
          }
          emit({ kind: 'error', id: `error:${randomUUID()}`, ts: now(), text: `${a.label} printed nothing for ${idleText(idleMs)}; stopping it.` });
          void p.stop();
        },
      });
    } catch (e) {
      if (e instanceof ProcessSpawnError) {
        return fail(e.code === 'ENOENT' ? `${e.message} Install ${a.npmPackage} or fix the configured path.` : e.message);
      }
      throw e;
    }
    if (stdin) for (const line of stdin.initialLines()) proc.writeLine(line);
    else proc.closeStdin();

    input?.({
      send: (text: string) => {
        if (!stdin) throw new Error(`${a.label} does not take input while it runs; send this as a follow-up after it finishes.`);
        if (!proc!.stdinOpen) throw new Error(`${a.label} has already finished this run; send this as a follow-up (resume) instead.`);
        emit({ kind: 'user', id: `user:${randomUUID()}`, ts: now(), text });
        proc!.writeLine(stdin.userMessage(text));
      },
    });

    const exit = await proc.exited;
    flushQueued();
    for (const entry of normalizer.end()) emit(entry);
    return this.outcome(request, exit, normalizer.result, normalizer.agentSessionId, stderrTail, signal, fail);
  }

  private outcome(
    request: RunRequest,
    exit: ProcessExit,
    result: ReturnType<CliAgentAdapter['createNormalizer']>['result'],
    agentSessionId: string | undefined,
    stderrTail: string[],
    signal: AbortSignal,
    fail: (error: string, extra?: Partial<RunOutcome>) => RunOutcome,
  ): RunOutcome {
    const a = this.adapter;
    const base: Partial<RunOutcome> = {
      exitCode: exit.exitCode,
      agentSessionId,
      costUsd: result?.costUsd,
      usage: result?.usage,
      numTurns: result?.numTurns,
      durationMs: result?.durationMs,
    };
    if (exit.stopped || signal.aborted) return { status: 'stopped', ...base };
    if (result && !result.isError && exit.exitCode === 0) return { status: 'succeeded', ...base };

    const explained = a.explainFailure?.({ request, resultText: result?.text, stderrTail, exitCode: exit.exitCode, signal: exit.signal });
    if (explained) return fail(explained, base);
    const how = exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.exitCode}`;
    const lastErr = stderrTail.filter((l) => l.trim()).slice(-1)[0];
    if (result?.isError) return fail(`${a.label} reported an error: ${result.text || '(no message)'}`, base);
    if (result) return fail(`${a.label} finished its turn but ${how}.${lastErr ? ` Last error output: ${lastErr}` : ''}`, base);
    const cut = exit.stdoutEndedMidLine ? ' Its output ended in the middle of a line, so it was cut off (crashed or killed).' : '';
    return fail(`${a.label} ${how} before printing its final result.${cut}${lastErr ? ` Last error output: ${lastErr}` : ''}`, base);
  }
}

function idleText(ms: number): string {
  if (ms >= 60_000) return `${Math.round(ms / 60_000)} min`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}
