// The agent loop of an API executor: send the conversation, stream the answer into entries, run
// the tools it asks for (behind the permission mode and the user's approvals), send the results
// back, and repeat until the model answers without tool calls — or calls an answer tool that ends
// the run (Assist's `propose_plan`: the call is the answer). Provider-neutral: the provider is a
// ModelClient.
import type { LogEntry, Usage } from '../../protocol/logEntries';
import type { AnswerTool, ApprovalDecision, PermissionMode, RunSink } from '../types';
import type { ErrorContext } from './apiErrors';
import { elideOldToolOutputs } from './contextBudget';
import { addUsage, type ConversationItem, type ModelClient, type ToolCall, type ToolResultItem } from './modelClient';
import { toolPermission } from './permissions';
import { ApiRunError, withRetries } from './retry';
import { offeredTools } from './toolSpecs';
import { runTool, type ToolContext } from './workspaceTools';

export interface ToolLoopConfig {
  client: ModelClient;
  errors: ErrorContext;
  system: string;
  /** Earlier turns (already fitted to the budget) followed by the current prompt. */
  conversation: ConversationItem[];
  permissionMode: PermissionMode;
  tools: ToolContext;
  /** The caller's answer tools (RunRequest.answerTools), offered next to the workspace tools. */
  answerTools?: readonly AnswerTool[];
  sink: RunSink;
  /** Every entry goes through here (the executor scrubs the key on the way). */
  emit(entry: LogEntry): void;
  /** Removes the key from text that goes back to the model (a command may print it). */
  scrub(text: string): string;
  signal: AbortSignal;
  runId: string;
  maxTurns: number;
  maxRetries: number;
  retryBaseDelayMs: number;
  /** Tokens the conversation may use, and the part taken by the system prompt, tools and answer. */
  contextBudgetTokens: number;
  reservedTokens: number;
  /** User messages that arrived while running; drained before each model request. */
  takeLiveInput(): string[];
}

export interface ToolLoopResult {
  status: 'succeeded' | 'failed' | 'stopped';
  error?: string;
  usage: Usage;
  numTurns: number;
  /** The model's last answer. */
  finalText: string;
}

const now = () => new Date().toISOString();

export async function runToolLoop(cfg: ToolLoopConfig): Promise<ToolLoopResult> {
  const { emit, runId } = cfg;
  const conversation = [...cfg.conversation];
  const alwaysAllowed = new Set<string>();
  let usage: Usage = {};
  let numTurns = 0;
  let finalText = '';
  const end = (status: ToolLoopResult['status'], error?: string): ToolLoopResult => ({ status, error, usage, numTurns, finalText });
  const tools = offeredTools(cfg.answerTools);
  const answerTools = new Map((cfg.answerTools ?? []).map((t) => [t.name, t]));

  for (;;) {
    for (const text of cfg.takeLiveInput()) {
      emit({ kind: 'user', id: `${runId}:user:${numTurns}:${Math.random().toString(36).slice(2, 8)}`, ts: now(), text });
      conversation.push({ role: 'user', text });
    }
    if (numTurns >= cfg.maxTurns) {
      return end('failed', `Stopped after ${numTurns} model turns (the limit for one run). Send a follow-up to let it continue.`);
    }
    if (cfg.signal.aborted) return end('stopped');

    const elided = elideOldToolOutputs(conversation, cfg.contextBudgetTokens, cfg.reservedTokens);
    if (elided) {
      emit({ kind: 'system', id: `${runId}:elided:${numTurns}`, ts: now(), text: `${elided} earlier tool output${elided === 1 ? ' was' : 's were'} elided to fit the context budget.` });
    }
    const turnNo = ++numTurns;
    const textId = `${runId}:assistant:${turnNo}`;
    const thinkingId = `${runId}:thinking:${turnNo}`;
    let turn;
    try {
      turn = await withRetries(
        (markStarted) =>
          cfg.client.streamTurn({
            system: cfg.system,
            conversation,
            tools,
            signal: cfg.signal,
            onText: (delta) => {
              markStarted();
              emit({ kind: 'assistant', id: textId, ts: now(), text: delta, delta: true });
            },
            onThinking: (delta) => {
              markStarted();
              emit({ kind: 'thinking', id: thinkingId, ts: now(), text: delta, delta: true });
            },
          }),
        {
          errors: cfg.errors,
          signal: cfg.signal,
          maxRetries: cfg.maxRetries,
          baseDelayMs: cfg.retryBaseDelayMs,
          onRetry: (text, delayMs, attempt) => emit({ kind: 'system', id: `${runId}:retry:${turnNo}:${attempt}`, ts: now(), text, data: { retryInMs: Math.round(delayMs), attempt } }),
        },
      );
    } catch (err) {
      if (err instanceof ApiRunError) return err.kind === 'aborted' ? end('stopped') : end('failed', err.message);
      throw err;
    }
    usage = addUsage(usage, turn.usage);
    // The whole text replaces the streamed pieces (same id), as the CLI normalizers do.
    if (turn.text) emit({ kind: 'assistant', id: textId, ts: now(), text: turn.text, delta: false });
    conversation.push({ role: 'assistant', text: turn.text, toolCalls: turn.toolCalls });
    if (turn.text.trim()) finalText = turn.text;
    if (cfg.signal.aborted) return end('stopped');

    if (!turn.toolCalls.length) {
      if (turn.stopReason === 'max_tokens' || turn.stopReason === 'length') {
        emit({ kind: 'system', id: `${runId}:truncated:${turnNo}`, ts: now(), text: 'The answer hit the output token limit and was cut off.' });
      }
      // A message the user sent while the last turn streamed still deserves an answer.
      const pending = cfg.takeLiveInput();
      if (!pending.length) return end('succeeded');
      for (const text of pending) {
        emit({ kind: 'user', id: `${runId}:user:${turnNo}:${Math.random().toString(36).slice(2, 8)}`, ts: now(), text });
        conversation.push({ role: 'user', text });
      }
      continue;
    }

    const results: ToolResultItem[] = [];
    let answered = false;
    for (const call of turn.toolCalls) {
      if (cfg.signal.aborted) {
        results.push({ toolCallId: call.id, output: 'Not run: the user stopped the session.', isError: true });
        continue;
      }
      const answerTool = answerTools.get(call.name);
      if (answerTool) {
        const result = deliverAnswer(cfg, call, answerTool);
        // A call whose arguments did not parse delivered nothing: the model is told and calls again.
        if (answerTool.endsRun && !result.isError) answered = true;
        results.push(result);
        continue;
      }
      results.push(await executeCall(cfg, call, alwaysAllowed));
    }
    conversation.push({ role: 'tool_results', results });
    if (cfg.signal.aborted) return end('stopped');
    // The answer arrived (the other calls of the same turn ran too): nothing is left to ask the model.
    if (answered) return end('succeeded');
  }
}

