// A folder runtime with its queue open, the real SessionManager, and an in-process executor whose
// turns the test releases one by one (so "running" and "queued" are states the test can look at).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExecutorRegistry } from '../../../../src/executors/registry';
import type { Executor, RunOutcome, RunRequest, RunSink } from '../../../../src/executors/types';
import { FolderRuntime } from '../../../../src/app/folderRuntime';
import { Redactor } from '../../../../src/secrets/redactor';
import type { RunQueueOptions } from '../../../../src/queue/runQueue';
import type { Budget } from '../../../../src/sessions/budget';

export const ts = () => new Date().toISOString();

export interface Turn {
  req: RunRequest;
  sink: RunSink;
  signal: AbortSignal;
  live: string[];
  /** Ends the turn: by default says "Done: <prompt>" and succeeds with a small cost. */
  finish(outcome?: Partial<RunOutcome> & { text?: string; toolUse?: boolean }): void;
}

/** Each run waits until the test finishes it; `turns` lists them in the order they started. */
export class GatedExecutor implements Executor {
  readonly label: string;
  readonly kind = 'api' as const;
  readonly capabilities = { streaming: true, resume: true, interactiveInput: false, approvals: true, cost: true };
  readonly turns: Turn[] = [];
  private waiters: Array<() => void> = [];
  constructor(readonly id = 'scripted', opts: { interactive?: boolean } = {}) {
    this.label = `Scripted ${id}`;
    if (opts.interactive) this.capabilities = { ...this.capabilities, interactiveInput: true };
  }
  async detect() {
    return { installed: true, version: '1.0' };
  }
  run(req: RunRequest, sink: RunSink, signal: AbortSignal, input?: (l: { send(t: string): void }) => void): Promise<RunOutcome> {
    const n = this.turns.length + 1;
    sink.entry({ kind: 'user', id: `${this.id}-u${n}`, ts: ts(), text: req.prompt });
    const agentSessionId = req.resumeSessionId ?? `agent-${this.id}-${n}`;
    sink.agentSessionId(agentSessionId);
    const live: string[] = [];
    if (this.capabilities.interactiveInput) {
      input?.({
        send: (t) => {
          live.push(t);
          sink.entry({ kind: 'user', id: `${this.id}-live${live.length}`, ts: ts(), text: t });
        },
      });
    }
    return new Promise<RunOutcome>((resolve) => {
      const finish: Turn['finish'] = (o = {}) => {
        if (o.toolUse) sink.entry({ kind: 'tool_use', id: `t${n}`, ts: ts(), toolUseId: `t${n}`, name: 'Write', input: { file_path: 'a.txt' } });
        const text = o.text ?? `Done: ${req.prompt}`;
        if (text) sink.entry({ kind: 'assistant', id: `a${n}`, ts: ts(), text });
        const status = o.status ?? 'succeeded';
        if (status === 'succeeded') sink.entry({ kind: 'result', id: `r${n}`, ts: ts(), isError: false, costUsd: o.costUsd ?? 0.01 });
        resolve({ status, exitCode: status === 'succeeded' ? 0 : 1, costUsd: o.costUsd ?? 0.01, agentSessionId, ...o });
      };
      signal.addEventListener('abort', () => resolve({ status: 'stopped', error: 'Stopped by the user.' }), { once: true });
      this.turns.push({ req, sink, signal, live, finish });
      this.waiters.splice(0).forEach((w) => w());
    });
  }
  /** Resolves once `count` turns have started. */
  async started(count: number, timeoutMs = 10_000): Promise<Turn> {
    const until = Date.now() + timeoutMs;
    while (this.turns.length < count) {
      if (Date.now() > until) throw new Error(`only ${this.turns.length} of ${count} turns started`);
      await new Promise<void>((r) => {
        this.waiters.push(r);
        setTimeout(r, 50);
      });
    }
    return this.turns[count - 1];
  }
}

export interface Harness {
  root: string;
  registry: ExecutorRegistry;
  runtime: FolderRuntime;
  budget: Budget;
  reopen(): Promise<FolderRuntime>;
  close(): Promise<void>;
}

export async function openHarness(executors: Executor[], opts: RunQueueOptions = {}): Promise<Harness> {
  const root = await mkdtemp(join(tmpdir(), 'viban-runqueue-'));
  const registry = new ExecutorRegistry();
  executors.forEach((e) => registry.register(e));
  const budget: Budget = {};
  const open = () =>
    FolderRuntime.open(root, registry, new Redactor({}), {
      acceptStopRequests: false,
      queue: { concurrency: 2, replyThrottleMs: 20, budget: () => budget, queue: { watch: false, disposeGraceMs: 3000 }, ...opts },
    });
  const h: Harness = {
    root,
    registry,
    budget,
    runtime: await open(),
    async reopen() {
      h.runtime = await open();
      return h.runtime;
    },
    async close() {
      await h.runtime.dispose();
      await rm(root, { recursive: true, force: true });
    },
  };
  return h;
}

export async function waitFor(check: () => boolean | Promise<boolean>, what = 'condition', timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
