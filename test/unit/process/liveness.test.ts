// Liveness as one answer for every caller: real processes, a real zombie, a group whose leader died.
import { strict as assert } from 'node:assert';
import { groupAlive, groupMembers, isAlive } from '../../../src/process/liveness';
import { readProc } from '../../../src/process/procTable';
import { killLeftovers, startShell, until } from './processFixtures';

describe('process liveness', () => {
  afterEach(killLeftovers);

  it('a running process is alive; once it exits it is not', async () => {
    const s = startShell('echo $$; exec sleep 30');
    const [pid] = (await s.firstLines(1)).map(Number);
    assert.equal(isAlive(pid), true);
    s.child.kill('SIGKILL');
    await until(() => !isAlive(pid), 'the process to end');
  });

  it('a zombie (exited, not yet waited for) counts as gone', async () => {
    // The background `true` exits at once; its parent execs into sleep, which never waits for it.
    const s = startShell('true & echo $!; exec sleep 30');
    const [zombie] = (await s.firstLines(1)).map(Number);
    await until(() => readProc(zombie)?.zombie === true, 'the child to become a zombie');
    assert.doesNotThrow(() => process.kill(zombie, 0), 'kill(pid, 0) still succeeds for a zombie');
    assert.equal(isAlive(zombie), false);
  });

  it('a group made only of zombies has ended; a group whose leader died but a member lives has not', async () => {
    // `setsid true` makes a one-process group that exits and stays a zombie of the sleeping parent.
    const zombieGroup = startShell(`setsid sh -c 'echo $$' & exec sleep 30`);
    const [pgid] = (await zombieGroup.firstLines(1)).map(Number);
    await until(() => readProc(pgid)?.zombie === true, 'the lone member to become a zombie');
    assert.equal(groupAlive(pgid), false);

    const orphaned = startShell('sleep 30 & echo $!; echo $$');
    const [member, leader] = (await orphaned.firstLines(2)).map(Number);
    await until(() => !isAlive(leader), 'the leader to exit');
    assert.equal(groupAlive(leader), true, 'its background sleep still runs in the group');
    assert.deepEqual(groupMembers(leader), [member]);
  });

  it('0, negative and non-integer pids are never alive (kill(0) would test our own group)', () => {
    for (const pid of [0, -1, -process.pid, 1.5, NaN]) assert.equal(isAlive(pid), false, String(pid));
    for (const pgid of [0, 1, -1, NaN]) assert.equal(groupAlive(pgid), false, String(pgid));
  });
});
