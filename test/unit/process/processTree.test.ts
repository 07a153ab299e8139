// ProcessTree.track(): the cheap walk a running agent's tree gets every few hundred ms must still
// remember a grandchild that left the group, so that killing the tree reaches it after its parent
// (the only link to it) has gone.
import { strict as assert } from 'node:assert';
import { childrenOf, hasChildrenFiles } from '../../../src/process/procTable';
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
    // The middle shell starts a grandchild in its own session, reports it, then waits to be told to exit.
    const s = startShell(`sh -c 'setsid sleep 30 & echo $!; read x' & echo $!; wait`);
    const [middle, grandchild] = (await s.firstLines(2)).map(Number);
    const tree = new ProcessTree(s.child.pid!);
    tree.track(); // only this sees the grandchild: once the middle shell is gone nothing links it to the tree
    process.kill(middle, 'SIGKILL');
    await until(() => !isAlive(middle), 'the middle shell to end');
    tree.signal('SIGKILL');
    await until(() => !isAlive(grandchild), 'the setsid grandchild to be killed');
  });
});
