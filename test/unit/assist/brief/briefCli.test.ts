// `viban brief` after a simulated absence: real runs (the OpenAI API executor against its
// scripted server, for cost; custom command agents that succeed and fail), a real `viban brief`
// that records when the user looked, then exactly what happened after — counts checked against
// the sessions and memory on disk.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { openaiHarness, TEST_KEY, type ScriptedModel } from '../../executors/api/apiHarness';
import { lastLine, listSessions, runCli, tempWorkspace, writeSettings } from '../../cli/cliHarness';

const CLEAN_ENV = { OPENAI_API_KEY: undefined, OPENAI_BASE_URL: undefined, ANTHROPIC_API_KEY: undefined, ANTHROPIC_BASE_URL: undefined };

describe('viban brief', function () {
  this.timeout(60000);
  let ws: string;
  let model: ScriptedModel | undefined;
  beforeEach(() => {
    ws = tempWorkspace('viban-brief-');
    writeSettings(ws, {
      executors: {
        custom: [
          { id: 'ok', label: 'Okay Agent', command: process.execPath, args: ['-e', 'console.log("done")', '{prompt}'] },
          { id: 'broken', label: 'Broken Agent', command: process.execPath, args: ['-e', 'console.error("cannot compile"); process.exit(3)', '{prompt}'] },
        ],
      },
    });
  });
  afterEach(async () => {
    await model?.close();
    model = undefined;
    rmSync(ws, { recursive: true, force: true });
  });

  const add = async (title: string) => lastLine((await runCli(['add', title, '-w', ws])).stdout);
  const run = async (taskId: string, executor: string, env: Record<string, string | undefined> = {}) => runCli(['run', taskId, '--executor', executor, '--mode', 'full-auto', '-w', ws], { env });
  const brief = async (...args: string[]) => runCli(['brief', ...args, '-w', ws]);

  it('lists exactly what happened since the user last looked: runs, failures, cost, due questions', async () => {
    const before = await add('Tidy the README');
    assert.equal((await run(before, 'ok')).code, 0);

    // The user looks, then goes away.
    const first = await brief();
    assert.equal(first.code, 0, first.stderr);
    const seen = JSON.parse(readFileSync(join(ws, '.viban', 'seen.json'), 'utf8'));
    const [since] = Object.values(seen.seen) as string[];
    assert.ok(since, 'last seen recorded for this user and machine');

    // While away: a run with a cost, a run that succeeds, one that fails; a question comes due.
    model = await openaiHarness.start([{ text: 'Notes written.', usage: { input: 1000, output: 200 } }]);
    const notes = await add('Write notes');
    const ok = await run(notes, 'openai', { ...CLEAN_ENV, OPENAI_API_KEY: TEST_KEY, OPENAI_BASE_URL: model.baseURL });
    assert.equal(ok.code, 0, ok.stdout + ok.stderr);
    const docs = await add('Update the docs');
    assert.equal((await run(docs, 'ok')).code, 0);
    const build = await add('Fix the build');
    assert.equal((await run(build, 'broken')).code, 1);
    await runCli(['memory', 'add', '-c', 'open', '--due', '2020-01-01', 'Revisit the retry policy', '-w', ws]);
    await runCli(['memory', 'add', '-c', 'open', '--due', '2999-01-01', 'Pick a logo', '-w', ws]);
    await runCli(['memory', 'add', '-c', 'decision', 'No social login for now', '-w', ws]);

    const r = await brief('--json');
    assert.equal(r.code, 0, r.stderr);
    const b = JSON.parse(r.stdout);
    assert.equal(b.since, since, 'the window starts when the user was last seen');

    // The store, read independently: sessions that ended after `since`.
    const after = listSessions(ws).filter((s) => s.endedAt && Date.parse(s.endedAt) > Date.parse(since));
    assert.equal(after.length, 3);
    assert.deepEqual(b.counts, {
      finished: after.filter((s) => s.status === 'succeeded').length,
      failed: after.filter((s) => s.status === 'failed').length,
      waiting: 0,
      checksFailed: 0,
      pullRequestsOpened: 0,
      merged: 0,
      dueQuestions: 1,
    });
    assert.equal(b.counts.finished, 2);
    assert.equal(b.counts.failed, 1);
    const storeCost = after.reduce((sum, s) => sum + (s.costUsd ?? 0), 0);
    assert.ok(storeCost > 0, 'the API run recorded a cost');
    assert.equal(b.costUsd, Math.round(storeCost * 10000) / 10000);
    assert.deepEqual(b.runs.finished.map((x: { taskId: string }) => x.taskId).sort(), [notes, docs].sort());
    assert.ok(!JSON.stringify(b).includes(before), 'what happened before the user looked is not news');
    assert.equal(b.runs.failed[0].taskId, build);
    assert.equal(b.runs.failed[0].taskTitle, 'Fix the build');
    assert.deepEqual(b.dueQuestions.map((q: { value: string }) => q.value), ['Revisit the retry policy']);

    // The text: the headline and each card, failures first.
    const text = await brief('--since', since);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /^Since .+: 2 runs finished · 1 failed · 0 waiting for you · 0 checks failed · 0 pull requests opened · 0 merged · \$0\.\d+ spent$/m);
    const lines = text.stdout.split('\n');
    assert.ok(lines.indexOf('Failed (1)') < lines.indexOf('Finished (2)'), 'failures come before what simply finished');
    assert.ok(lines.some((l) => l.startsWith('  "Fix the build" — Broken Agent:') && l.endsWith(`[${build}]`)), text.stdout);
    assert.ok(lines.some((l) => l.includes('Revisit the retry policy (due 2020-01-01)')));

    // Looking again right away (no --since, so this look is recorded): nothing new.
    await brief();
    const again = await brief();
    assert.match(again.stdout, /: 0 runs finished · 0 failed · /);
    assert.match(again.stdout, /^Open questions due \(1\)$/m, 'a due question stays news until it is settled');
    assert.doesNotMatch(again.stdout, /Failed \(|Finished \(/);
  });

  it('bad --since: a clear message, exit 2, nothing recorded', async () => {
    for (const [arg, message] of [
      ['yesterday', /--since needs an ISO time or date such as 2026-12-01T09:00:00Z or 2026-12-01 \(got "yesterday"\)/],
      ['2999-01-01', /--since 2999-01-01 is in the future/],
    ] as const) {
      const r = await brief('--since', arg);
      assert.equal(r.code, 2, r.stdout);
      assert.match(r.stderr, message);
    }
    assert.equal(existsSync(join(ws, '.viban', 'seen.json')), false);
    const extra = await brief('now');
    assert.equal(extra.code, 2);
  });
});
