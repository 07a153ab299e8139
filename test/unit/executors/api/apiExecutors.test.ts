// Both API executors end to end, through the real Anthropic and OpenAI SDKs against the scripted
// servers on 127.0.0.1: streaming, the tool loop on a real git repository, approvals, plan mode,
// the workspace fence, and the key never leaving the run.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { merged, of, PROVIDERS, record, run, TEST_KEY, tempRepo, type ScriptedModel } from './apiHarness';

for (const p of PROVIDERS) {
  describe(`${p.label} executor (real SDK, scripted server)`, () => {
    let model: ScriptedModel | undefined;
    const dirs: string[] = [];
    const repo = (files: Record<string, string> = {}) => {
      const d = tempRepo(files);
      dirs.push(d);
      return d;
    };
    afterEach(async () => {
      await model?.close();
      model = undefined;
      for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
    });

    it('streams text as deltas that merge into the full answer, with usage and cost in the result', async () => {
      const answer = 'Hello from the scripted model. This text arrives in several pieces.';
      model = await p.start([{ text: answer, usage: { input: 1000, output: 200 } }]);
      const cwd = repo();
      const { outcome, rec } = await run(p.create(model, { model: p.id === 'anthropic' ? 'claude-sonnet-4-6' : 'gpt-5' }), { cwd, prompt: 'Say hello.' });

      assert.equal(outcome.status, 'succeeded', outcome.error);
      const deltas = of(rec.entries, 'assistant').filter((e) => e.delta);
      assert.ok(deltas.length >= 3, `expected several deltas, got ${deltas.length}`);
      assert.equal(new Set(deltas.map((d) => d.id)).size, 1, 'deltas share one id');
      assert.equal(deltas.map((d) => d.text).join(''), answer);
      const view = merged(rec.entries);
      assert.deepEqual(of(view, 'assistant').map((e) => e.text), [answer]);
      assert.deepEqual(of(view, 'user').map((e) => e.text), ['Say hello.']);
      const result = of(rec.entries, 'result')[0];
      assert.equal(result.isError, false);
      assert.equal(result.numTurns, 1);
      assert.equal(result.usage?.inputTokens, 1000);
      assert.equal(result.usage?.outputTokens, 200);
      // claude-sonnet-4-6: 3 $/M in, 15 $/M out; gpt-5: 1.25 / 10.
      const expected = p.id === 'anthropic' ? (1000 * 3 + 200 * 15) / 1e6 : (1000 * 1.25 + 200 * 10) / 1e6;
      assert.ok(Math.abs(result.costUsd! - expected) < 1e-9, `cost ${result.costUsd} vs ${expected}`);
      assert.equal(outcome.costUsd, result.costUsd);
      assert.ok(typeof result.durationMs === 'number');
      assert.equal(rec.sessionIds.length, 1);
      const body = model.bodies()[0];
      assert.equal(body.stream, true);
      assert.deepEqual(model.turns(body).slice(-1), [['user', 'Say hello.']]);
    });

    it('runs a multi-step tool loop in a git repo: read, write_file, apply_patch, run_command', async () => {
      const cwd = repo({ 'src/greet.js': 'function greet() {\n  return "hi";\n}\nmodule.exports = greet;\n' });
      const patch = [
        '--- a/src/greet.js',
        '+++ b/src/greet.js',
        '@@ -1,3 +1,3 @@',
        ' function greet() {',
        '-  return "hi";',
        '+  return "hello";',
        ' }',
        '',
      ].join('\n');
      model = await p.start([
        { text: 'Reading first.', toolCalls: [{ name: 'read_file', input: { path: 'src/greet.js' } }, { name: 'list_files', input: { pattern: '*.js' } }] },
        { toolCalls: [{ name: 'write_file', input: { path: 'NOTES.md', content: '# Notes\nchanged greet\n' } }] },
        { toolCalls: [{ name: 'apply_patch', input: { patch } }] },
        { toolCalls: [{ name: 'run_command', input: { command: 'node -e "console.log(require(\'./src/greet.js\')())" && git status --porcelain' } }] },
        { text: 'Done: greet now says hello.' },
      ]);
      const { outcome, rec } = await run(p.create(model), { cwd, permissionMode: 'full-auto' });

      assert.equal(outcome.status, 'succeeded', outcome.error);
      assert.equal(outcome.numTurns, 5);
      assert.equal(readFileSync(path.join(cwd, 'src/greet.js'), 'utf8'), 'function greet() {\n  return "hello";\n}\nmodule.exports = greet;\n');
      assert.equal(readFileSync(path.join(cwd, 'NOTES.md'), 'utf8'), '# Notes\nchanged greet\n');

      const view = merged(rec.entries);
      const uses = of(view, 'tool_use');
      assert.deepEqual(uses.map((u) => [u.name, u.status]), [
        ['read_file', 'completed'], ['list_files', 'completed'], ['write_file', 'completed'], ['apply_patch', 'completed'], ['run_command', 'completed'],
      ]);
      // Each tool_use went running -> completed under one id.
      const firstUse = of(rec.entries, 'tool_use').filter((u) => u.id === uses[0].id);
      assert.deepEqual(firstUse.map((u) => u.status), ['running', 'completed']);
      const results = of(view, 'tool_result');
      assert.match(results[0].output, /return "hi"/);
      assert.match(results[1].output, /src\/greet\.js/);
      const cmd = results.find((r) => r.toolUseId === uses[4].toolUseId)!;
      assert.equal(cmd.exitCode, 0);
      assert.equal(cmd.isError, false);
      assert.match(cmd.output, /^hello$/m);
      assert.match(cmd.output, /\?\? NOTES\.md/);
      assert.match(cmd.output, / M src\/greet\.js/);
      assert.equal(of(rec.entries, 'approval_request').length, 0, 'full-auto never asks');

      // The model saw each tool's output on the next request.
      const bodies = model.bodies();
      assert.equal(bodies.length, 5);
      const sent = model.toolResults(bodies[1]);
      assert.equal(sent.length, 2);
      assert.match(sent[0].content, /return "hi"/);
      assert.match(model.toolResults(bodies[4]).at(-1)!.content, /hello/);
      assert.deepEqual(of(view, 'assistant').map((a) => a.text), ['Reading first.', 'Done: greet now says hello.']);
    });

    it('asks before writing in ask mode; a denial leaves the file unchanged and reaches the model with the reason', async () => {
      const cwd = repo({ 'a.txt': 'original\n' });
      model = await p.start([
        { toolCalls: [{ name: 'write_file', input: { path: 'a.txt', content: 'overwritten\n' } }] },
        { text: 'Understood, I will not touch it.' },
      ]);
      const rec = record(() => ({ behavior: 'deny', message: 'leave a.txt alone' }));
      const { outcome } = await run(p.create(model), { cwd, permissionMode: 'ask' }, rec);

      assert.equal(outcome.status, 'succeeded', outcome.error);
      assert.equal(readFileSync(path.join(cwd, 'a.txt'), 'utf8'), 'original\n');
      assert.deepEqual(rec.approvals.map((a) => a.toolName), ['write_file']);
      const req = of(rec.entries, 'approval_request');
      const res = of(rec.entries, 'approval_response');
      assert.equal(req.length, 1);
      assert.deepEqual([res[0].requestId, res[0].decision, res[0].message], [req[0].requestId, 'deny', 'leave a.txt alone']);
      assert.ok(rec.entries.indexOf(req[0]) < rec.entries.indexOf(res[0]));
      const sent = model.toolResults(model.bodies()[1]);
      assert.equal(sent.length, 1);
      assert.equal(sent[0].isError, true);
      assert.match(sent[0].content, /denied.*leave a\.txt alone/);
      assert.equal(of(merged(rec.entries), 'tool_use')[0].status, 'failed');
    });

    it('plan mode refuses a write without asking; reads still work', async () => {
      const cwd = repo({ 'a.txt': 'keep\n' });
      model = await p.start([
        { toolCalls: [{ name: 'read_file', input: { path: 'a.txt' } }, { name: 'write_file', input: { path: 'a.txt', content: 'x' } }, { name: 'run_command', input: { command: 'touch b.txt' } }] },
        { text: 'Plan: change a.txt.' },
      ]);
      const rec = record();
      const { outcome } = await run(p.create(model), { cwd, permissionMode: 'plan' }, rec);
      assert.equal(outcome.status, 'succeeded', outcome.error);
      assert.equal(readFileSync(path.join(cwd, 'a.txt'), 'utf8'), 'keep\n');
      assert.equal(existsSync(path.join(cwd, 'b.txt')), false);
      assert.equal(rec.approvals.length, 0);
      const sent = model.toolResults(model.bodies()[1]);
      assert.deepEqual(sent.map((s) => s.isError), [false, true, true]);
      assert.match(sent[0].content, /keep/);
      assert.match(sent[1].content, /^(Error: )?plan mode: write_file/);
      assert.match(sent[2].content, /plan mode: run_command/);
      const first = model.bodies()[0];
      assert.match(p.id === 'anthropic' ? first.system[0].text : first.messages[0].content, /PLAN MODE/);
    });

    it('auto-edit writes without asking but asks before a command', async () => {
      const cwd = repo();
      model = await p.start([
        { toolCalls: [{ name: 'write_file', input: { path: 'new.txt', content: 'made\n' } }, { name: 'run_command', input: { command: ['touch', 'ran.txt'] } }] },
        { text: 'ok' },
      ]);
      const rec = record(() => ({ behavior: 'allow' }));
      const { outcome } = await run(p.create(model), { cwd, permissionMode: 'auto-edit' }, rec);
      assert.equal(outcome.status, 'succeeded', outcome.error);
      assert.deepEqual(rec.approvals.map((a) => a.toolName), ['run_command']);
      assert.equal(readFileSync(path.join(cwd, 'new.txt'), 'utf8'), 'made\n');
      assert.ok(existsSync(path.join(cwd, 'ran.txt')));
      assert.equal(of(rec.entries, 'approval_response')[0].decision, 'allow');
    });

    it('refuses paths outside the workspace (../, absolute, symlink out) and tells the model', async () => {
      const cwd = repo({ 'in.txt': 'inside\n' });
      const outsideDir = repo({ 'secret.txt': 'outside secret\n' });
      symlinkSync(outsideDir, path.join(cwd, 'escape'));
      writeFileSync(path.join(path.dirname(cwd), 'outside.txt'), 'do not touch\n');
      const outsideFile = path.join(path.dirname(cwd), 'outside.txt');
      try {
        model = await p.start([
          {
            toolCalls: [
              { name: 'read_file', input: { path: '../outside.txt' } },
              { name: 'write_file', input: { path: outsideFile, content: 'pwned' } },
              { name: 'read_file', input: { path: 'escape/secret.txt' } },
              { name: 'write_file', input: { path: 'escape/new.txt', content: 'pwned' } },
              { name: 'apply_patch', input: { patch: '--- /dev/null\n+++ b/../evil.txt\n@@ -0,0 +1 @@\n+evil\n' } },
              { name: 'read_file', input: { path: path.join(cwd, 'in.txt') } },
            ],
          },
          { text: 'I will stay inside.' },
        ]);
        const { outcome, rec } = await run(p.create(model), { cwd, permissionMode: 'full-auto' });
        assert.equal(outcome.status, 'succeeded', outcome.error);
        assert.equal(readFileSync(outsideFile, 'utf8'), 'do not touch\n');
        assert.equal(existsSync(path.join(outsideDir, 'new.txt')), false);
        assert.equal(existsSync(path.join(path.dirname(cwd), 'evil.txt')), false);
        const sent = model.toolResults(model.bodies()[1]);
        assert.deepEqual(sent.map((s) => s.isError), [true, true, true, true, true, false]);
        assert.match(sent[0].content, /outside the workspace/);
        assert.match(sent[1].content, /outside the workspace/);
        assert.match(sent[2].content, /symbolic link/);
        assert.match(sent[3].content, /symbolic link/);
        assert.match(sent[4].content, /outside the workspace/);
        assert.match(sent[5].content, /inside/);
        assert.ok(!JSON.stringify(rec.entries).includes('outside secret'));
      } finally {
        rmSync(outsideFile, { force: true });
      }
    });

    it('"allow always" answers once for the rest of the run', async () => {
      const cwd = repo();
      model = await p.start([
        { toolCalls: [{ name: 'write_file', input: { path: 'one.txt', content: '1' } }, { name: 'write_file', input: { path: 'two.txt', content: '2' } }] },
        { text: 'Both written.' },
      ]);
      const rec = record(() => ({ behavior: 'allow', always: true }));
      const { outcome } = await run(p.create(model), { cwd, permissionMode: 'ask' }, rec);
      assert.equal(outcome.status, 'succeeded', outcome.error);
      assert.equal(rec.approvals.length, 1);
      assert.equal(of(rec.entries, 'approval_response')[0].decision, 'allow_always');
      assert.deepEqual([readFileSync(path.join(cwd, 'one.txt'), 'utf8'), readFileSync(path.join(cwd, 'two.txt'), 'utf8')], ['1', '2']);
    });

    it('takes a message while it runs and answers it in the same run, logging it when delivered', async () => {
      const cwd = repo();
      model = await p.start([{ text: 'Working on the first request, slowly.', slowMs: 60 }, { text: 'Added the extra too.' }]);
      const rec = record();
      let send: ((text: string) => void) | undefined;
      const exec = p.create(model);
      const running = exec.run({ prompt: 'First request.', cwd }, rec.sink, new AbortController().signal, (live) => (send = live.send));
      await rec.waitFor((e) => e.kind === 'assistant');
      send!('Also add a test.');
      const outcome = await running;
      assert.equal(outcome.status, 'succeeded', outcome.error);
      assert.deepEqual(of(rec.entries, 'user').map((u) => u.text), ['First request.', 'Also add a test.']);
      const bodies = model.bodies();
      assert.equal(bodies.length, 2);
      assert.deepEqual(model.turns(bodies[1]).slice(-2), [['assistant', 'Working on the first request, slowly.'], ['user', 'Also add a test.']]);
      assert.throws(() => send!('too late'), /already finished/);
    });

    it('stops after maxTurns model requests with a clear error', async () => {
      const cwd = repo({ 'a.txt': 'a' });
      const read = { toolCalls: [{ name: 'read_file', input: { path: 'a.txt' } }] };
      model = await p.start([read, read, read]);
      const { outcome } = await run(p.create(model, { maxTurns: 2 }), { cwd });
      assert.equal(outcome.status, 'failed');
      assert.match(outcome.error!, /Stopped after 2 model turns/);
      assert.equal(model.bodies().length, 2);
    });

    it('malformed tool arguments come back to the model as a tool error and the loop goes on', async () => {
      const cwd = repo();
      model = await p.start([{ toolCalls: [{ name: 'write_file', input: '{"path": "x.txt", "content": ' }] }, { text: 'Retrying properly later.' }]);
      const { outcome, rec } = await run(p.create(model), { cwd, permissionMode: 'full-auto' });
      assert.equal(outcome.status, 'succeeded', outcome.error);
      const sent = model.toolResults(model.bodies()[1]);
      assert.equal(sent[0].isError, true);
      assert.match(sent[0].content, /JSON/);
      assert.equal(existsSync(path.join(cwd, 'x.txt')), false);
      assert.equal(of(merged(rec.entries), 'tool_use')[0].status, 'failed');
    });

    it('elides old tool outputs when a long run outgrows the context budget', async () => {
      const cwd = repo({ 'big.txt': 'z'.repeat(39_999) + '\n' }); // ~10k tokens per read
      const read = { toolCalls: [{ name: 'read_file', input: { path: 'big.txt' } }] };
      model = await p.start([read, read, { text: 'Done reading.' }]);
      const { outcome, rec } = await run(p.create(model, { contextBudgetTokens: 14_000, maxTokens: 100 }), { cwd });
      assert.equal(outcome.status, 'succeeded', outcome.error);
      const [, second, third] = model.bodies();
      assert.match(model.toolResults(second)[0].content, /^(Error: )?z{1000}/);
      const [first, latest] = model.toolResults(third);
      assert.match(first.content, /output elided to fit the context budget/);
      assert.match(latest.content, /^z{1000}/);
      assert.match(of(rec.entries, 'system')[0].text, /^1 earlier tool output was elided/);
      // The session log keeps the full output: only what is sent to the model shrinks.
      assert.equal(of(rec.entries, 'tool_result')[0].output.length, 39_999);
    });
  });
}
