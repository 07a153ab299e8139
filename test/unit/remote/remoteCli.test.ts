// The command line's remote runs, as a user types them, against the REST stand-in: the real
// `viban` bundle with GITHUB_TOKEN and GITHUB_API_URL (as Actions itself sets it) in its
// environment. `run --remote github` follows to the end, printing steps, and exits like a local
// run (0, 1, 130); `--detach` returns at once; `remote status` lists the runs.
import { strict as assert } from 'node:assert';
import { artifactName } from '../../../src/remote/workflowTemplate';
import { runCli, startCli } from '../cli/cliHarness';
import { pushBranch, remoteWorld, sessionArtifact, TOKEN, type RemoteWorld } from './remoteWorld';

describe('viban run --remote github, viban remote status', function () {
  this.timeout(90_000);
  let world: RemoteWorld;
  afterEach(() => world?.dispose());

  const env = () => ({ GITHUB_TOKEN: TOKEN, GITHUB_API_URL: world.standIn.origin, VIBAN_REMOTE_POLL_MS: '50', GH_TOKEN: undefined });

  it('follows the run to completion, printing each step, replays the session and exits 0', async () => {
    world = await remoteWorld();
    const dispatched = world.standIn.waitForDispatch();
    const cli = startCli(['run', world.taskId, '--remote', 'github', '--workspace', world.work], { env: env() });
    const run = await dispatched;
    await cli.waitFor(/Run: http:\/\/127\.0\.0\.1:\d+\/html\/acme\/widgets\/actions\/runs\/\d+/);
    world.standIn.stepStarted(run, 1);
    await cli.waitFor(/GitHub Actions: Check out the base branch \(2\/5\)/);
    world.standIn.stepStarted(run, 2);
    await cli.waitFor(/GitHub Actions: Run the agent \(3\/5\)/);
    const branch = 'viban/cli-add-a-greeting';
    pushBranch(world, branch, 'greeting.txt', 'hi\n');
    world.standIn.addArtifact(run, artifactName(run.inputs.correlation_id), sessionArtifact(run.inputs.correlation_id, world.taskId, { branch, prUrl: `${world.standIn.htmlBase}/pull/1` }));
    world.standIn.complete(run, 'success');
    const r = await cli.done;
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Dispatched t_\w+ to acme\/widgets \(workflow viban\.yml on main, run r_\w+\)/);
    assert.match(r.stdout, /Session s_runner0001 \(replayed from the run's artifact\)/);
    assert.match(r.stdout, /I wrote greeting\.txt\./);
    assert.match(r.stdout, /GitHub Actions: succeeded/);
    assert.match(r.stdout, /Pull request: http:\/\/127\.0\.0\.1:\d+\/html\/acme\/widgets\/pull\/1/);
    assert.match(r.stdout, /Branch: viban\/cli-add-a-greeting · review: viban diff/);
    assert.ok(!(r.stdout + r.stderr).includes(TOKEN), 'the token is never printed');
  });

  it('exits 1 for a failed run, with the failing step and its last lines', async () => {
    world = await remoteWorld();
    const dispatched = world.standIn.waitForDispatch();
    const cli = startCli(['run', world.taskId, '--remote', 'github', '--workspace', world.work], { env: env() });
    const run = await dispatched;
    world.standIn.stepStarted(run, 2);
    world.standIn.appendLog(run, 'viban: claude exited with code 1');
    world.standIn.complete(run, 'failure');
    const r = await cli.done;
    assert.equal(r.code, 1);
    assert.match(r.stdout, /Last lines of "Run the agent":\n {2}viban: claude exited with code 1/);
    assert.match(r.stdout, /GitHub Actions failed: "Run the agent" failed/);
  });

  it('Ctrl+C cancels the workflow run and exits 130', async () => {
    world = await remoteWorld();
    const dispatched = world.standIn.waitForDispatch();
    const cli = startCli(['run', world.taskId, '--remote', 'github', '--workspace', world.work], { env: env() });
    const run = await dispatched;
    world.standIn.stepStarted(run, 2);
    await cli.waitFor(/Run the agent \(3\/5\)/);
    cli.child.kill('SIGINT');
    const r = await cli.done;
    assert.equal(r.code, 130, r.stderr);
    assert.ok(run.cancelRequested, 'POST …/cancel reached GitHub');
    assert.match(r.stderr, /Cancelling the workflow run/);
    assert.match(r.stdout, /GitHub Actions: cancelled/);
  });

  it('--detach returns once dispatched; remote status lists the run with its state, step and URL', async () => {
    world = await remoteWorld();
    const r = await runCli(['run', world.taskId, '--remote', 'github', '--detach', '--workspace', world.work], { env: env() });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Follow it with `viban remote status t_\w+`/);
    const run = world.standIn.runs[0];
    world.standIn.stepStarted(run, 2);
    const status = await runCli(['remote', 'status', '--workspace', world.work], { env: env() });
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, /^RUN\s+TASK\s+STATE\s+DISPATCHED\s+RUN URL\s+PULL REQUEST$/m);
    assert.match(status.stdout, new RegExp(`r_\\w+\\s+${world.taskId}\\s+Run the agent \\(3/5\\).*/actions/runs/${run.id}\\s+-`));
    const json = await runCli(['remote', 'status', world.taskId, '--json', '--workspace', world.work], { env: env() });
    const [record] = JSON.parse(json.stdout);
    assert.equal(record.runId, run.id);
    assert.equal(record.state, 'in_progress');
    assert.ok(!json.stdout.includes(TOKEN));
  });

  it('says what is missing, with the fix: no token, no workflow, a mode nobody can answer', async () => {
    world = await remoteWorld({ standIn: { workflowCommitted: false } });
    const noToken = await runCli(['run', world.taskId, '--remote', 'github', '--workspace', world.work], { env: { ...env(), GITHUB_TOKEN: undefined, PATH: '/usr/bin:/bin' } });
    assert.equal(noToken.code, 1);
    assert.match(noToken.stderr, /viban: Not signed in to GitHub/);
    assert.match(noToken.stderr, /gh auth login --scopes repo,workflow/);
    const noWorkflow = await runCli(['run', world.taskId, '--remote', 'github', '--workspace', world.work], { env: env() });
    assert.equal(noWorkflow.code, 1);
    assert.match(noWorkflow.stderr, /viban remote init github --yes/);
    const ask = await runCli(['run', world.taskId, '--remote', 'github', '--mode', 'ask', '--workspace', world.work], { env: env() });
    assert.equal(ask.code, 2);
    assert.match(ask.stderr, /--mode ask cannot be used with --remote/);
  });
});
