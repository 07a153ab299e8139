// A wake (a webhook delivery, a dispatch, a cancel) must lead to a fresh look even when it arrives
// while a look is already under way: that look listed the runs before the news, so waiting for
// the next regular tick (a minute, for the webhook server) would leave the card behind.
import { strict as assert } from 'node:assert';
import { RemoteFollower } from '../../../src/remote/remoteFollower';
import { RemoteRunner } from '../../../src/remote/remoteRunner';
import { remoteWorld, waitForRun, type RemoteWorld } from './remoteWorld';

describe('remote follower: wake', () => {
  let world: RemoteWorld;
  let follower: RemoteFollower;
  afterEach(async () => {
    follower?.dispose();
    await follower?.idle();
    await world?.dispose();
  });

  it('a wake during a look that already listed the runs brings another look at once', async () => {
    world = await remoteWorld();
    const seen = world.standIn.waitForDispatch();
    const record = await world.runner.dispatch({ taskId: world.taskId, executorId: 'claude-code', permissionMode: 'auto-edit' });
    const run = await seen;
    world.standIn.stepStarted(run, 2);

    // The same runner, but its first recording of progress waits for the test: the look is then
    // held after its list, which saw the run in progress.
    const runner = new RemoteRunner({ ...world.runner.deps, store: world.runner.store });
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let reached!: () => void;
    const atProgress = new Promise<void>((r) => (reached = r));
    const progress = runner.progress.bind(runner);
    runner.progress = async (...args) => {
      reached();
      await held;
      return progress(...args);
    };

    follower = new RemoteFollower({ intervalMs: 60_000, maxRequestsPerSecond: 100 });
    follower.add(runner);
    await atProgress;
    world.standIn.succeed(run);
    follower.wake();
    release();

    const settled = await waitForRun(world, record.id, (r) => !!r.settledAt, 'the woken look to settle the run');
    assert.equal(settled.outcome, 'succeeded');
    assert.equal(world.standIn.requests.filter((r) => r.path.endsWith('/runs')).length, 2, 'one list before the wake, one after');
  });
});
