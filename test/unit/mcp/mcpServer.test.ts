// `viban mcp` through the SDK's client over stdio: every tool, the board resource, bad inputs as
// clear tool errors (the server stays up), and nothing outside .viban/ touched.
import { strict as assert } from 'node:assert';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { JobQueue } from '../../../src/queue';
import { QueueFileSchema } from '../../../src/protocol/queue';
import { readBoard, runCli, lastLine, tempWorkspace, writeSettings } from '../cli/cliHarness';
import { connectVibanMcp, type VibanMcp } from './mcpClient';

/** Every file outside .viban/ with its size and mtime: proof that nothing else was touched. */
function outsideStore(ws: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (relative(ws, p) === '.viban') continue;
      const s = statSync(p);
      if (s.isDirectory()) walk(p);
      else out.push(`${relative(ws, p)}:${s.size}:${s.mtimeMs}`);
    }
  };
  walk(ws);
  return out.sort();
}

describe('viban mcp (SDK client over stdio)', function () {
  this.timeout(60_000);
  let mcp: VibanMcp | undefined;
  let ws: string;
  beforeEach(() => {
    ws = tempWorkspace('viban-mcp-');
    writeFileSync(join(ws, 'README.md'), '# project\n');
    mkdirSync(join(ws, 'src'));
    writeFileSync(join(ws, 'src', 'index.ts'), 'export {};\n');
  });
  afterEach(async () => {
    await mcp?.close();
    mcp = undefined;
  });

  it('lists every tool and the board resource', async () => {
    mcp = await connectVibanMcp(ws);
    const tools = (await mcp.client.listTools()).tools.map((t) => t.name).sort();
    for (const name of ['create_task', 'get_session', 'get_task', 'link_tasks', 'list_memory', 'list_tasks', 'move_task', 'propose_memory', 'start_run', 'unlink_tasks', 'update_task']) {
      assert.ok(tools.includes(name), `${name} missing from ${tools.join(', ')}`);
    }
    const resources = (await mcp.client.listResources()).resources;
    assert.deepEqual(resources.map((r) => r.uri), ['viban://board']);
    assert.equal(mcp.client.getServerVersion()?.name, 'viban');
  });

  it('create, list, get, update and move tasks; the board file and the resource agree', async () => {
    const before = outsideStore(ws);
    mcp = await connectVibanMcp(ws);
    const created = await mcp.call('create_task', { title: 'Add a --json flag', description: 'To the export command' });
    assert.equal(created.isError, false, created.text);
    const id = created.json.created.id;
    assert.match(id, /^t_\w+$/);
    assert.equal(created.json.created.column, 'backlog');
    assert.equal(created.json.created.createdBy, undefined, 'a hand-run server records no session');
    const other = await mcp.call('create_task', { title: 'Write the docs', column: 'Todo' });
    assert.equal(other.json.created.column, 'todo');

    const board = readBoard(ws);
    assert.deepEqual(board.tasks.map((t) => t.title).sort(), ['Add a --json flag', 'Write the docs']);

    const list = await mcp.call('list_tasks');
    assert.deepEqual(list.json.tasks.map((t: any) => t.id), [id, other.json.created.id]);
    const todo = await mcp.call('list_tasks', { column: 'todo' });
    assert.deepEqual(todo.json.tasks.map((t: any) => t.title), ['Write the docs']);

    const got = await mcp.call('get_task', { taskId: id });
    assert.equal(got.json.description, 'To the export command');
    assert.equal(got.json.state, 'idle');
    assert.deepEqual(got.json.blockedBy, []);
    assert.equal(got.json.lastOutcome, null);

    const updated = await mcp.call('update_task', { taskId: id, title: 'Add --json to export' });
    assert.equal(updated.json.updated.title, 'Add --json to export');
    assert.equal(updated.json.updated.description, 'To the export command');

    const moved = await mcp.call('move_task', { taskId: id, column: 'in progress' });
    assert.equal(moved.json.moved.column, 'in-progress');
    const top = await mcp.call('move_task', { taskId: id, column: 'todo', position: 0 });
    assert.equal(top.isError, false, top.text);
    const order = readBoard(ws).tasks.filter((t) => t.columnId === 'todo').sort((a, b) => a.order - b.order).map((t) => t.id);
    assert.deepEqual(order, [id, other.json.created.id]);

    const resource = await mcp.client.readResource({ uri: 'viban://board' });
    const shown = JSON.parse((resource.contents[0] as { text: string }).text);
    assert.deepEqual(shown.tasks.map((t: any) => t.id), order);

    // The viban command sees what the agent made.
    const cliList = await runCli(['list', '--json', '-w', ws]);
    assert.match(cliList.stdout, /Add --json to export/);
    assert.deepEqual(outsideStore(ws), before);
  });

  it('bad inputs are clear tool errors and the server keeps serving', async () => {
    mcp = await connectVibanMcp(ws);
    const cases: Array<[string, Record<string, unknown>, RegExp]> = [
      ['create_task', {}, /Input validation error.*title/s],
      ['create_task', { title: 42 }, /Input validation error.*title/s],
      ['create_task', { title: '   ' }, /A task title cannot be empty/],
      ['create_task', { title: 'x', column: 'Nowhere' }, /There is no column "Nowhere"\. Columns: "Backlog" \(backlog\), "Todo" \(todo\)/],
      ['get_task', { taskId: 't_missing' }, /There is no task "t_missing"/],
      ['update_task', { taskId: 't_missing', title: 'x' }, /There is no task "t_missing"/],
      ['update_task', { taskId: 't_missing' }, /Nothing to change/],
      ['move_task', { taskId: 't_missing', column: 'todo' }, /There is no task "t_missing"/],
      ['move_task', { taskId: 't_x', column: 'todo', position: -1 }, /Input validation error/],
      ['list_tasks', { state: 'sleeping' }, /Input validation error/],
      ['list_tasks', { column: 'nope' }, /There is no column "nope"/],
      ['get_session', {}, /exactly one of sessionId or taskId/],
      ['get_session', { sessionId: '../../etc/passwd' }, /There is no session "..\/..\/etc\/passwd"/],
      ['start_run', { taskId: 't_missing' }, /There is no task "t_missing"/],
      ['propose_memory', { category: 'rumour', value: 'x' }, /Input validation error/],
      ['propose_memory', { category: 'decision', value: 'x', due: 'someday' }, /not a date/],
      ['no_such_tool', {}, /no_such_tool/],
    ];
    for (const [tool, args, expected] of cases) {
      const r = await mcp.call(tool, args);
      assert.equal(r.isError, true, `${tool} ${JSON.stringify(args)} should fail: ${r.text}`);
      assert.match(r.text, expected, `${tool} ${JSON.stringify(args)}`);
    }
    // Still alive, and nothing was written by any of it.
    assert.equal((await mcp.call('list_tasks')).isError, false);
    assert.deepEqual(readdirSync(join(ws, '.viban')).filter((n) => n.endsWith('.json')), []);
  });

  it('a broken board.json is a tool error, never shown as an empty board; its bytes are kept aside', async () => {
    mkdirSync(join(ws, '.viban'));
    writeFileSync(join(ws, '.viban', 'board.json'), '{ "schemaVersion": 1, "columns": [');
    mcp = await connectVibanMcp(ws);
    const r = await mcp.call('list_tasks');
    assert.equal(r.isError, true);
    assert.match(r.text, /board\.json could not be used: it is not valid JSON/);
    // The bad bytes were kept aside (as every Viban writer does); the next write starts a fresh board.
    assert.ok(readdirSync(join(ws, '.viban')).some((n) => n.startsWith('board.json.corrupt-')));
    const c = await mcp.call('create_task', { title: 'x' });
    assert.equal(c.isError, false, c.text);
  });

  it('cards created during an agent run record the session (VIBAN_SESSION_ID)', async () => {
    mcp = await connectVibanMcp(ws, { VIBAN_SESSION_ID: 's_agentrun01' });
    const created = await mcp.call('create_task', { title: 'Follow-up: flaky test' });
    assert.deepEqual(created.json.created.createdBy, { sessionId: 's_agentrun01' });
    assert.deepEqual(readBoard(ws).tasks[0].createdBy, { sessionId: 's_agentrun01' });
    const proposed = await mcp.call('propose_memory', { category: 'decision', value: 'No social login for now' });
    assert.equal(proposed.json.item.sourceConversation, 's_agentrun01');
  });

  it('memory: propose, confirm, contradict, list', async () => {
    await runCli(['memory', 'add', '--category', 'preference', 'Small focused commits', '-w', ws]);
    mcp = await connectVibanMcp(ws);
    const a = await mcp.call('propose_memory', { category: 'decision', key: 'auth', value: 'Email login only' });
    assert.equal(a.json.outcome, 'added');
    assert.equal(a.json.item.confidence, 0.6);
    const again = await mcp.call('propose_memory', { category: 'decision', key: 'auth', value: 'email login only' });
    assert.equal(again.json.outcome, 'confirmed');
    const b = await mcp.call('propose_memory', { category: 'decision', key: 'auth', value: 'Add GitHub login too' });
    assert.equal(b.json.contradicted[0].id, a.json.item.id);
    assert.equal(b.json.contradicted[0].confidence, 0.35);
    const all = await mcp.call('list_memory');
    assert.deepEqual(all.json.items.map((i: any) => i.value), ['Add GitHub login too', 'Email login only', 'Small focused commits']);
    const sure = await mcp.call('list_memory', { minConfidence: 0.5 });
    assert.deepEqual(sure.json.items.map((i: any) => i.value), ['Add GitHub login too', 'Small focused commits']);
    const text = await mcp.call('list_memory', { text: 'commits' });
    assert.equal(text.json.items.length, 1);
    // The viban command shows the agent's proposals.
    const cli = await runCli(['memory', '--json', '-w', ws]);
    assert.equal(JSON.parse(cli.stdout).items.length, 3);
  });

  it('start_run queues the run on the durable queue once; a worker process claims it', async () => {
    writeSettings(ws, { executors: { default: 'codex' } });
    const add = await runCli(['add', 'Fix the parser', '-w', ws]);
    const taskId = lastLine(add.stdout);
    mcp = await connectVibanMcp(ws);
    const unknown = await mcp.call('start_run', { taskId, executor: 'hal-9000' });
    assert.equal(unknown.isError, true);
    assert.match(unknown.text, /Unknown executor "hal-9000"\. Known: .*claude-code/);

    const r = await mcp.call('start_run', { taskId, mode: 'plan', prompt: 'Only look, do not edit' });
    assert.equal(r.isError, false, r.text);
    assert.equal(r.json.duplicate, false);
    assert.equal(r.json.job.status, 'queued');
    assert.equal(r.json.job.executor, 'codex', 'the workspace default executor');
    assert.equal(r.json.job.position, 1);
    const again = await mcp.call('start_run', { taskId });
    assert.equal(again.json.duplicate, true);
    assert.equal(again.json.job.id, r.json.job.id);

    const file = QueueFileSchema.parse(JSON.parse(readFileSync(join(ws, '.viban', 'queue.json'), 'utf8')));
    assert.equal(file.jobs.length, 1);
    assert.deepEqual(file.jobs[0].payload, { prompt: 'Only look, do not edit', permissionMode: 'plan' });
    assert.equal(file.jobs[0].taskId, taskId);

    // A worker (here: a queue with a runner in this process) picks the job up from the file.
    const ran: string[] = [];
    const worker = await JobQueue.open({ root: ws, watch: false, runJob: async (job) => (ran.push(job.id), { status: 'succeeded' }) });
    try {
      const ended = await worker.waitForEnd(r.json.job.id);
      assert.equal(ended.status, 'succeeded');
      assert.deepEqual(ran, [r.json.job.id]);
    } finally {
      await worker.dispose();
    }
    // Ended: a new start_run queues a new job.
    const third = await mcp.call('start_run', { taskId });
    assert.equal(third.json.duplicate, false);
  });
});
