// Memory reaches every agent run's instructions (issue #14): a decision recorded with `viban
// memory add` is in the request the scripted model server receives from the real `claude` CLI
// and in the prompt a custom command executor is given; after `viban memory forget` it is not.
import { strict as assert } from 'node:assert';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { text } from '../../support/scriptedAnthropicServer';
import { claudeWorld, requestText, type ClaudeWorld } from '../../support/claudeHarness';
import { CLAUDE_BIN, lastLine, runCli, writeSettings } from '../cli/cliHarness';

const DECISION = 'No social login for now: email and password only';

describe('project memory in agent runs (real claude CLI, custom executor)', function () {
  this.timeout(120000);
  let world: ClaudeWorld | undefined;
  afterEach(async () => {
    await world?.dispose();
    world = undefined;
  });

  it('a remembered decision is in the run’s instructions for claude and a custom agent; forgotten, it is gone', async () => {
    world = await claudeWorld();
    const w = world;
    const ws = w.repo;
    writeSettings(ws, {
      executors: {
        paths: { 'claude-code': CLAUDE_BIN },
        custom: [{ id: 'recorder', label: 'Recorder', command: process.execPath, args: [join(__dirname, 'fixtures', 'promptRecorder.js'), '{prompt}'] }],
      },
    });
    const added = await runCli(['memory', 'add', '--category', 'decision', DECISION, '-w', ws]);
    assert.equal(added.code, 0, added.stderr);
    const memId = lastLine(added.stdout);
    await runCli(['memory', 'add', '--category', 'preference', 'Prefer small pure functions', '-w', ws]);
    const task = lastLine((await runCli(['add', 'Add the sign-up page', '-w', ws])).stdout);

    w.server.push({ blocks: [text('Sign-up page added.')] });
    const r = await runCli(['run', task, '--executor', 'claude-code', '--mode', 'auto-edit', '-w', ws], { env: w.env });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const sent = w.server.mainRequests().map((q) => requestText(q.body)).join('\n');
    assert.match(sent, /Add the sign-up page/, 'the task itself was sent');
    assert.ok(sent.includes(`- Decision: ${DECISION}`), `the decision is in what the model server received:\n${sent.slice(0, 2000)}`);
    assert.ok(sent.includes('- Preference: Prefer small pure functions'));

    const custom = await runCli(['run', task, '--executor', 'recorder', '--mode', 'full-auto', '-w', ws]);
    assert.equal(custom.code, 0, custom.stdout + custom.stderr);
    const given = readFileSync(join(ws, 'prompt.txt'), 'utf8');
    assert.ok(given.startsWith('Add the sign-up page'), 'the task comes first');
    assert.ok(given.includes(`- Decision: ${DECISION}`), given);
    rmSync(join(ws, 'prompt.txt'));

    const forgot = await runCli(['memory', 'forget', memId, '-w', ws]);
    assert.equal(forgot.code, 0, forgot.stderr);
    const before = w.server.mainRequests().length;
    w.server.push({ blocks: [text('Done again.')] });
    const again = await runCli(['run', task, '--executor', 'claude-code', '--mode', 'auto-edit', '-w', ws], { env: w.env });
    assert.equal(again.code, 0, again.stdout + again.stderr);
    const later = w.server.mainRequests().slice(before).map((q) => requestText(q.body)).join('\n');
    assert.match(later, /Add the sign-up page/);
    assert.ok(!later.includes('social login'), 'the forgotten decision is no longer sent');
    assert.ok(later.includes('- Preference: Prefer small pure functions'), 'what is still remembered is');

    await runCli(['run', task, '--executor', 'recorder', '--mode', 'full-auto', '-w', ws]);
    assert.ok(!readFileSync(join(ws, 'prompt.txt'), 'utf8').includes('social login'));
  });
});
