// Prompt caching with the Anthropic executor (real SDK, scripted server): every request of the
// tool loop marks the tools + system prompt and the conversation so far as cacheable, and the
// cache reads and writes the API reports are counted and priced at their own rates.
import { strict as assert } from 'node:assert';
import { rmSync } from 'node:fs';
import { anthropicHarness, of, run, tempRepo, type ScriptedModel } from './apiHarness';

describe('Anthropic executor: prompt caching', () => {
  let model: ScriptedModel | undefined;
  let cwd: string | undefined;
  afterEach(async () => {
    await model?.close();
    if (cwd) rmSync(cwd, { recursive: true, force: true });
  });

  it('marks the system prompt and the latest turn on every request, and prices cache reads and writes', async () => {
    cwd = tempRepo({ 'a.txt': 'hello\n' });
    model = await anthropicHarness.start([
      { toolCalls: [{ name: 'read_file', input: { path: 'a.txt' } }], usage: { input: 2000, output: 50, cacheWrite: 1500 } },
      { text: 'It says hello.', usage: { input: 100, output: 20, cacheRead: 1500 } },
    ]);
    const { outcome, rec } = await run(anthropicHarness.create(model, { model: 'claude-sonnet-4-6' }), { cwd, prompt: 'What does a.txt say?', permissionMode: 'auto-edit' });
    assert.equal(outcome.status, 'succeeded', outcome.error);

    const bodies = model.bodies();
    assert.equal(bodies.length, 2);
    for (const body of bodies) {
      assert.deepEqual(body.system.map((b: { cache_control?: unknown }) => b.cache_control), [{ type: 'ephemeral' }]);
      assert.match(body.system[0].text, /\S/);
      // One breakpoint in the conversation: on its very last block.
      const blocks = body.messages.flatMap((m: { content: Array<{ cache_control?: unknown }> }) => m.content);
      assert.deepEqual(blocks.map((b: { cache_control?: unknown }) => Boolean(b.cache_control)), blocks.map((_: unknown, i: number) => i === blocks.length - 1));
    }
    assert.equal(bodies[0].messages.at(-1).content.at(-1).text, 'What does a.txt say?');
    assert.equal(bodies[1].messages.at(-1).content.at(-1).type, 'tool_result');

    const result = of(rec.entries, 'result')[0];
    assert.deepEqual([result.usage?.cacheWriteTokens, result.usage?.cacheReadTokens], [1500, 1500]);
    // claude-sonnet-4-6: 3 $/M in, 15 out, 3.75 cache write, 0.3 cache read.
    const expected = (2100 * 3 + 70 * 15 + 1500 * 3.75 + 1500 * 0.3) / 1e6;
    assert.ok(Math.abs(result.costUsd! - expected) < 1e-9, `cost ${result.costUsd} vs ${expected}`);
  });
});
