// ProcessTree.track(): the cheap walk a running agent's tree gets every few hundred ms must still
// remember a grandchild that left the group, so that killing the tree reaches it after its parent
// (the only link to it) has gone.
import { strict as assert } from 'node:assert';
import { childrenOf, hasChildrenFiles, readProc } from '../../../src/process/procTable';
import { isAlive } from '../../../src/process/liveness';
import { ProcessTree } from '../../../src/process/processTree';
import { killLeftovers, startShell, until } from './processFixtures';

describe('process tree tracking', () => {
  afterEach(killLeftovers);

  it('childrenOf lists a process’s children from its own /proc entry', async () => {
    assert.ok(hasChildrenFiles, 'this Linux offers /proc/<pid>/task/<tid>/children (else track() scans every process)');
    const s = startShell('sleep 30 & echo $!; sleep 30 & echo $!; wait');
    const kids = (await s.firstLines(2)).map(Number);
    assert.deepEqual(childrenOf(s.child.pid!).sort(), kids.sort());
    assert.deepEqual(childrenOf(2 ** 22 + 1), [], 'no such process: nothing');
  });

  it('remembers a setsid grandchild seen while its parent lived, and kills it after the parent is gone', async () => {
    // The middle shell starts a grandchild in its own session, reports it, then waits to be killed
    // (a sleep: a background job's stdin is /dev/null, so a `read` there returns at once and the
    // middle shell would end by itself — CI once caught the grandchild already re-parented).
    const s = startShell(`sh -c 'setsid sleep 30 & echo $!; sleep 30' & echo $!; wait`);
    // The two shells print concurrently: which pid is which is read from the tree, not the order.
    const pids = (await s.firstLines(2)).map(Number);
    const middle = pids.find((p) => readProc(p)?.ppid === s.child.pid)!;
    const grandchild = pids.find((p) => p !== middle)!;
    assert.ok(middle && grandchild, `the middle shell is a child of the outer one: ${JSON.stringify(pids.map(readProc))}`);
    await until(() => readProc(grandchild)?.pgid === grandchild, 'the grandchild to leave the group (setsid)');
    const tree = new ProcessTree(s.child.pid!);
    tree.track(); // only this sees the grandchild: once the middle shell is gone nothing links it to the tree
    process.kill(middle, 'SIGKILL');
    await until(() => !isAlive(middle), 'the middle shell to end');
    tree.signal('SIGKILL');
    await until(() => !isAlive(grandchild), `the setsid grandchild to be killed (${JSON.stringify(readProc(grandchild))})`, 15000);
  });
});
