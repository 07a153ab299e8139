// reapSession against real process trees: found by their session tag, with their groups, while
// an untagged process that happens to hold the recorded pid is left alone.
import { strict as assert } from 'node:assert';
import { isAlive } from '../../../src/process/liveness';
import { reapSession, sessionEnv } from '../../../src/process/reapSession';
import { killLeftovers, startShell, until } from './processFixtures';

describe('reapSession', () => {
  afterEach(killLeftovers);

  it('ends a tagged tree whose leader is gone: its group, a setsid grandchild, and a member that cleared its environment', async () => {
    const s = startShell('sleep 300 & echo $!; env -i /bin/sleep 300 & echo $!; setsid sleep 300 & echo $!; echo $$', { env: sessionEnv('s_reaptest1') });
    const [inGroup, cleared, escaped, leader] = (await s.firstLines(4)).map(Number);
    await until(() => !isAlive(leader), 'the leader to exit');
    assert.ok([inGroup, cleared, escaped].every(isAlive));
    const result = await reapSession('s_reaptest1', leader, { graceMs: 500 });
    assert.deepEqual([inGroup, cleared, escaped].filter(isAlive), []);
    assert.equal(result.signal, 'SIGTERM');
    assert.ok(result.groups.includes(leader), `the agent's group ${leader} was found`);
  });

  it('leaves alone a process that is not tagged with the session, even at the recorded pid', async () => {
    const stranger = startShell('echo $$; exec sleep 300');
    const [pid] = (await stranger.firstLines(1)).map(Number);
    const other = startShell('echo $$; exec sleep 300', { env: sessionEnv('s_reaptest2other') });
    const [otherPid] = (await other.firstLines(1)).map(Number);
    const result = await reapSession('s_reaptest2', pid, { graceMs: 200 });
    assert.equal(result.signal, undefined);
    assert.ok(isAlive(pid), 'the stranger at the recorded pid still runs');
    assert.ok(isAlive(otherPid), "another session's agent still runs");
  });
});
