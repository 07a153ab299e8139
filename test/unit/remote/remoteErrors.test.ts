// What a person reads when a remote run cannot start, each with its fix: not signed in, a token
// GitHub refuses (401), a token without the workflow scope (403), no committed workflow (404),
// no GitHub remote; and the rate limit, which the loop waits out instead of hammering.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { cliToken } from '../../../src/remote/cliAuth';
import { GitHubApi } from '../../../src/remote/githubApi';
import { findGitHubRepo, parseRemoteUrl } from '../../../src/remote/githubRepo';
import { RemoteError } from '../../../src/remote/remoteErrors';
import { RemoteFollower } from '../../../src/remote/remoteFollower';
import { git, initRepo, makeSandbox, removeSandbox } from '../git/gitFixtures';
import { remoteWorld, TOKEN, type RemoteWorld } from './remoteWorld';
import { mkdirSync, writeFileSync } from 'node:fs';
import { version } from '../../../package.json';
import { stampedWorkflow } from '../../../src/remote/workflowFile';
import { WORKFLOW_PATH } from '../../../src/remote/workflowTemplate';

async function rejection(p: Promise<unknown>): Promise<RemoteError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof RemoteError, `expected a RemoteError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected the call to fail');
}

describe('remote run errors, each with its fix', () => {
  let world: RemoteWorld | undefined;
  afterEach(async () => {
    await world?.dispose();
    world = undefined;
  });

  const dispatch = (w: RemoteWorld) => w.runner.dispatch({ taskId: w.taskId, executorId: 'claude-code', permissionMode: 'auto-edit' });

  it('401: the token is refused, and says how to sign in again', async () => {
    world = await remoteWorld({ token: 'ghp_revoked_or_mistyped' });
    const err = await rejection(dispatch(world));
    assert.equal(err.kind, 'bad-token');
    assert.match(err.message, /GitHub refused the token from GITHUB_TOKEN .* not valid or has expired \(GitHub said: Bad credentials\)/);
    assert.match(err.fix, /gh auth login --scopes repo,workflow/);
    assert.doesNotMatch(err.full, /ghp_revoked_or_mistyped/, 'the token is never in a message');
    assert.equal(world.standIn.runs.length, 0);
  });

  it('403: a token without the workflow scope is told to get it', async () => {
    world = await remoteWorld({ standIn: { tokens: { ghp_repo_only_token: 'repo' } }, token: 'ghp_repo_only_token' });
    const err = await rejection(dispatch(world));
    assert.equal(err.kind, 'missing-scope');
    assert.match(err.message, /the token has the scopes "repo" but not "workflow"/);
    assert.match(err.fix, /gh auth refresh -s workflow/);
    // The failed dispatch is recorded as failed, not left "dispatched" for the loop to wait on.
    const [record] = await world.runner.store.list();
    assert.equal(record.state, 'completed');
    assert.equal(record.outcome, 'failed');
    assert.ok(record.settledAt);
  });

  it('404: the workflow is not committed yet, and the fix is remote init', async () => {
    world = await remoteWorld({ standIn: { workflowCommitted: false } });
    const err = await rejection(dispatch(world));
    assert.equal(err.kind, 'workflow-missing');
    assert.match(err.message, /\.github\/workflows\/viban\.yml is not committed on the default branch/);
    assert.match(err.fix, /viban remote init github --yes/);
    assert.deepEqual(await world.runner.store.list(), [], 'nothing was dispatched, nothing recorded');
  });

  it('404 with the workflow already here: the fix is to commit it, or to push it, not to write it again', async () => {
    world = await remoteWorld({ standIn: { workflowCommitted: false } });
    const file = path.join(world.work, WORKFLOW_PATH);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, stampedWorkflow({ vibanVersion: version }));
    const uncommitted = await rejection(dispatch(world));
    assert.equal(uncommitted.kind, 'workflow-missing');
    assert.match(uncommitted.fix, /is written here but not committed: `git add \.github\/workflows\/viban\.yml && git commit/);
    assert.match(uncommitted.fix, /push it to main/);
    git(world.work, 'add', WORKFLOW_PATH);
    git(world.work, 'commit', '-q', '-m', 'Viban workflow');
    const unpushed = await rejection(dispatch(world));
    assert.match(unpushed.fix, /is committed here but not on main on GitHub: push it \(`git push origin HEAD:main`/);
    assert.doesNotMatch(unpushed.full, /remote init/);
  });

  it('GitHub unreachable: names the address and says to check the network, without the token', async () => {
    world = await remoteWorld();
    const origin = world.standIn.origin;
    await world.standIn.stop();
    const err = await rejection(dispatch(world));
    assert.equal(err.kind, 'api');
    assert.match(err.message, new RegExp(`Could not reach the GitHub API at ${origin.replace(/\./g, '\\.')} while`));
    assert.match(err.fix, /GITHUB_API_URL or the viban\.remote\.github\.apiUrl setting/);
    assert.doesNotMatch(err.full, new RegExp(TOKEN));
    const card = world.board.current.board.tasks[0];
    assert.notEqual(card.agentStatus, 'queued', 'the card is not left waiting for a run that never started');
  });

  it('no GitHub remote: says which remotes there are and how to add one', async () => {
    const sandbox = makeSandbox();
    try {
      const repo = initRepo(path.join(sandbox, 'repo'));
      const none = await rejection(findGitHubRepo(repo));
      assert.equal(none.kind, 'no-remote');
      assert.match(none.message, /has no git remote/);
      assert.match(none.fix, /git remote add origin https:\/\/github\.com\/OWNER\/REPO\.git/);
      git(repo, 'remote', 'add', 'backup', '/srv/backups/repo');
      assert.match((await rejection(findGitHubRepo(repo))).message, /None of .* git remotes \(backup\) is a GitHub repository/);
      git(repo, 'remote', 'add', 'origin', 'git@github.example.com:acme/widgets.git');
      const found = await findGitHubRepo(repo);
      assert.deepEqual([found.owner, found.repo, found.remote], ['acme', 'widgets', 'origin']);
      const plain = await rejection(findGitHubRepo(sandbox));
      assert.equal(plain.kind, 'no-repo');
    } finally {
      removeSandbox(sandbox);
    }
  });

  it('reads owner/repo from every URL shape git accepts', () => {
    assert.deepEqual(parseRemoteUrl('https://github.com/acme/widgets.git'), { owner: 'acme', repo: 'widgets' });
    assert.deepEqual(parseRemoteUrl('https://ghe.corp.example/acme/widgets'), { owner: 'acme', repo: 'widgets' });
    assert.deepEqual(parseRemoteUrl('git@github.com:acme/widgets.git'), { owner: 'acme', repo: 'widgets' });
    assert.deepEqual(parseRemoteUrl('ssh://git@github.com:22/acme/widgets.git'), { owner: 'acme', repo: 'widgets' });
    assert.equal(parseRemoteUrl('/srv/git/widgets.git'), undefined);
    assert.equal(parseRemoteUrl('https://github.com/acme'), undefined);
  });

  it('not signed in: no GITHUB_TOKEN and no gh login', async () => {
    const err = await rejection(cliToken({ PATH: '/nonexistent' }));
    assert.equal(err.kind, 'not-signed-in');
    assert.match(err.fix, /Set GITHUB_TOKEN .* or run `gh auth login --scopes repo,workflow`/);
    assert.deepEqual(await cliToken({ PATH: '/nonexistent', GITHUB_TOKEN: ' ghp_x ' }), { token: 'ghp_x', source: 'GITHUB_TOKEN' });
  });

  it('honours a secondary rate limit: no request until retry-after has passed', async () => {
    world = await remoteWorld();
    const follower = new RemoteFollower({ intervalMs: 20, maxRequestsPerSecond: 500 });
    try {
      await dispatch(world);
      world.standIn.limitNext(1, 1);
      follower.add(world.runner);
      const until = Date.now() + 10_000;
      while (!world.standIn.requests.some((r) => r.status === 403) && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
      const limited = world.standIn.requests.find((r) => r.status === 403)!;
      assert.ok(limited, 'the stand-in answered 403 with retry-after');
      // The stand-in logs the 403 as it answers; the client reads the answer a moment later.
      for (const end = Date.now() + 5_000; !world.api().rate.pausedUntil && Date.now() < end; ) await new Promise((r) => setTimeout(r, 5));
      const pausedUntil = world.api().rate.pausedUntil ?? 0;
      assert.ok(pausedUntil >= limited.at + 900, 'the client noted retry-after');
      while (Date.now() < pausedUntil + 300) await new Promise((r) => setTimeout(r, 20));
      const after = world.standIn.requests.filter((r) => r.at > limited.at);
      assert.ok(after.length > 0, 'it carried on after the pause');
      assert.ok(after.every((r) => r.at >= pausedUntil - 5), `no request inside the pause (first came ${after[0].at - limited.at} ms after the 403)`);
    } finally {
      follower.dispose();
      await follower.idle();
    }
  });

  it('an exhausted rate limit pauses until its reset and says so', async () => {
    world = await remoteWorld();
    world.standIn.rateRemaining = 0;
    world.standIn.rateResetAt = Math.floor(Date.now() / 1000) + 120;
    const api = new GitHubApi({ owner: 'acme', repo: 'widgets', baseUrl: world.standIn.origin, token: 'ghp_standin_token_full', tokenSource: 'GITHUB_TOKEN' });
    const err = await rejection(api.listRuns(new Date().toISOString()));
    assert.equal(err.kind, 'rate-limited');
    assert.equal(api.rate.pausedUntil, world.standIn.rateResetAt * 1000);
    const follower = new RemoteFollower({ intervalMs: 10 });
    follower.apis.add(api);
    // The loop's next look waits for the reset, not for its interval.
    assert.ok((follower as unknown as { nextDelay(): number }).nextDelay() > 100_000);
    follower.dispose();
  });
});
