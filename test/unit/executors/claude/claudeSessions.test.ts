// Follow-ups (live on stdin, and by resume), stopping mid-run, and the failures a person must be
// able to act on — all with the real `claude` CLI against the scripted server.
import { strict as assert } from 'node:assert';
import { createClaudeCodeExecutor, FULL_AUTO_AS_ROOT, NOT_LOGGED_IN } from '../../../../src/executors/cli/claude';
import type { LiveInput } from '../../../../src/executors/types';
import { isAlive } from '../../../../src/process/liveness';
import { text } from '../../../support/scriptedAnthropicServer';
import { CLAUDE_BIN, claudeWorld, mergeEntries, recordingSink, requestText, type ClaudeWorld } from '../../../support/claudeHarness';
import { liveGroupMembers } from '../../../support/processGroups';


describe('Claude Code sessions with the real CLI', function () {
  this.timeout(60000);
  let world: ClaudeWorld | undefined;
  afterEach(async () => {
    await world?.dispose();
    world = undefined;
  });
  const executor = () => createClaudeCodeExecutor({ configuredPath: CLAUDE_BIN, gracefulTimeoutMs: 1500, terminateTimeoutMs: 1000 });

  it('takes a follow-up on stdin while running, in the same process and session', async () => {
    world = await claudeWorld([
      { blocks: [text('Working on the first request, slowly.')], eventDelayMs: 150 },
      { blocks: [text('And here is the answer to your follow-up.')] },
    ]);
    const sink = recordingSink();
    let live: LiveInput | undefined;
    const running = executor().run({ prompt: 'first request', cwd: world.repo, env: world.env }, sink, new AbortController().signal, (l) => (live = l));
    // Send while the first turn is still streaming.
    while (!sink.entries.some((e) => e.kind === 'assistant')) await new Promise((r) => setTimeout(r, 20));
    live!.send('a follow-up question');
    const outcome = await running;
    assert.equal(outcome.status, 'succeeded', outcome.error);
    assert.equal(sink.pids.length, 1);
    assert.equal(new Set(sink.sessionIds).size, 1);
    const merged = mergeEntries(sink.entries);
    assert.deepEqual(merged.filter((e) => e.kind === 'user').map((e) => (e as { text: string }).text), ['first request', 'a follow-up question']);
    assert.ok(merged.some((e) => e.kind === 'assistant' && e.text === 'And here is the answer to your follow-up.'));
    const main = world.server.mainRequests();
    assert.equal(main.length, 2);
    assert.match(requestText(main[1].body), /a follow-up question/);
    assert.throws(() => live!.send('too late'), /already finished/);
  });

  it('resumes a finished session with --resume: the model sees the earlier conversation', async () => {
    world = await claudeWorld([{ blocks: [text('The secret word is PAPAYA.')] }, { blocks: [text('You asked about the secret word.')] }]);
    const first = await executor().run({ prompt: 'remember a secret word', cwd: world.repo, env: world.env }, recordingSink(), new AbortController().signal);
    assert.equal(first.status, 'succeeded', first.error);
    assert.ok(first.agentSessionId);
    const sink = recordingSink();
    const second = await executor().run(
      { prompt: 'what did I ask before?', cwd: world.repo, env: world.env, resumeSessionId: first.agentSessionId },
      sink,
      new AbortController().signal,
    );
    assert.equal(second.status, 'succeeded', second.error);
    assert.equal(second.agentSessionId, first.agentSessionId);
    const resumed = requestText(world.server.mainRequests()[1].body);
    assert.match(resumed, /remember a secret word/);
    assert.match(resumed, /The secret word is PAPAYA\./);
    assert.match(resumed, /what did I ask before\?/);
  });

  it('stops mid-run (slow server): graceful interrupt, outcome stopped, no process left', async () => {
    world = await claudeWorld([{ blocks: [text('word '.repeat(200))], eventDelayMs: 100 }]);
    const sink = recordingSink();
    const ac = new AbortController();
    const running = executor().run({ prompt: 'write a long essay', cwd: world.repo, env: world.env }, sink, ac.signal);
    while (!sink.entries.some((e) => e.kind === 'assistant')) await new Promise((r) => setTimeout(r, 20));
    const pid = sink.pids[0];
    assert.ok(isAlive(pid));
    ac.abort();
    const outcome = await running;
    assert.equal(outcome.status, 'stopped');
    // The interrupt + closed stdin ended it: an exit code, not a signal.
    assert.equal(typeof outcome.exitCode, 'number', `exit ${outcome.exitCode}`);
    assert.ok(sink.entries.some((e) => e.kind === 'system' && /interrupted/i.test(e.text)));
    assert.equal(isAlive(pid), false);
    assert.deepEqual(liveGroupMembers(pid), []);
  });

  it('not logged in: no key, empty HOME -> a clear, actionable error', async () => {
    world = await claudeWorld();
    const env: Record<string, string> = { HOME: world.home, CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1', ANTHROPIC_API_KEY: '' };
    const sink = recordingSink();
    const outcome = await executor().run({ prompt: 'hello', cwd: world.repo, env }, sink, new AbortController().signal);
    assert.equal(outcome.status, 'failed');
    assert.equal(outcome.error, NOT_LOGGED_IN);
    assert.ok(sink.entries.some((e) => e.kind === 'error' && e.text === NOT_LOGGED_IN));
    assert.equal(world.server.requests.length, 0);
  });

  it('full auto: as root, says in plain words that it is unavailable and suggests Auto-edit', async function () {
    world = await claudeWorld([{ blocks: [text('ok')] }]);
    const sink = recordingSink();
    const outcome = await executor().run({ prompt: 'go', cwd: world.repo, env: world.env, permissionMode: 'full-auto' }, sink, new AbortController().signal);
    if (process.getuid?.() === 0) {
      assert.equal(outcome.status, 'failed');
      assert.equal(outcome.error, FULL_AUTO_AS_ROOT);
      assert.match(outcome.error!, /Full auto is not available when VS Code runs as root/);
      assert.match(outcome.error!, /Auto-edit/);
      assert.ok(sink.entries.some((e) => e.kind === 'stderr' && /root\/sudo/.test(e.text)));
    } else {
      assert.equal(outcome.status, 'succeeded', outcome.error);
      const init = sink.entries.find((e) => e.kind === 'system' && e.data?.subtype === 'init');
      assert.equal((init as { data?: Record<string, unknown> }).data?.permissionMode, 'bypassPermissions');
    }
  });

  it('a 401 from the API becomes an authentication error a person can act on', async () => {
    // The CLI retries even a 401 (10 times by default, with backoff); one retry keeps this quick.
    world = await claudeWorld([{ status: 401, errorMessage: 'invalid x-api-key', times: 5 }]);
    const env = { ...world.env, CLAUDE_CODE_MAX_RETRIES: '1' };
    const sink = recordingSink();
    const outcome = await executor().run({ prompt: 'hello', cwd: world.repo, env }, sink, new AbortController().signal);
    assert.equal(outcome.status, 'failed');
    assert.match(outcome.error!, /could not authenticate/);
    assert.ok(sink.entries.some((e) => e.kind === 'system' && e.data?.subtype === 'api_retry'));
    assert.equal(world.server.mainRequests().length, 2);
  });

  it('a 429 that outlasts the retries says the API is rate-limiting', async () => {
    world = await claudeWorld([{ status: 429, times: 5 }]);
    const env = { ...world.env, CLAUDE_CODE_MAX_RETRIES: '1' };
    const outcome = await executor().run({ prompt: 'hello', cwd: world.repo, env }, recordingSink(), new AbortController().signal);
    assert.equal(outcome.status, 'failed');
    assert.match(outcome.error!, /rate-limiting/);
  });
});
