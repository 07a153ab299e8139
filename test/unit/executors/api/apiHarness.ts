// Runs both API executors through their real SDKs against the scripted servers: one script format
// for both providers, a recording sink, and readers for what the server was sent.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LogEntry } from '../../../../src/protocol/logEntries';
import type { ApiExecutor, ApiExecutorOptions } from '../../../../src/executors/api';
import { createAnthropicExecutor, createOpenAIExecutor } from '../../../../src/executors/api';
import type { ApprovalDecision, RunOutcome, RunRequest, RunSink } from '../../../../src/executors/types';
import { startScriptedAnthropicServer, text as aText, toolUse, type ScriptedTurn as ATurn } from '../../../support/scriptedAnthropicServer';
import { startScriptedOpenAIServer, type ScriptedTurn as OTurn } from '../../../support/scriptedOpenAIServer';

export interface GenericTurn {
  text?: string;
  /** A string input is sent as malformed arguments (not a JSON object). */
  toolCalls?: Array<{ name: string; input: Record<string, unknown> | string; id?: string }>;
  status?: number;
  errorMessage?: string;
  headers?: Record<string, string>;
  /** Pause between streamed pieces. */
  slowMs?: number;
  /** cacheRead / cacheWrite: Anthropic's cache_read_input_tokens / cache_creation_input_tokens. */
  usage?: { input: number; output: number; cacheRead?: number; cacheWrite?: number };
}

export interface SentToolResult {
  id: string;
  content: string;
  isError: boolean;
}

export interface ScriptedModel {
  baseURL: string;
  /** Bodies of the model requests, in order. */
  bodies(): any[];
  headers(): Array<Record<string, unknown>>;
  toolResults(body: any): SentToolResult[];
  /** The conversation as [role, text] pairs (tool results left out). */
  turns(body: any): Array<[string, string]>;
  close(): Promise<void>;
}

export interface ProviderHarness {
  id: 'anthropic' | 'openai';
  label: string;
  start(turns: GenericTurn[]): Promise<ScriptedModel>;
  create(model: ScriptedModel, opts?: ApiExecutorOptions): ApiExecutor;
}

let callCounter = 0;
const callId = (c: { id?: string }) => c.id ?? `call_${++callCounter}`;

export const anthropicHarness: ProviderHarness = {
  id: 'anthropic',
  label: 'Anthropic',
  async start(turns) {
    const server = await startScriptedAnthropicServer(
      turns.map((t): ATurn => ({
        blocks: [...(t.text ? [aText(t.text)] : []), ...(t.toolCalls ?? []).map((c) => toolUse(c.name, c.input as Record<string, unknown>, callId(c)))],
        status: t.status,
        errorMessage: t.errorMessage,
        headers: t.headers,
        eventDelayMs: t.slowMs,
        usage: t.usage && {
          input_tokens: t.usage.input,
          output_tokens: t.usage.output,
          ...(t.usage.cacheRead !== undefined && { cache_read_input_tokens: t.usage.cacheRead }),
          ...(t.usage.cacheWrite !== undefined && { cache_creation_input_tokens: t.usage.cacheWrite }),
        },
      })),
    );
    return {
      baseURL: server.url,
      bodies: () => server.mainRequests().map((r) => r.body),
      headers: () => server.requests.map((r) => r.headers),
      toolResults: (body) =>
        body.messages.flatMap((m: any) =>
          Array.isArray(m.content)
            ? m.content.filter((c: any) => c.type === 'tool_result').map((c: any) => ({ id: c.tool_use_id, content: String(c.content), isError: !!c.is_error }))
            : [],
        ),
      turns: (body) =>
        body.messages
          .map((m: any) => [m.role, typeof m.content === 'string' ? m.content : m.content.filter((c: any) => c.type === 'text').map((c: any) => c.text).join('\n')])
          .filter(([, t]: [string, string]) => t),
      close: () => server.close(),
    };
  },
  create: (model, opts) => createAnthropicExecutor({ baseURL: model.baseURL, apiKey: async () => TEST_KEY, ...opts }),
};

