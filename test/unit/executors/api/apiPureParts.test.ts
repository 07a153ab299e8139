// The pure parts of the API executors: prices, the context budget, history from a session log,
// retry-after parsing, error classification, the key scrubber and permission modes.
import { strict as assert } from 'node:assert';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { classifyApiError, formatDuration, retryAfterMs, scrubDeep } from '../../../../src/executors/api/apiErrors';
import { ANTHROPIC_PROVIDER } from '../../../../src/executors/api/anthropicExecutor';
import { ELIDED_OUTPUT, elideOldToolOutputs, fitHistory } from '../../../../src/executors/api/contextBudget';
import type { ConversationItem } from '../../../../src/executors/api/modelClient';
import { historyFromEntries } from '../../../../src/executors/api/conversationHistory';
import { OPENAI_PROVIDER } from '../../../../src/executors/api/openaiExecutor';
import { toolPermission } from '../../../../src/executors/api/permissions';
import { costFor, DEFAULT_PRICES, mergePrices, priceFor } from '../../../../src/executors/api/pricing';
import type { LogEntry } from '../../../../src/protocol/logEntries';

const ts = '2025-01-01T00:00:00.000Z';

describe('API executor parts', () => {
  it('costFor: list prices, dated snapshots, cache tokens, overrides, unknown models', () => {
    assert.equal(costFor('claude-sonnet-4-5-20250929', { inputTokens: 1_000_000, outputTokens: 1_000_000 }), 18);
    assert.equal(costFor('claude-opus-4-5', { inputTokens: 0, cacheReadTokens: 1_000_000, cacheWriteTokens: 1_000_000 }), 6.75);
    assert.equal(costFor('gpt-5', { inputTokens: 2_000_000, outputTokens: 100_000, cacheReadTokens: 1_000_000 }), 2.5 + 1 + 0.125);
    assert.equal(costFor('claude-opus-4-8', { inputTokens: 1000 }), undefined, 'no guessed price for an unknown model');
    assert.equal(costFor('my-local-model', { inputTokens: 1000, outputTokens: 1000 }, mergePrices({ 'my-local-model': { input: 1, output: 2 } })), 0.003);
    assert.equal(priceFor('gpt-4o-2024-11-20'), DEFAULT_PRICES['gpt-4o']);
    assert.equal(costFor('gpt-5', {}), 0);
  });

  it('fitHistory drops the oldest turns first, keeps a user turn first, merges same-role runs', () => {
    const t = (role: 'user' | 'assistant', n: number) => ({ role, content: 'x'.repeat(n * 4) });
    const h = [t('user', 100), t('assistant', 100), t('user', 100), t('assistant', 100)];
    assert.deepEqual(fitHistory(h, 1000, 0), { turns: h, dropped: 0 });
    assert.equal(fitHistory(h, 250, 0).dropped, 2);
    // 150 fits only the last assistant turn, which cannot start a conversation: nothing is kept.
    assert.deepEqual(fitHistory(h, 150, 0), { turns: [], dropped: 4 });
    const merged = fitHistory([t('user', 10), t('user', 10), t('assistant', 10)], 1000, 0);
    assert.equal(merged.turns.length, 2);
    assert.equal(merged.dropped, 0);
    assert.equal(fitHistory([t('user', 10), t('user', 10), t('assistant', 10)], 15, 0).dropped, 3);
  });

  it('historyFromEntries rebuilds user/assistant turns, merging deltas and replacements', () => {
    const entries: LogEntry[] = [
      { kind: 'user', id: 'u1', ts, text: 'Fix the bug' },
      { kind: 'assistant', id: 'a1', ts, text: 'Look', delta: true },
      { kind: 'assistant', id: 'a1', ts, text: 'ing.', delta: true },
      { kind: 'tool_use', id: 't1', ts, toolUseId: 'c1', name: 'read_file', input: {} },
      { kind: 'tool_result', id: 'r1', ts, toolUseId: 'c1', output: 'file text' },
      { kind: 'assistant', id: 'a2', ts, text: 'Fixed it.', delta: true },
      { kind: 'assistant', id: 'a2', ts, text: 'Fixed it!', delta: false },
      { kind: 'result', id: 'res', ts, isError: false },
      { kind: 'user', id: 'u2', ts, text: 'Thanks' },
    ];
    assert.deepEqual(historyFromEntries(entries), [
      { role: 'user', content: 'Fix the bug' },
      { role: 'assistant', content: 'Looking.\n\nFixed it!' },
      { role: 'user', content: 'Thanks' },
    ]);
  });

  it('retry-after in seconds, milliseconds or as a date', () => {
    assert.equal(retryAfterMs(new Headers({ 'retry-after': '2' })), 2000);
    assert.equal(retryAfterMs(new Headers({ 'retry-after-ms': '150', 'retry-after': '2' })), 150);
    assert.equal(retryAfterMs(new Headers({ 'retry-after': new Date(10_000).toUTCString() }), 4000), 6000);
    assert.equal(retryAfterMs(new Headers({})), undefined);
    assert.deepEqual([formatDuration(2000), formatDuration(1500), formatDuration(600_000), formatDuration(60_000)], ['2 s', '1.5 s', '10 minutes', '1 minute']);
  });

  it('classifies each SDK\'s own error classes', () => {
    for (const [provider, sdk] of [[ANTHROPIC_PROVIDER, Anthropic], [OPENAI_PROVIDER, OpenAI]] as const) {
      const ctx = { label: provider.label, baseURL: 'http://x', sdk: provider.sdkErrors };
      const status = (s: number, headers: Record<string, string> = {}) => sdk.APIError.generate(s, { error: { message: 'boom' } }, undefined, new Headers(headers));
      assert.equal(classifyApiError(status(401), ctx).kind, 'auth');
      assert.equal(classifyApiError(status(403), ctx).kind, 'auth');
      assert.deepEqual(classifyApiError(status(429, { 'retry-after': '3' }), ctx), { kind: 'retryable', status: 429, message: `The ${provider.label} API answered 429: boom`, retryAfterMs: 3000, rateLimited: true });
      assert.equal(classifyApiError(status(529), ctx).kind, 'retryable');
      assert.equal(classifyApiError(status(400), ctx).kind, 'fatal');
      assert.equal(classifyApiError(new sdk.APIUserAbortError(), ctx).kind, 'aborted');
      const refused = new sdk.APIConnectionError({ cause: Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } }) });
      assert.deepEqual(classifyApiError(refused, ctx), { kind: 'fatal', message: `Could not reach the ${provider.label} API at http://x (connection refused).` });
      assert.equal(classifyApiError(new sdk.APIConnectionError({ cause: Object.assign(new Error('reset'), { code: 'ECONNRESET' }) }), ctx).kind, 'retryable');
    }
  });

  it('scrubDeep removes the key from every string of an entry', () => {
    const e = scrubDeep({ kind: 'tool_use', input: { command: ['echo', 'k-SECRET-1234'], n: 3 }, text: 'a k-SECRET-1234 b' }, 'k-SECRET-1234');
    assert.deepEqual(e, { kind: 'tool_use', input: { command: ['echo', '[REDACTED]'], n: 3 }, text: 'a [REDACTED] b' });
  });

  it('permission modes: reads always allowed; writes and commands per mode', () => {
    const table = (['ask', 'auto-edit', 'plan', 'full-auto'] as const).map((m) => ['read_file', 'search', 'write_file', 'apply_patch', 'run_command'].map((t) => toolPermission(m, t).action));
    assert.deepEqual(table, [
      ['allow', 'allow', 'ask', 'ask', 'ask'],
      ['allow', 'allow', 'allow', 'allow', 'ask'],
      ['allow', 'allow', 'refuse', 'refuse', 'refuse'],
      ['allow', 'allow', 'allow', 'allow', 'allow'],
    ]);
  });

  it('elides the oldest tool outputs (never the newest batch) when a run outgrows the budget', () => {
    const out = (id: string, tokens: number): ConversationItem => ({ role: 'tool_results', results: [{ toolCallId: id, output: 'y'.repeat(tokens * 4), isError: false }] });
    const call = (id: string): ConversationItem => ({ role: 'assistant', text: '', toolCalls: [{ id, name: 'read_file', input: {}, rawInput: '{}' }] });
    const conv: ConversationItem[] = [{ role: 'user', text: 'go' }, call('1'), out('1', 1000), call('2'), out('2', 1000), call('3'), out('3', 1000)];
    assert.equal(elideOldToolOutputs(conv, 10_000, 0), 0);
    assert.equal(elideOldToolOutputs(conv, 2500, 0), 1);
    const outputs = conv.filter((c) => c.role === 'tool_results').map((c) => (c as Extract<ConversationItem, { role: 'tool_results' }>).results[0].output);
    assert.deepEqual(outputs.map((o) => o === ELIDED_OUTPUT), [true, false, false]);
    assert.equal(elideOldToolOutputs(conv, 100, 0), 1, 'the latest batch stays even over budget');
  });
});
