// The scripted OpenAI server checked with the official `openai` SDK, so it can also back the
// OpenAI SDK executor: streamed tool-call fragments by index, the final usage chunk, whole
// answers, the Responses API stream, error statuses and the request log.
import { strict as assert } from 'node:assert';
import OpenAI from 'openai';
import { startScriptedOpenAIServer, type ScriptedOpenAIServer } from '../../../support/scriptedOpenAIServer';

describe('scripted OpenAI server (with the openai SDK)', () => {
  let server: ScriptedOpenAIServer;
  let client: OpenAI;
  beforeEach(async () => {
    server = await startScriptedOpenAIServer();
    client = new OpenAI({ baseURL: server.baseUrl, apiKey: 'sk-test', maxRetries: 0 });
  });
  afterEach(() => server.close());

  it('streams chat text, tool-call fragments and a usage chunk', async () => {
    server.enqueue({ text: 'Let me look.', toolCalls: [{ name: 'read_file', arguments: { path: 'a.txt' }, id: 'call_a' }, { name: 'list', arguments: {} }], usage: { inputTokens: 7, outputTokens: 3 } });
    const stream = await client.chat.completions.create({
      model: 'm1',
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: 'hi' }],
    });
    let text = '';
    const calls: Array<{ id?: string; name: string; args: string }> = [];
    let usage: OpenAI.CompletionUsage | undefined;
    let finish: string | null | undefined;
    for await (const chunk of stream) {
      if (chunk.usage) usage = chunk.usage;
      const choice = chunk.choices[0];
      if (!choice) continue;
      text += choice.delta.content ?? '';
      finish = choice.finish_reason ?? finish;
      for (const tc of choice.delta.tool_calls ?? []) {
        const slot = (calls[tc.index] ??= { name: '', args: '' });
        if (tc.id) slot.id = tc.id;
        slot.name += tc.function?.name ?? '';
        slot.args += tc.function?.arguments ?? '';
      }
    }
    assert.equal(text, 'Let me look.');
    assert.equal(finish, 'tool_calls');
    assert.deepEqual(calls.map((c) => [c.name, JSON.parse(c.args)]), [['read_file', { path: 'a.txt' }], ['list', {}]]);
    assert.equal(calls[0]!.id, 'call_a');
    assert.deepEqual(usage, { prompt_tokens: 7, completion_tokens: 3, total_tokens: 10 });
    assert.deepEqual((server.requests[0]!.body as { messages: unknown }).messages, [{ role: 'user', content: 'hi' }]);
  });

  it('answers a non-streamed chat request whole', async () => {
    server.enqueue({ text: 'Whole answer.' });
    const res = await client.chat.completions.create({ model: 'm1', messages: [{ role: 'user', content: 'hi' }] });
    assert.equal(res.choices[0]!.message.content, 'Whole answer.');
    assert.equal(res.choices[0]!.finish_reason, 'stop');
  });

  it('streams a Responses API turn with a function call', async () => {
    server.enqueue({ text: 'Running it.', toolCalls: [{ name: 'exec_command', arguments: { cmd: 'ls' } }] });
    const stream = await client.responses.create({ model: 'm1', input: 'hi', stream: true });
    const types: string[] = [];
    let completed: OpenAI.Responses.Response | undefined;
    for await (const ev of stream) {
      types.push(ev.type);
      if (ev.type === 'response.completed') completed = ev.response;
    }
    assert.equal(types[0], 'response.created');
    assert.ok(types.includes('response.output_text.delta'));
    assert.ok(types.includes('response.function_call_arguments.delta'));
    assert.equal(types.at(-1), 'response.completed');
    const call = completed!.output.find((o) => o.type === 'function_call') as OpenAI.Responses.ResponseFunctionToolCall;
    assert.deepEqual([call.name, JSON.parse(call.arguments)], ['exec_command', { cmd: 'ls' }]);
    assert.equal(completed!.usage?.total_tokens, 120);
  });

  it('answers scripted error statuses and keeps serving after the script runs out', async () => {
    server.enqueue({ status: 401, errorBody: { error: { message: 'bad key', type: 'invalid_request_error' } } }, { status: 429 });
    await assert.rejects(client.chat.completions.create({ model: 'm1', messages: [{ role: 'user', content: 'x' }] }), OpenAI.AuthenticationError);
    await assert.rejects(client.chat.completions.create({ model: 'm1', messages: [{ role: 'user', content: 'x' }] }), OpenAI.RateLimitError);
    const res = await client.chat.completions.create({ model: 'm1', messages: [{ role: 'user', content: 'x' }] });
    assert.match(res.choices[0]!.message.content ?? '', /no more turns/);
    assert.equal(server.remaining(), 0);
    assert.deepEqual(server.requests.map((r) => r.turnIndex), [0, 1, undefined]);
  });

  it('waits the scripted delay and lists models', async () => {
    server.enqueue({ text: 'slow', delayMs: 150 });
    const t0 = Date.now();
    await client.chat.completions.create({ model: 'm1', messages: [{ role: 'user', content: 'x' }] });
    assert.ok(Date.now() - t0 >= 140);
    const models = await client.models.list();
    assert.deepEqual(models.data.map((m) => m.id), ['m1']);
  });
});