export const openaiHarness: ProviderHarness = {
  id: 'openai',
  label: 'OpenAI',
  async start(turns) {
    const server = await startScriptedOpenAIServer(
      turns.map((t): OTurn => ({
        text: t.text,
        toolCalls: t.toolCalls?.map((c) => ({ name: c.name, arguments: c.input, id: callId(c) })),
        status: t.status,
        errorBody: t.status ? { error: { message: t.errorMessage ?? `scripted ${t.status}`, type: 'scripted' } } : undefined,
        headers: t.headers,
        chunkDelayMs: t.slowMs,
        usage: t.usage && { inputTokens: t.usage.input, outputTokens: t.usage.output },
      })),
    );
    return {
      baseURL: server.baseUrl,
      bodies: () => server.modelRequests().map((r) => r.body),
      headers: () => server.requests.map((r) => r.headers),
      toolResults: (body) =>
        body.messages
          .filter((m: any) => m.role === 'tool')
          .map((m: any) => ({ id: m.tool_call_id, content: String(m.content), isError: String(m.content).startsWith('Error: ') })),
      turns: (body) =>
        body.messages.filter((m: any) => (m.role === 'user' || m.role === 'assistant') && m.content).map((m: any) => [m.role, m.content]),
      close: () => server.close(),
    };
  },
  create: (model, opts) => createOpenAIExecutor({ baseURL: model.baseURL, apiKey: async () => TEST_KEY, ...opts }),
};

export const PROVIDERS = [anthropicHarness, openaiHarness];

/** A distinctive key: if it shows up anywhere in an entry, the test sees it. */
export const TEST_KEY = 'sk-test-PLANTED-KEY-7f3a9c2e1b';

export interface Recorded {
  entries: LogEntry[];
  sink: RunSink;
  approvals: Array<{ requestId: string; toolName: string; input: unknown }>;
  sessionIds: string[];
  /** Resolves when an entry matching `pred` arrives. */
  waitFor(pred: (e: LogEntry) => boolean): Promise<LogEntry>;
}

export function record(answer: (req: { toolName: string; input: unknown }) => ApprovalDecision | Promise<ApprovalDecision> = () => ({ behavior: 'allow' })): Recorded {
  const entries: LogEntry[] = [];
  const waiters: Array<{ pred: (e: LogEntry) => boolean; resolve: (e: LogEntry) => void }> = [];
  const rec: Recorded = {
    entries,
    approvals: [],
    sessionIds: [],
    sink: {
      entry: (e) => {
        entries.push(e);
        for (const w of [...waiters]) if (w.pred(e)) (waiters.splice(waiters.indexOf(w), 1), w.resolve(e));
      },
      agentSessionId: (id) => rec.sessionIds.push(id),
      requestApproval: async (req) => {
        rec.approvals.push(req);
        return answer(req);
      },
    },
    waitFor: (pred) => {
      const hit = entries.find(pred);
      return hit ? Promise.resolve(hit) : new Promise((resolve) => waiters.push({ pred, resolve }));
    },
  };
  return rec;
}

/** Entries as a view shows them: deltas appended, a later entry with the same id replacing. */
export function merged(entries: LogEntry[]): LogEntry[] {
  const byId = new Map<string, LogEntry>();
  for (const e of entries) {
    const prev = byId.get(e.id);
    if (prev && (e.kind === 'assistant' || e.kind === 'thinking') && e.delta && prev.kind === e.kind) {
      byId.set(e.id, { ...e, text: prev.text + e.text });
    } else byId.set(e.id, e);
  }
  return [...byId.values()];
}

export function of<K extends LogEntry['kind']>(entries: LogEntry[], kind: K): Array<Extract<LogEntry, { kind: K }>> {
  return entries.filter((e): e is Extract<LogEntry, { kind: K }> => e.kind === kind);
}

/** A temp git repository with a couple of files. */
export function tempRepo(files: Record<string, string> = {}): string {
  const dir = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'viban-api-')));
  execFileSync('git', ['init', '-q'], { cwd: dir });
  for (const [name, content] of Object.entries(files)) {
    const abs = path.join(dir, name);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, content);
  }
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: dir });
  git('add', '-A');
  git('commit', '-q', '--allow-empty', '-m', 'start');
  return dir;
}

export async function run(
  executor: ApiExecutor,
  request: Partial<RunRequest> & { cwd: string },
  rec: Recorded = record(),
  signal: AbortSignal = new AbortController().signal,
): Promise<{ outcome: RunOutcome; rec: Recorded }> {
  const outcome = await executor.run({ prompt: 'Do the task.', ...request }, rec.sink, signal);
  return { outcome, rec };
}
