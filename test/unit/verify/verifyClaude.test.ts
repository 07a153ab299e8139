// Verify-and-fix with the real `claude` CLI against the scripted server, through `viban run-all`:
// the first attempt leaves a failing test, Viban resumes the same agent session with the failing
// command and its output, the second attempt fixes it and the card says verified; a run that never
// fixes it stops after maxAttempts with the card saying checks_failed.
import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { text, toolUse } from '../../support/scriptedAnthropicServer';
import { claudeWorld, requestText, type ClaudeWorld } from '../../support/claudeHarness';
import { CLAUDE_BIN, lastLine, listSessions, readBoard, runCli, writeSettings } from '../cli/cliHarness';

const WRONG = 'module.exports = (a, b) => a - b;\n';
const RIGHT = 'module.exports = (a, b) => a + b;\n';

describe('verify and fix after a run (real claude CLI)', function () {
  this.timeout(180000);
  let world: ClaudeWorld | undefined;
  afterEach(async () => {
    await world?.dispose();
    world = undefined;
  });

  async function setup(settings: Record<string, unknown> = {}) {
    world = await claudeWorld();
    const ws = world.repo;
    writeSettings(ws, { executors: { paths: { 'claude-code': CLAUDE_BIN } }, ...settings });
    writeFileSync(join(ws, 'package.json'), JSON.stringify({ name: 'sum', private: true, scripts: { test: 'node test.js' } }, null, 2));
    writeFileSync(join(ws, 'test.js'), "const add = require('./add.js');\nif (add(2, 3) !== 5) { console.error('add(2, 3) should be 5, got ' + add(2, 3)); process.exit(1); }\nconsole.log('ok');\n");
    const taskId = lastLine((await runCli(['add', 'Write add()', '-d', 'add.js exports a function adding two numbers', '-w', ws])).stdout);
    return { w: world, ws, taskId, file: join(ws, 'add.js') };
  }

  const attempt = (file: string, content: string, said: string) => [{ blocks: [toolUse('Write', { file_path: file, content })] }, { blocks: [text(said)] }];

  it('the first attempt fails `npm test`; the resumed session gets the failure and fixes it → verified', async () => {
    const { w, ws, taskId, file } = await setup();
    w.server.push(...attempt(file, WRONG, 'Wrote add.js.'), ...attempt(file, RIGHT, 'Fixed the sign.'));
    const r = await runCli(['run-all', '-w', ws], { env: w.env });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(readFileSync(file, 'utf8'), RIGHT);
    assert.match(r.stdout, /^  Write add\(\): Verified ✓$/m);

    // The fix-up resumed the same agent session, and was told what failed.
    const sessions = listSessions(ws);
    assert.equal(sessions.length, 2);
    assert.equal(sessions[1].resumedFrom, sessions[0].id);
    assert.equal(sessions[1].agentSessionId, sessions[0].agentSessionId, 'the same claude session, resumed');
    const fixRequest = w.server.mainRequests().map((q) => requestText(q.body)).find((t) => t.includes('npm test'));
    assert.ok(fixRequest, 'the agent was sent the failing command');
    assert.match(fixRequest, /add\(2, 3\) should be 5, got -1/);

    // Each check and the attempt are entries of the session logs.
    const log = (id: string) => readFileSync(join(ws, '.viban', 'sessions', `${id}.jsonl`), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const first = log(sessions[0].id).filter((e) => e.data?.verify);
    assert.deepEqual(first.map((e) => e.text), ['Check `npm test` failed (exit 1)', 'Attempt 2 of 3: asking the agent to fix `npm test` failed (exit 1)']);
    assert.match(first[0].data.output, /should be 5, got -1/);
    const second = log(sessions[1].id).filter((e) => e.data?.verify);
    assert.match(second[0].text, /^Check `npm test` passed \(\d+\.\d s\)$/);

    const task = readBoard(ws).tasks.find((t) => t.id === taskId)!;
    assert.equal(task.verification?.state, 'verified');
    assert.equal(task.verification?.attempts, 2);
    const listed = JSON.parse((await runCli(['list', '--json', '-w', ws])).stdout).columns.flatMap((c: { tasks: unknown[] }) => c.tasks);
    assert.equal(listed.find((t: { id: string }) => t.id === taskId).verification, 'verified');
  });

  it('a run that never fixes it stops after maxAttempts (3): checks_failed with the last output, exit 1', async () => {
    const { w, ws, taskId, file } = await setup();
    w.server.push(...attempt(file, WRONG, 'One.'), ...attempt(file, WRONG, 'Two.'), ...attempt(file, WRONG, 'Three.'), ...attempt(file, RIGHT, 'Never reached.'));
    const r = await runCli(['run-all', '-w', ws], { env: w.env });
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /^  Write add\(\): Checks failed after 3 attempts: `npm test` failed \(exit 1\)$/m);
    assert.equal(listSessions(ws).length, 3, 'three agent attempts, no fourth');
    assert.equal(w.server.remainingTurns, 2, 'the fourth attempt was never asked for');
    const task = readBoard(ws).tasks.find((t) => t.id === taskId)!;
    assert.equal(task.verification?.state, 'checks_failed');
    assert.equal(task.verification?.attempts, 3);
    assert.equal(task.verification?.failedCommand, 'npm test');
    assert.match(task.verification?.outputTail ?? '', /should be 5, got -1/);
  });

  it('a check that hangs is stopped at its timeout and counts as failed', async () => {
    const { w, ws, file } = await setup({ verify: { commands: ['node -e "setTimeout(() => {}, 60000)"'], timeoutSeconds: 1, maxAttempts: 1 } });
    w.server.push(...attempt(file, RIGHT, 'Done.'));
    const r = await runCli(['run-all', '-w', ws], { env: w.env });
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /Checks failed after 1 attempt: `node -e "setTimeout\(\(\) => \{\}, 60000\)"` timed out$/m);
  });
});