/** An answer tool's call: logged with its input, answered with the tool's reply; nothing runs, so no permission is asked. */
function deliverAnswer(cfg: ToolLoopConfig, call: ToolCall, tool: AnswerTool): ToolResultItem {
  const { emit, runId } = cfg;
  const isError = !!call.inputError;
  const output = isError ? `${call.inputError} Call ${call.name} again with valid JSON arguments.` : tool.reply;
  emit({ kind: 'tool_use', id: `${runId}:tool:${call.id}`, ts: now(), toolUseId: call.id, name: call.name, input: call.input, status: 'running' });
  emit({ kind: 'tool_result', id: `${runId}:tool-result:${call.id}`, ts: now(), toolUseId: call.id, output, isError });
  emit({ kind: 'tool_use', id: `${runId}:tool:${call.id}`, ts: now(), toolUseId: call.id, name: call.name, input: call.input, status: isError ? 'failed' : 'completed' });
  return { toolCallId: call.id, output, isError };
}

async function executeCall(cfg: ToolLoopConfig, call: ToolCall, alwaysAllowed: Set<string>): Promise<ToolResultItem> {
  const { emit, runId } = cfg;
  const useId = `${runId}:tool:${call.id}`;
  const toolUse = (status: 'running' | 'completed' | 'failed', input: unknown) =>
    emit({ kind: 'tool_use', id: useId, ts: now(), toolUseId: call.id, name: call.name, input, status });
  const finish = (raw: string, isError: boolean, exitCode?: number, input: unknown = call.input): ToolResultItem => {
    const output = cfg.scrub(raw);
    emit({ kind: 'tool_result', id: `${runId}:tool-result:${call.id}`, ts: now(), toolUseId: call.id, output, isError, ...(exitCode !== undefined && { exitCode }) });
    toolUse(isError ? 'failed' : 'completed', input);
    return { toolCallId: call.id, output, isError };
  };

  toolUse('running', call.input);
  if (call.inputError) return finish(`${call.inputError} Call ${call.name} again with valid JSON arguments.`, true);

  const permission = toolPermission(cfg.permissionMode, call.name);
  if (permission.action === 'refuse') return finish(permission.reason, true);
  let input = call.input;
  if (permission.action === 'ask' && !alwaysAllowed.has(call.name)) {
    const decision = await askApproval(cfg, call);
    if (decision === 'stopped') return finish('Not run: the user stopped the session.', true);
    if (decision.behavior === 'deny') {
      const why = decision.message?.trim();
      return finish(`The user denied this ${call.name}${why ? `: ${why}` : '.'} Do not retry the same action; adapt your approach or ask the user.`, true);
    }
    if (decision.always) alwaysAllowed.add(call.name);
    if (decision.updatedInput !== undefined) input = decision.updatedInput;
  }

  try {
    const r = await runTool(call.name, input, cfg.tools);
    return finish(r.output, r.isError, r.exitCode, input);
  } catch (err) {
    return finish(`${call.name} failed unexpectedly: ${(err as Error).message}`, true, undefined, input);
  }
}

/** Asks the user (logging the question and the decision it passes on), unless the run stops first. */
async function askApproval(cfg: ToolLoopConfig, call: ToolCall): Promise<ApprovalDecision | 'stopped'> {
  const { emit, runId } = cfg;
  const req = { requestId: call.id, toolName: call.name, input: call.input };
  emit({ kind: 'approval_request', id: `${runId}:approval:${call.id}`, ts: now(), ...req });
  let onAbort: () => void = () => undefined;
  const stopped = new Promise<'stopped'>((resolve) => {
    onAbort = () => resolve('stopped');
    if (cfg.signal.aborted) resolve('stopped');
    cfg.signal.addEventListener('abort', onAbort, { once: true });
  });
  let decision: ApprovalDecision | 'stopped';
  try {
    decision = await Promise.race([cfg.sink.requestApproval(req), stopped]);
  } catch (err) {
    decision = { behavior: 'deny', message: `The approval could not be asked: ${(err as Error).message}` };
  } finally {
    cfg.signal.removeEventListener('abort', onAbort);
  }
  if (decision === 'stopped') return decision;
  emit({
    kind: 'approval_response',
    id: `${runId}:approval-response:${call.id}`,
    ts: now(),
    requestId: call.id,
    decision: decision.behavior === 'deny' ? 'deny' : decision.always ? 'allow_always' : 'allow',
    ...(decision.behavior === 'deny' && decision.message ? { message: decision.message } : {}),
  });
  return decision;
}
