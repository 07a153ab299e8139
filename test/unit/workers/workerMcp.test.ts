// A background worker gives the agents it runs the `viban mcp` server exactly as a window or
// `viban run` does: the real Claude Code CLI, started by a real `viban worker`, is offered the viban
// tools and files a card through them; with mcp.exposeToAgents off — in .viban/settings.json, or
// handed over by the window (viban.mcp.exposeToAgents, Restricted Mode) — the agent gets none.
import { strict as assert } from 'node:assert';
import { claudeWorld, type ClaudeWorld } from '../../support/claudeHarness';
import { text, toolUse } from '../../support/scriptedAnthropicServer';
import { CLAUDE_BIN, lastLine, readBoard, readSession, runCli, startCli, writeSettings } from '../cli/cliHarness';

describe('workers: the agents a worker runs get viban mcp', function () {
  this.timeout(180_000);
  let world: ClaudeWorld | undefined;
  afterEach(async () => {
    await world?.dispose();
    world = undefined;
  });

  /** Queues a Claude Code run with `viban run --detach`, drains it with `viban worker --once`. */
  async function runThroughWorker(w: ClaudeWorld, workerEnv: Record<string, string> = {}) {
    const taskId = lastLine((await runCli(['add', 'Refactor the exporter', '-w', w.repo])).stdout);
    const detach = await runCli(['run', taskId, '--detach', '--mode', 'auto-edit', '-w', w.repo]);
    assert.equal(detach.code, 0, detach.stdout + detach.stderr);
    const sessionId = lastLine(detach.stdout);
    const done = await startCli(['worker', '-w', w.repo, '--id', 'bg', '--once', '--heartbeat-ms', '500', '--stale-ms', '5000'], { cwd: w.repo, env: { ...w.env, ...workerEnv }, timeoutMs: 170_000 }).done;
    assert.equal(done.code, 0, done.stdout + done.stderr);
    const session = readSession(w.repo, sessionId);
    assert.equal(session.status, 'succeeded', `the worker's run: ${session.status}`);
    assert.ok(session.ownerPid && session.ownerPid !== process.pid);
    return { taskId, sessionId };
  }

  it('on by default: the worker\'s Claude Code is offered the viban tools and files a card attributed to its session', async () => {
    const w = (world = await claudeWorld());
    writeSettings(w.repo, { executors: { paths: { 'claude-code': CLAUDE_BIN } } });
    // Claude Code defers MCP tools: the model loads the schema with ToolSearch, then calls it.
    w.server.push(
      { blocks: [text('Filing a follow-up.'), toolUse('ToolSearch', { query: 'select:mcp__viban__create_task', max_results: 1 }, 'toolu_search1')] },
      { blocks: [toolUse('mcp__viban__create_task', { title: 'Follow-up filed from a worker', description: 'through viban mcp' }, 'toolu_create1')] },
      { blocks: [text('Done.')] },
    );
    const { sessionId } = await runThroughWorker(w);
    assert.match(JSON.stringify(w.server.mainRequests()[0].body), /mcp__viban__create_task/, 'the viban tools are offered to the model');
    const card = readBoard(w.repo).tasks.find((t) => t.title === 'Follow-up filed from a worker');
    assert.ok(card, 'the card the agent filed through viban mcp is on the board');
    assert.deepEqual(card.createdBy, { sessionId });
  });

  it('off when the window hands over viban.mcp.exposeToAgents = false (or Restricted Mode): no viban tools', async () => {
    const w = (world = await claudeWorld());
    writeSettings(w.repo, { executors: { paths: { 'claude-code': CLAUDE_BIN } } });
    w.server.push({ blocks: [text('Nothing to file.')] });
    await runThroughWorker(w, { VIBAN_EDITOR_EXECUTORS: JSON.stringify({ mcp: { exposeToAgents: false } }) });
    const first = JSON.stringify(w.server.mainRequests()[0].body);
    assert.match(first, /Refactor the exporter/, 'this is the run\'s request');
    assert.doesNotMatch(first, /mcp__viban__/, 'no viban tool is offered');
  });

  it('off in .viban/settings.json (mcp.exposeToAgents: false): no viban tools', async () => {
    const w = (world = await claudeWorld());
    writeSettings(w.repo, { executors: { paths: { 'claude-code': CLAUDE_BIN } }, mcp: { exposeToAgents: false } });
    w.server.push({ blocks: [text('Nothing to file.')] });
    await runThroughWorker(w);
    const first = JSON.stringify(w.server.mainRequests()[0].body);
    assert.match(first, /Refactor the exporter/);
    assert.doesNotMatch(first, /mcp__viban__/);
  });
});
