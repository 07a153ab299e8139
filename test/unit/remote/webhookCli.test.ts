// `viban webhook serve` as a team runs it: the real `viban` bundle in its own process, GitHub's
// deliveries as real HTTP requests on 127.0.0.1. A signed workflow_run delivery settles the
// finished remote run at once (its 60 s safety poll is beyond this test's waits), so the card
// shows the outcome, the pull request and the replayed session; unsigned, wrongly signed,
// replayed and oversized deliveries are refused with a status and a reason; the secret is never
// printed; SIGTERM ends the server cleanly.
import { strict as assert } from 'node:assert';
import { existsSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { signatureFor } from '../../../src/remote/webhookServer';
import { artifactName } from '../../../src/remote/workflowTemplate';
import { readBoard, runCli, startCli, type RunningCli } from '../cli/cliHarness';
import { pushBranch, remoteWorld, sessionArtifact, TOKEN, waitForRun, type RemoteWorld } from './remoteWorld';

const SECRET = 'whsec_team_secret_4f1b9c';

describe('viban webhook serve (the real command)', function () {
  this.timeout(90_000);
  let world: RemoteWorld;
  let server: RunningCli | undefined;
  afterEach(async () => {
    if (server && server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
    await server?.done;
    server = undefined;
    await world?.dispose();
  });

  const env = (extra: Record<string, string | undefined> = {}) => ({ GITHUB_TOKEN: TOKEN, GITHUB_API_URL: world.standIn.origin, GH_TOKEN: undefined, VIBAN_WEBHOOK_SECRET: SECRET, ...extra });

  async function serve(args: string[] = []): Promise<string> {
    server = startCli(['webhook', 'serve', '--port', '0', '--workspace', world.work, ...args], { env: env() });
    await server.waitFor(/Listening on http:\/\/127\.0\.0\.1:\d+/);
    return /Listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(server.stdout())![1];
  }

  function deliver(origin: string, body: string, headers: Record<string, string | undefined>): Promise<Response> {
    const h = Object.fromEntries(Object.entries({ 'content-type': 'application/json', 'x-github-event': 'workflow_run', ...headers }).filter((e): e is [string, string] => e[1] !== undefined));
    return fetch(origin, { method: 'POST', body, headers: h });
  }

  const completedEvent = (runId: number, title: string) => JSON.stringify({ action: 'completed', workflow_run: { id: runId, display_title: title, status: 'completed', conclusion: 'success' }, repository: { full_name: 'acme/widgets' } });

  it('a signed workflow_run delivery settles the finished run at once: card done, PR linked, session replayed', async () => {
    world = await remoteWorld();
    const detached = await runCli(['run', world.taskId, '--remote', 'github', '--detach', '--workspace', world.work], { env: env() });
    assert.equal(detached.code, 0, detached.stderr);
    const run = world.standIn.runs[0];
    world.standIn.stepStarted(run, 2);
    const origin = await serve();
    // The server's first look finds the run in progress (its next look would be a minute away).
    const [record] = await world.runner.store.list({ taskId: world.taskId });
    await waitForRun(world, record.id, (r) => r.runId === run.id && r.state === 'in_progress', 'the first look to find the run', 45_000);
    const listsBefore = world.standIn.requests.filter((r) => r.path.endsWith('/runs')).length;

    const branch = 'viban/hook-add-a-greeting';
    pushBranch(world, branch, 'greeting.txt', 'hello\n');
    const prUrl = `${world.standIn.htmlBase}/pull/7`;
    world.standIn.addArtifact(run, artifactName(run.inputs.correlation_id), sessionArtifact(run.inputs.correlation_id, world.taskId, { branch, prUrl }));
    world.standIn.complete(run, 'success');
    const body = completedEvent(run.id, run.name);
    const res = await deliver(origin, body, { 'x-hub-signature-256': signatureFor(SECRET, body), 'x-github-delivery': 'b1f0-0001' });
    assert.equal(res.status, 202);
    assert.equal(await res.text(), 'accepted\n');

    const settled = await waitForRun(world, record.id, (r) => !!r.settledAt, 'the delivery to settle the run', 45_000); // under the server's 60 s poll: only the delivery explains it
    assert.equal(settled.outcome, 'succeeded');
    assert.equal(settled.prUrl, prUrl);
    assert.ok(world.standIn.requests.filter((r) => r.path.endsWith('/runs')).length > listsBefore, 'the delivery made the server look again');
    const card = readBoard(world.work).tasks.find((t) => t.id === world.taskId)!;
    assert.equal(card.agentStatus, 'done');
    assert.equal(card.agentStatusMessage, 'GitHub Actions: succeeded');
    assert.equal(card.prUrl, prUrl);
    assert.equal(card.lastSessionId, settled.sessionId);
    assert.ok(existsSync(join(world.work, '.viban', 'sessions', `${settled.sessionId}.jsonl`)), 'the session log was replayed into the workspace');
    assert.match(server!.stdout(), new RegExp(`accepted workflow_run b1f0-0001: .*\\[${run.inputs.correlation_id}\\] completed`));

    server!.child.kill('SIGTERM');
    const r = await server!.done;
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.signal, null);
    assert.ok(!(r.stdout + r.stderr).includes(SECRET), 'the secret is never printed');
    assert.ok(!(r.stdout + r.stderr).includes(TOKEN), 'the token is never printed');
  });

  it('refuses wrong, missing, replayed and oversized deliveries with a status and a reason, and keeps serving', async () => {
    world = await remoteWorld();
    const origin = await serve(['--max-bytes', '2048']);
    const body = completedEvent(1, 'viban t_x Something [r_000000000000]');
    const signed = signatureFor(SECRET, body);

    const wrong = await deliver(origin, body, { 'x-hub-signature-256': signatureFor('not-the-secret', body), 'x-github-delivery': 'd-wrong' });
    assert.equal(wrong.status, 401);
    assert.equal(await wrong.text(), 'signature does not match\n');
    const tampered = await deliver(origin, body.replace('completed', 'requested'), { 'x-hub-signature-256': signed, 'x-github-delivery': 'd-tampered' });
    assert.equal(tampered.status, 401);
    const missing = await deliver(origin, body, { 'x-github-delivery': 'd-missing' });
    assert.equal(missing.status, 401);
    assert.equal(await missing.text(), 'missing X-Hub-Signature-256\n');

    const first = await deliver(origin, body, { 'x-hub-signature-256': signed, 'x-github-delivery': 'd-once' });
    assert.equal(first.status, 202);
    const replay = await deliver(origin, body, { 'x-hub-signature-256': signed, 'x-github-delivery': 'd-once' });
    assert.equal(replay.status, 409);
    assert.equal(await replay.text(), 'delivery already received (replay)\n');

    const big = JSON.stringify({ action: 'completed', pad: 'x'.repeat(4096) });
    const oversized = await deliver(origin, big, { 'x-hub-signature-256': signatureFor(SECRET, big), 'x-github-delivery': 'd-big' });
    assert.equal(oversized.status, 413);
    assert.equal(await oversized.text(), 'payload too large\n');
    const get = await fetch(origin);
    assert.equal(get.status, 405);

    // The same signed body resent under a new id (the id is not signed) is a replay too.
    const renamed = await deliver(origin, body, { 'x-hub-signature-256': signed, 'x-github-delivery': 'd-renamed' });
    assert.equal(renamed.status, 409);

    // Still serving after all that: a fresh signed delivery goes through.
    const next = completedEvent(2, 'viban t_y Another [r_000000000001]');
    const second = await deliver(origin, next, { 'x-hub-signature-256': signatureFor(SECRET, next), 'x-github-delivery': 'd-next' });
    assert.equal(second.status, 202);

    server!.child.kill('SIGTERM');
    const r = await server!.done;
    assert.equal(r.code, 0, r.stderr);
    const out = r.stdout + r.stderr;
    assert.match(out, /refused \(401\): signature does not match/);
    assert.match(out, /refused \(401\): missing X-Hub-Signature-256/);
    assert.match(out, /refused \(409\): delivery already received \(replay\)/);
    assert.match(out, /refused \(413\): payload too large/);
    assert.equal(out.match(/^accepted workflow_run /gm)?.length, 2);
    assert.ok(!out.includes(SECRET), 'the secret is never printed');
  });

  it('will not start without a secret, on a port that is not one or is taken, and says how to fix it', async () => {
    world = await remoteWorld();
    const noSecret = await runCli(['webhook', 'serve', '--port', '0', '--workspace', world.work], { env: env({ VIBAN_WEBHOOK_SECRET: undefined }) });
    assert.equal(noSecret.code, 1);
    assert.match(noSecret.stderr, /VIBAN_WEBHOOK_SECRET is not set/);
    assert.match(noSecret.stderr, /Settings > Webhooks/);
    const badPort = await runCli(['webhook', 'serve', '--port', 'eighty', '--workspace', world.work], { env: env() });
    assert.equal(badPort.code, 2);
    assert.match(badPort.stderr, /--port must be a port number/);
    const taken = createServer();
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', () => r()));
    try {
      const port = (taken.address() as AddressInfo).port;
      const inUse = await runCli(['webhook', 'serve', '--port', String(port), '--workspace', world.work], { env: env() });
      assert.equal(inUse.code, 1);
      assert.match(inUse.stderr, new RegExp(`127\\.0\\.0\\.1:${port} is already in use`));
      assert.match(inUse.stderr, /Choose another --port/);
    } finally {
      await new Promise((r) => taken.close(r));
    }
  });
});
