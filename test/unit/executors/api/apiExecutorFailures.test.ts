// How both API executors fail, through the real SDKs: rate limits and server errors retried
// visibly (honouring retry-after), a rejected key, an unreachable server, a stop mid-stream, the
// run timeout, history over the context budget, and the key never appearing in what is logged.
import { strict as assert } from 'node:assert';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { rmSync } from 'node:fs';
import { merged, of, PROVIDERS, record, run, TEST_KEY, tempRepo, type ScriptedModel } from './apiHarness';

async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as AddressInfo).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

for (const p of PROVIDERS) {
  describe(`${p.label} executor failures (real SDK, scripted server)`, () => {
    let model: ScriptedModel | undefined;
    let cwd: string;
    beforeEach(() => (cwd = tempRepo({ 'a.txt': 'a\n' })));
    afterEach(async () => {
      await model?.close();
      model = undefined;
      rmSync(cwd, { recursive: true, force: true });
    });

    it('retries a 429 after the retry-after delay, visibly, then succeeds', async () => {
      model = await p.start([{ status: 429, errorMessage: 'slow down', headers: { 'retry-after': '1' } }, { text: 'Made it.' }]);
      const t0 = Date.now();
      const { outcome, rec } = await run(p.create(model), { cwd });
      const elapsed = Date.now() - t0;
      assert.equal(outcome.status, 'succeeded', outcome.error);
      assert.ok(elapsed >= 950, `waited only ${elapsed} ms: the retry-after of 1 s was not honoured`);
      const sys = of(rec.entries, 'system');
      assert.equal(sys.length, 1);
      assert.match(sys[0].text, /^Rate limited; retrying in 1 s/);
      assert.equal(model.bodies().length, 2);
      assert.deepEqual(of(merged(rec.entries), 'assistant').map((a) => a.text), ['Made it.']);
    });

    it('retries 5xx with backoff and gives up with a clear message after maxRetries', async () => {
      model = await p.start([{ status: 500 }, { status: 503 }, { status: 500 }]);
      const { outcome, rec } = await run(p.create(model, { maxRetries: 2, retryBaseDelayMs: 20 }), { cwd });
      assert.equal(outcome.status, 'failed');
      assert.match(outcome.error!, new RegExp(`The ${p.label} API answered 500.*Gave up after 3 attempts`));
      assert.equal(model.bodies().length, 3);
      assert.equal(of(rec.entries, 'system').filter((s) => /retrying in/.test(s.text)).length, 2);
      assert.equal(of(rec.entries, 'error')[0].text, outcome.error);
      assert.equal(of(rec.entries, 'result')[0].isError, true);
    });

    it('a rejected key (401) fails at once with the actionable message, without retrying or echoing the key', async () => {
      model = await p.start([{ status: 401, errorMessage: `invalid x-api-key ${TEST_KEY}` }, { text: 'never' }]);
      const { outcome, rec } = await run(p.create(model), { cwd });
      assert.equal(outcome.status, 'failed');
      assert.equal(outcome.error, `The API key for ${p.label} was rejected (401). Set a new one with “Viban: Set API Key”.`);
      assert.equal(model.bodies().length, 1, 'no retry storm');
      assert.equal(of(rec.entries, 'error')[0].text, outcome.error);
      assert.ok(!JSON.stringify(rec.entries).includes(TEST_KEY));
      assert.ok(!JSON.stringify(outcome).includes(TEST_KEY));
    });

    it('says clearly when the API cannot be reached (connection refused)', async () => {
      const port = await closedPort();
      const baseURL = p.id === 'anthropic' ? `http://127.0.0.1:${port}` : `http://127.0.0.1:${port}/v1`;
      const exec = p.create({ baseURL } as ScriptedModel);
      const { outcome, rec } = await run(exec, { cwd });
      assert.equal(outcome.status, 'failed');
      assert.equal(outcome.error, `Could not reach the ${p.label} API at ${baseURL} (connection refused).`);
      assert.equal(of(rec.entries, 'system').length, 0, 'not retried');
    });

    it('stops at once when aborted mid-stream, keeping the partial text', async () => {
      model = await p.start([{ text: 'The first part arrives, then the rest takes a long long while to come.', slowMs: 250 }]);
      const rec = record();
      const abort = new AbortController();
      const running = run(p.create(model), { cwd }, rec, abort.signal);
      await rec.waitFor((e) => e.kind === 'assistant' && e.text.length > 0);
      abort.abort();
      const { outcome } = await running;
      assert.equal(outcome.status, 'stopped');
      const text = of(merged(rec.entries), 'assistant')[0]?.text ?? '';
      assert.ok(text.length > 0, 'partial text kept');
      assert.ok('The first part arrives, then the rest takes a long long while to come.'.startsWith(text));
      assert.ok(text.length < 70, 'not the whole answer');
      assert.equal(of(rec.entries, 'error').length, 0);
    });

    it('fails with "timed out" when the whole run exceeds its time limit', async () => {
      model = await p.start([{ text: 'This answer streams far too slowly for the limit.', slowMs: 400 }]);
      const { outcome, rec } = await run(p.create(model, { timeoutMs: 500 }), { cwd });
      assert.equal(outcome.status, 'failed');
      assert.equal(outcome.error, `${p.label} API timed out after 0.5 s.`);
      // Cut off, not waited out: the slow answer never arrived whole.
      const text = of(merged(rec.entries), 'assistant')[0]?.text ?? '';
      assert.notEqual(text, 'This answer streams far too slowly for the limit.');
    });

    it('drops the oldest history turns that exceed the context budget, says so, and sends the rest', async () => {
      model = await p.start([{ text: 'Continuing.' }]);
      const big = (n: number) => `${n} `.repeat(8000); // 16000 chars = ~4000 tokens
      const history = [
        { role: 'user' as const, content: `oldest question ${big(1)}` },
        { role: 'assistant' as const, content: `oldest answer ${big(2)}` },
        { role: 'user' as const, content: `middle question ${big(3)}` },
        { role: 'assistant' as const, content: `middle answer ${big(4)}` },
        { role: 'user' as const, content: 'latest question' },
        { role: 'assistant' as const, content: 'latest answer' },
      ];
      // Room for the reserved part (system prompt, tools, prompt, maxTokens: ~1000) and two big turns, not three.
      const exec = p.create(model, { contextBudgetTokens: 11_000, maxTokens: 100 });
      const { outcome, rec } = await run(exec, { cwd, prompt: 'And now?', history });
      assert.equal(outcome.status, 'succeeded', outcome.error);
      const sys = of(rec.entries, 'system');
      assert.equal(sys.length, 1);
      assert.equal(sys[0].text, '2 earlier turns were left out to fit the context budget of 11000 tokens.');
      const sent = model.turns(model.bodies()[0]);
      assert.deepEqual(sent.map(([role, t]) => [role, t.slice(0, 15)]), [
        ['user', 'middle question'],
        ['assistant', 'middle answer 4'],
        ['user', 'latest question'],
        ['assistant', 'latest answer'],
        ['user', 'And now?'],
      ]);
      assert.ok(!JSON.stringify(model.bodies()[0]).includes('oldest'));
    });

    it('never lets the key into an entry, even when a command prints it', async () => {
      model = await p.start([
        { toolCalls: [{ name: 'run_command', input: { command: 'echo "token=$PLANTED"; echo "api=$MY_API_KEY"' } }] },
        { text: 'Printed.' },
      ]);
      const { outcome, rec } = await run(p.create(model), { cwd, permissionMode: 'full-auto', env: { PLANTED: `x${TEST_KEY}x`, MY_API_KEY: TEST_KEY } });
      assert.equal(outcome.status, 'succeeded', outcome.error);
      const out = of(rec.entries, 'tool_result')[0].output;
      assert.match(out, /token=x\[REDACTED\]x/);
      assert.match(out, /^api=$/m, 'a variable holding the key is not passed to commands');
      assert.ok(!JSON.stringify(rec.entries).includes(TEST_KEY));
      assert.ok(!JSON.stringify(model.bodies()).includes(TEST_KEY), 'nor sent back to the model');
      // ...while the key really was used to authenticate.
      assert.ok(model.headers().some((h) => JSON.stringify(h).includes(TEST_KEY)));
    });

    it('detect(): logged in with a key; without one, an actionable reason', async () => {
      const withKey = await p.create({ baseURL: 'http://127.0.0.1:9' } as ScriptedModel).detect();
      assert.deepEqual([withKey.installed, withKey.loggedIn, withKey.reason], [true, true, undefined]);
      assert.match(withKey.version ?? '', /^\d+\.\d+/);
      const without = await p.create({ baseURL: 'http://127.0.0.1:9' } as ScriptedModel, { apiKey: async () => undefined }).detect();
      const envVar = p.id === 'anthropic' ? 'ANTHROPIC_API_KEY' : 'OPENAI_API_KEY';
      assert.deepEqual([without.installed, without.loggedIn], [true, false]);
      assert.equal(without.reason, `No ${p.label} API key — run “Viban: Set API Key” or set ${envVar}`);
      const { outcome } = await run(p.create({ baseURL: 'http://127.0.0.1:9' } as ScriptedModel, { apiKey: async () => '' }), { cwd });
      assert.equal(outcome.status, 'failed');
      assert.match(outcome.error!, /No .* API key/);
    });
  });
}
