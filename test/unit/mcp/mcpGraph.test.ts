// Dependencies through `viban mcp`: link_tasks / unlink_tasks with the SDK's client, a cycle
// refused with its path named, and get_task showing both directions of a link.
import { strict as assert } from 'node:assert';
import { readBoard, tempWorkspace } from '../cli/cliHarness';
import { connectVibanMcp, type VibanMcp } from './mcpClient';

describe('viban mcp: task dependencies', function () {
  this.timeout(60_000);
  let mcp: VibanMcp | undefined;
  afterEach(async () => {
    await mcp?.close();
    mcp = undefined;
  });

  it('links, refuses a cycle naming it, shows links both ways, unlinks', async () => {
    const ws = tempWorkspace('viban-mcp-graph-');
    mcp = await connectVibanMcp(ws);
    const id = async (title: string) => (await mcp!.call('create_task', { title })).json.created.id as string;
    const a = await id('Design the schema');
    const b = await id('Write the migration');
    const c = await id('Ship the release');

    const ab = await mcp.call('link_tasks', { taskId: b, blockedBy: [a] });
    assert.equal(ab.isError, false, ab.text);
    assert.deepEqual(ab.json.linked.blockedBy, [a]);
    assert.equal((await mcp.call('link_tasks', { taskId: c, blockedBy: [b, b] })).isError, false);
    assert.deepEqual(readBoard(ws).tasks.find((t) => t.id === c)?.blockedBy, [b]);

    const cycle = await mcp.call('link_tasks', { taskId: a, blockedBy: [c] });
    assert.equal(cycle.isError, true);
    assert.match(cycle.text, /cycle: Design the schema → Write the migration → Ship the release → Design the schema\./);
    assert.deepEqual(readBoard(ws).tasks.find((t) => t.id === a)?.blockedBy ?? [], [], 'nothing written for a refused link');

    const self = await mcp.call('link_tasks', { taskId: a, blockedBy: [a] });
    assert.match(self.text, /cannot be blocked by itself/);
    const missing = await mcp.call('link_tasks', { taskId: a, blockedBy: ['t_nothere'] });
    assert.match(missing.text, /There is no task "t_nothere"/);
    const empty = await mcp.call('link_tasks', { taskId: a, blockedBy: [] });
    assert.match(empty.text, /Input validation error/);

    const got = await mcp.call('get_task', { taskId: b });
    assert.deepEqual(got.json.blockedBy, [a]);
    assert.deepEqual(got.json.blocks, [c]);
    const listed = await mcp.call('list_tasks');
    assert.deepEqual(listed.json.tasks.find((t: { id: string }) => t.id === c).blockedBy, [b]);

    const notLinked = await mcp.call('unlink_tasks', { taskId: a, blockedBy: [b] });
    assert.match(notLinked.text, /"Design the schema" is not blocked by "Write the migration"/);
    const un = await mcp.call('unlink_tasks', { taskId: c, blockedBy: [b] });
    assert.equal(un.isError, false, un.text);
    assert.deepEqual(un.json.unlinked.blockedBy, []);
    assert.equal('blockedBy' in readBoard(ws).tasks.find((t) => t.id === c)!, false, 'an unlinked card has no empty list');
    // Now the cycle from before is allowed to form the other way round.
    assert.equal((await mcp.call('link_tasks', { taskId: a, blockedBy: [c] })).isError, false);
  });
});
