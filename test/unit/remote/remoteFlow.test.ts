// A remote run from the board's side, through Octokit against the REST API stand-in: dispatch,
// find the run by its correlation id, follow its steps, replay the artifact, link the pull
// request, fetch the branch; and the ways it ends otherwise (cancelled, failed, timed out).
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { RemoteFollower } from '../../../src/remote/remoteFollower';
import { artifactName } from '../../../src/remote/workflowTemplate';
import { pushBranch, remoteWorld, sessionArtifact, waitForRun, type RemoteWorld } from './remoteWorld';

describe('remote runs against the GitHub API stand-in', () => {
  let world: RemoteWorld;
  let follower: RemoteFollower;

  afterEach(async () => {
    follower?.dispose();
    await follower?.idle();
    await world?.dispose();
  });

  async function dispatched(opts: Parameters<typeof remoteWorld>[0] = {}) {
    world = await remoteWorld(opts);
    follower = new RemoteFollower({ intervalMs: 25, maxRequestsPerSecond: 200 });
    const seen = world.standIn.waitForDispatch();
    const record = await world.runner.dispatch({ taskId: world.taskId, executorId: 'claude-code', permissionMode: 'auto-edit' });
    const run = await seen;
    follower.add(world.runner);
    return { record, run };
  }

  it('dispatches, finds the run by its correlation id, shows each step on the card, replays the artifact, links the PR and fetches the branch', async () => {
    const { record, run } = await dispatched();
    assert.equal(run.inputs.correlation_id, record.id);
    assert.equal(run.inputs.task_id, world.taskId);
    assert.equal(run.inputs.title, 'Add a greeting');
    assert.equal(run.inputs.prompt, 'Write greeting.txt saying hello');
    assert.equal(run.inputs.permission_mode, 'auto-edit');
    assert.equal(run.ref, 'main');
    const queuedCard = world.board.current.board.tasks[0];
    assert.equal(queuedCard.agentStatus, 'queued');
    assert.equal(queuedCard.columnId, 'in-progress');

    const found = await waitForRun(world, record.id, (r) => r.runId === run.id, 'the run to be found');
    assert.match(found.runUrl ?? '', new RegExp(`/actions/runs/${run.id}$`));

    world.standIn.stepStarted(run, 2);
    await waitForRun(world, record.id, (r) => r.step?.name === 'Run the agent', 'the agent step');
    const card = world.board.current.board.tasks[0];
    assert.equal(card.agentStatus, 'executing');
    assert.equal(card.agentStatusMessage, 'GitHub Actions: Run the agent (3/5)');

    const branch = 'viban/abc-add-a-greeting';
    pushBranch(world, branch, 'greeting.txt', 'hello\n');
    const prUrl = `${world.standIn.htmlBase}/pull/1`;
    world.standIn.addArtifact(run, artifactName(record.id), sessionArtifact(record.id, world.taskId, { branch, prUrl }));
    world.standIn.complete(run, 'success');

    const settled = await waitForRun(world, record.id, (r) => !!r.settledAt, 'the run to settle');
    assert.equal(settled.outcome, 'succeeded');
    assert.equal(settled.prUrl, prUrl);
    assert.equal(settled.branch, branch);
    assert.equal(settled.error, undefined);

    // The session is now the task's, as a local run's would be.
    const meta = JSON.parse(readFileSync(path.join(world.work, '.viban', 'sessions', 's_runner0001.json'), 'utf8'));
    assert.equal(meta.taskId, world.taskId);
    assert.equal(meta.status, 'succeeded');
    assert.equal(meta.ownerPid, undefined);
    const log = readFileSync(path.join(world.work, '.viban', 'sessions', 's_runner0001.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(log.map((e) => e.kind), ['user', 'assistant', 'result']);
    assert.equal(log[1].text, 'I wrote greeting.txt.');

    const task = world.board.current.board.tasks[0];
    assert.equal(task.lastSessionId, 's_runner0001');
    assert.equal(task.prUrl, prUrl);
    assert.equal(task.agentStatus, 'done');
    assert.equal(task.columnId, 'in-review');
    assert.equal(task.costUsd, 0.0123);
    assert.ok(task.worktree, 'the branch is checked out in a task worktree');
    assert.equal(task.worktree.branch, branch);
    assert.equal(readFileSync(path.join(task.worktree.path, 'greeting.txt'), 'utf8'), 'hello\n');
    assert.equal(meta.cwd, task.worktree.path);
  });

  it('cancel from the card cancels the workflow run and ends as cancelled', async () => {
    const { record, run } = await dispatched();
    await waitForRun(world, record.id, (r) => r.runId === run.id, 'the run to be found');
    world.standIn.stepStarted(run, 1);
    await world.runner.cancel(world.taskId);
    const settled = await waitForRun(world, record.id, (r) => !!r.settledAt, 'the cancelled run to settle');
    assert.ok(run.cancelRequested, 'the stand-in received POST …/cancel');
    assert.equal(settled.outcome, 'cancelled');
    const task = world.board.current.board.tasks[0];
    assert.equal(task.agentStatus, 'idle');
    assert.equal(task.agentStatusMessage, 'GitHub Actions: cancelled');
    assert.equal(task.columnId, 'in-progress', 'a cancelled run does not move the card on');
  });

  it('a cancel asked for before the run appears is sent once it does', async () => {
    world = await remoteWorld();
    follower = new RemoteFollower({ intervalMs: 25, maxRequestsPerSecond: 200 });
    const record = await world.runner.dispatch({ taskId: world.taskId, executorId: 'claude-code', permissionMode: 'auto-edit' });
    await world.runner.cancel(record.id);
    follower.add(world.runner);
    const settled = await waitForRun(world, record.id, (r) => !!r.settledAt, 'the cancelled run to settle');
    assert.equal(settled.outcome, 'cancelled');
    assert.ok(world.standIn.runs[0].cancelRequested);
  });

  it('a failed run names the failing step and keeps the tail of its log', async () => {
    const { record, run } = await dispatched();
    world.standIn.stepStarted(run, 2);
    world.standIn.appendLog(run, '##[group]Run viban run t_x\nclaude: model overloaded\nviban: the agent failed (exit 1)\n##[endgroup]');
    world.standIn.addArtifact(run, artifactName(record.id), sessionArtifact(record.id, world.taskId, { status: 'failed' }));
    world.standIn.complete(run, 'failure');
    const settled = await waitForRun(world, record.id, (r) => !!r.settledAt, 'the failed run to settle');
    assert.equal(settled.outcome, 'failed');
    assert.equal(settled.step?.name, 'Run the agent');
    assert.match(settled.error ?? '', /"Run the agent" failed: viban: the agent failed \(exit 1\)/);
    assert.match(settled.logTail ?? '', /claude: model overloaded/);
    assert.doesNotMatch(settled.logTail ?? '', /^\d{4}-/m, 'timestamps are stripped');
    const task = world.board.current.board.tasks[0];
    assert.equal(task.agentStatus, 'error');
    assert.match(task.agentStatusMessage ?? '', /GitHub Actions failed: "Run the agent" failed/);
    assert.equal(task.lastSessionId, 's_runner0001', 'the failed session is replayed too');
    assert.equal(task.columnId, 'in-progress');
  });

  it('a run stopped at the key check says which secret to add and where', async () => {
    const { record, run } = await dispatched({ standIn: { steps: ['Set up job', "Check the model's key", 'Run the agent'] } });
    world.standIn.stepStarted(run, 1);
    world.standIn.appendLog(run, '::error::The repository secret ANTHROPIC_API_KEY is not set. Add it under Settings > Secrets and variables > Actions.');
    world.standIn.complete(run, 'failure');
    const settled = await waitForRun(world, record.id, (r) => !!r.settledAt, 'the run to settle');
    assert.equal(settled.outcome, 'failed');
    assert.match(settled.error ?? '', /the repository secret ANTHROPIC_API_KEY is not set/);
    assert.match(settled.error ?? '', /settings\/secrets\/actions/);
  });

  it('a job cut off at its timeout is reported as timed out (failed), not cancelled', async () => {
    // A limit of 0.001 minutes: the job below outlives it, and GitHub ends such a job "cancelled".
    const { record, run } = await dispatched({ timeoutMinutes: 0.001 });
    world.standIn.stepStarted(run, 2);
    await waitForRun(world, record.id, (r) => r.step?.name === 'Run the agent', 'the agent step');
    await new Promise((r) => setTimeout(r, 120));
    world.standIn.complete(run, 'cancelled');
    const settled = await waitForRun(world, record.id, (r) => !!r.settledAt, 'the run to settle');
    assert.equal(settled.outcome, 'timed_out');
    const task = world.board.current.board.tasks[0];
    assert.equal(task.agentStatus, 'error');
    assert.match(task.agentStatusMessage ?? '', /timed out/);
  });

  it('refuses a second run of a task that still runs remotely, and modes nobody could answer', async () => {
    const { record } = await dispatched();
    await assert.rejects(world.runner.dispatch({ taskId: world.taskId, executorId: 'claude-code', permissionMode: 'auto-edit' }), /already runs on GitHub Actions/);
    await assert.rejects(world.runner.dispatch({ taskId: world.taskId, executorId: 'claude-code', permissionMode: 'ask' }), /Nobody can answer/);
    assert.ok(record.id);
  });

  it('sends conditional requests: an unchanged list is a 304', async () => {
    const { record, run } = await dispatched();
    await waitForRun(world, record.id, (r) => r.runId === run.id && r.state === 'queued', 'the run to be found');
    await follower.idle();
    const before = world.standIn.requests.length;
    const looks = () => world.standIn.requests.slice(before).filter((q) => q.path.endsWith('/runs'));
    // Two more looks, however long a busy machine takes for them (a fixed 150 ms was flaky under load).
    for (const end = Date.now() + 10_000; looks().length < 2 && Date.now() < end; ) await new Promise((r) => setTimeout(r, 25));
    const later = looks();
    assert.ok(later.length >= 2, 'the loop kept looking');
    assert.ok(later.every((q) => q.status === 304), `nothing changed, so every look is a 304 (got ${later.map((q) => q.status).join(',')})`);
    assert.ok(world.api().notModified >= 2);
    assert.ok(!existsSync(path.join(world.work, '.viban', 'sessions')), 'nothing replayed before the run completes');
  });
});
