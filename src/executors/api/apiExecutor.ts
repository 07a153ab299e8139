// The Executor for a model API (Anthropic, OpenAI): key and settings, run timeout, history fitted
// to the context budget, the tool loop, and the outcome with tokens and cost. The provider files
// only build a ModelClient and name their defaults.
import { randomUUID } from 'node:crypto';
import type { LogEntry } from '../../protocol/logEntries';
import type { DetectResult, Executor, ExecutorCapabilities, LiveInput, RunOutcome, RunRequest, RunSink } from '../types';
import { formatDuration, scrubDeep, scrubKey, type SdkErrorClasses } from './apiErrors';
import { estimateTokens, fitHistory } from './contextBudget';
import type { ConversationItem, ModelClient } from './modelClient';
import { realRoot } from './pathGuard';
import { costFor, mergePrices, type PriceTable } from './pricing';
import { systemPrompt } from './systemPrompt';
import { runToolLoop } from './toolLoop';
import { offeredTools, TOOL_SPECS } from './toolSpecs';

/** Settings of an API executor; the composition root maps VS Code settings / env onto these. */
export interface ApiExecutorOptions {
  /** Model id; a run's `request.model` wins. */
  model?: string;
  temperature?: number;
  /** Output token limit per model request. */
  maxTokens?: number;
  /** Another endpoint speaking the same API (a proxy, an OpenAI-compatible server). */
  baseURL?: string;
  /** The API key, looked up at each detect/run (SecretStorage, then the environment). */
  apiKey?: () => Promise<string | undefined>;
  /** Tokens the conversation may use before earlier turns are dropped. */
  contextBudgetTokens?: number;
  /** Prices per model on top of DEFAULT_PRICES. */
  prices?: PriceTable;
  /** Whole-run limit. Default 10 minutes. */
  timeoutMs?: number;
  /** Model requests per run. Default 100. */
  maxTurns?: number;
  /** Default limit for one run_command. Default 2 minutes. */
  commandTimeoutMs?: number;
  /** Retries of a request answered 429/5xx. Default 3. */
  maxRetries?: number;
  /** First backoff step when the server sends no retry-after. Default 1000 ms. */
  retryBaseDelayMs?: number;
  /** Added to the system prompt (project conventions…). */
  instructions?: string;
  /** Where to set a key, as a person reads it; default: the VS Code command or the variable. */
  keyHint?: string;
}

export interface ClientSettings {
  apiKey: string;
  model: string;
  baseURL?: string;
  temperature?: number;
  maxTokens?: number;
}

/** What differs between providers. */
export interface ApiProvider {
  id: string;
  label: string;
  /** Environment variable named in the "no key" reason. */
  keyEnvVar: string;
  defaultModel: string;
  defaultContextBudgetTokens: number;
  sdkVersion: string;
  sdkErrors: SdkErrorClasses;
  createClient(settings: ClientSettings): ModelClient;
}

const CAPABILITIES: ExecutorCapabilities = { streaming: true, resume: true, interactiveInput: true, approvals: true, cost: true };
const now = () => new Date().toISOString();

export class ApiExecutor implements Executor {
  readonly kind = 'api' as const;
  readonly capabilities = CAPABILITIES;

  constructor(
    private readonly provider: ApiProvider,
    private readonly options: ApiExecutorOptions | (() => ApiExecutorOptions) = {},
  ) {}

  get id(): string {
    return this.provider.id;
  }
  get label(): string {
    return `${this.provider.label} API`;
  }

  private settings(): ApiExecutorOptions {
    return typeof this.options === 'function' ? this.options() : this.options;
  }

  private async key(): Promise<string | undefined> {
    const provider = this.settings().apiKey ?? (async () => process.env[this.provider.keyEnvVar]);
    return (await provider())?.trim() || undefined;
  }

  private noKeyReason(): string {
    return `No ${this.provider.label} API key — ${this.settings().keyHint ?? `run “Viban: Set API Key” or set ${this.provider.keyEnvVar}`}`;
  }

  async detect(): Promise<DetectResult> {
    const key = await this.key().catch(() => undefined);
    return { installed: true, version: this.provider.sdkVersion, loggedIn: !!key, ...(!key && { reason: this.noKeyReason() }) };
  }

  async run(request: RunRequest, sink: RunSink, signal: AbortSignal, input?: (live: LiveInput) => void): Promise<RunOutcome> {
    const started = Date.now();
    const opts = this.settings();
    const runId = randomUUID();
    let key: string | undefined;
    // Every entry leaves through here with the key scrubbed out, whatever produced it.
    const emit = (entry: LogEntry) => sink.entry(scrubDeep(entry, key));
    const fail = (error: string, extra: Partial<RunOutcome> = {}): RunOutcome => {
      const text = scrubKey(error, key);
      emit({ kind: 'error', id: `${runId}:error`, ts: now(), text });
      return { status: 'failed', error: text, durationMs: Date.now() - started, ...extra };
    };

    emit({ kind: 'user', id: `${runId}:user`, ts: now(), text: request.prompt });
    try {
      // The run's own environment counts too (the headless command passes its env this way).
      key = (await this.key()) ?? (request.env?.[this.provider.keyEnvVar]?.trim() || undefined);
    } catch (err) {
      return fail(`Could not read the ${this.provider.label} API key: ${(err as Error).message}`);
    }
    if (!key) return fail(`${this.noKeyReason()}.`);
    if (signal.aborted) return { status: 'stopped' };
    let root: string;
    try {
      root = await realRoot(request.cwd);
    } catch (err) {
      return fail((err as Error).message);
    }

    const model = request.model || opts.model || this.provider.defaultModel;
    const client = this.provider.createClient({ apiKey: key, model, baseURL: opts.baseURL, temperature: opts.temperature, maxTokens: opts.maxTokens });
    // A follow-up continues the same conversation, so it keeps one id across sessions.
    const conversationId = request.resumeSessionId ?? `${this.provider.id}-${runId}`;
    sink.agentSessionId(conversationId);

    const mode = request.permissionMode ?? 'ask';
    const system = systemPrompt(request.cwd, mode, opts.instructions);
    const budget = opts.contextBudgetTokens ?? this.provider.defaultContextBudgetTokens;
    const clash = request.answerTools?.find((t) => TOOL_SPECS.some((w) => w.name === t.name));
    if (clash) return fail(`The answer tool "${clash.name}" has the name of a workspace tool; give it another name.`);
    const reserved = estimateTokens(system) + estimateTokens(JSON.stringify(offeredTools(request.answerTools))) + (opts.maxTokens ?? 8192);
    const conversation = this.fitConversation(request, budget, reserved, runId, emit);

    const timeoutMs = opts.timeoutMs ?? 10 * 60_000;
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), timeoutMs);
    const runSignal = AbortSignal.any([signal, timeout.signal]);
    const live: string[] = [];
    let finished = false;
    input?.({
      send: (text: string) => {
        if (finished) throw new Error(`${this.label} has already finished this run; send this as a follow-up instead.`);
        live.push(text); // logged as a user entry when the loop delivers it to the model
      },
    });

    try {
      const result = await runToolLoop({
        client,
        errors: { label: this.provider.label, baseURL: client.baseURL, sdk: this.provider.sdkErrors, keyHint: this.settings().keyHint },
        system,
        conversation,
        permissionMode: mode,
        tools: { root, declaredRoot: request.cwd, signal: runSignal, env: commandEnv(request.env, key), commandTimeoutMs: opts.commandTimeoutMs ?? 120_000 },
        ...(request.answerTools?.length && { answerTools: request.answerTools }),
        sink,
        emit,
        scrub: (text) => scrubKey(text, key),
        signal: runSignal,
        runId,
        maxTurns: request.maxTurns ?? opts.maxTurns ?? 100,
        maxRetries: opts.maxRetries ?? 3,
        retryBaseDelayMs: opts.retryBaseDelayMs ?? 1000,
        contextBudgetTokens: budget,
        reservedTokens: reserved,
        takeLiveInput: () => live.splice(0),
      });
      const durationMs = Date.now() - started;
      const costUsd = costFor(model, result.usage, mergePrices(opts.prices));
      const stats = { usage: result.usage, numTurns: result.numTurns, durationMs, agentSessionId: conversationId, ...(costUsd !== undefined && { costUsd }) };
      let status = result.status;
      let error = result.error;
      if (status === 'stopped' && timeout.signal.aborted && !signal.aborted) {
        status = 'failed';
        error = `${this.label} timed out after ${formatDuration(timeoutMs)}.`;
      }
      emit({ kind: 'result', id: `${runId}:result`, ts: now(), isError: status !== 'succeeded', text: status === 'stopped' ? 'Stopped.' : (error ?? result.finalText), ...stats });
      if (status === 'failed') return fail(error ?? `${this.label} failed.`, stats);
      return { status, ...stats };
    } finally {
      finished = true;
      clearTimeout(timer);
    }
  }

  /** Earlier turns that fit the budget, then the prompt; says how many were left out. */
  private fitConversation(request: RunRequest, budget: number, reserved: number, runId: string, emit: (e: LogEntry) => void): ConversationItem[] {
    const fitted = fitHistory(request.history ?? [], budget, reserved + estimateTokens(request.prompt));
    if (fitted.dropped) {
      emit({
        kind: 'system',
        id: `${runId}:history`,
        ts: now(),
        text: `${fitted.dropped} earlier turn${fitted.dropped === 1 ? ' was' : 's were'} left out to fit the context budget of ${budget} tokens.`,
        data: { droppedTurns: fitted.dropped, contextBudgetTokens: budget },
      });
    }
    return [...fitted.turns.map((t): ConversationItem => (t.role === 'user' ? { role: 'user', text: t.content } : { role: 'assistant', text: t.content, toolCalls: [] })), { role: 'user', text: request.prompt }];
  }
}

/**
 * The environment for run_command: the host's plus the request's, without any variable holding
 * this executor's API key — commands the model runs have no business reading it.
 */
function commandEnv(extra: Record<string, string> | undefined, key: string): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...process.env, ...extra };
  for (const [k, v] of Object.entries(env)) if (v === key) delete env[k];
  return env;
}
