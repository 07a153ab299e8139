// The whole loop with real parts: `viban run` starts the REAL Claude Code CLI against the scripted
// model server; Viban configures `viban mcp` for the run; the scripted model calls the viban
// server's create_task tool; the real CLI starts the real server and calls it; the card lands in
// board.json attributed to the run's session. Then the SDK client reads that session back.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { text, toolUse } from '../../support/scriptedAnthropicServer';
import { claudeWorld, type ClaudeWorld } from '../../support/claudeHarness';
import { CLAUDE_BIN, lastLine, listSessions, readBoard, runCli, writeSettings } from '../cli/cliHarness';
import { connectVibanMcp, type VibanMcp } from './mcpClient';

function toolNames(body: any): string[] {
  return (body?.tools ?? []).map((t: { name: string }) => t.name);
}

/** The tool_result the CLI sent back to the model for a tool_use id. */
function toolResult(body: any, id: string): string {
  for (const m of body.messages ?? []) {
    for (const c of Array.isArray(m.content) ? m.content : []) {
      if (c.type === 'tool_result' && c.tool_use_id === id) return typeof c.content === 'string' ? c.content : JSON.stringify(c.content);
    }
  }
  return '';
}

describe('viban mcp inside a Viban run of the real Claude Code CLI', function () {
  this.timeout(120_000);
  let world: ClaudeWorld | undefined;
  let mcp: VibanMcp | undefined;
  afterEach(async () => {
    await mcp?.close();
    mcp = undefined;
    await world?.dispose();
    world = undefined;
  });

  async function setup(settings: Record<string, unknown> = {}) {
    world = await claudeWorld();
    writeSettings(world.repo, { executors: { paths: { 'claude-code': CLAUDE_BIN } }, ...settings });
    const add = await runCli(['add', 'Refactor the exporter', '-w', world.repo]);
    return { w: world, ws: world.repo, taskId: lastLine(add.stdout) };
  }

  it('the agent files a follow-up with create_task: the card is on the board, created by the session', async () => {
    const { w, ws, taskId } = await setup();
    // Claude Code defers MCP tools: the model loads the schema with ToolSearch, then calls it.
    w.server.push(
      { blocks: [text('I found a follow-up; filing it.'), toolUse('ToolSearch', { query: 'select:mcp__viban__create_task', max_results: 1 }, 'toolu_search1')] },
      { blocks: [toolUse('mcp__viban__create_task', { title: 'Follow-up: add tests for the exporter', description: 'Found while refactoring' }, 'toolu_create1')] },
      { blocks: [text('Filed the follow-up. Refactor done: FINAL-ANSWER-42.')] },
    );
    const r = await runCli(['run', taskId, '--mode', 'auto-edit', '-w', ws], { env: w.env, timeoutMs: 110_000 });
    assert.equal(r.code, 0, r.stdout + r.stderr);

    const [meta] = listSessions(ws);
    const main = w.server.mainRequests();
    assert.match(JSON.stringify(main[0].body), /mcp__viban__create_task/, 'the viban tools are offered to the model');
    assert.match(toolResult(main[1].body, 'toolu_search1'), /mcp__viban__create_task/);
    const result = toolResult(main[2].body, 'toolu_create1');
    assert.match(result, /"created"/, `the CLI's tool result: ${result}`);

    const board = readBoard(ws);
    const card = board.tasks.find((t) => t.title === 'Follow-up: add tests for the exporter');
    assert.ok(card, `no follow-up card in ${JSON.stringify(board.tasks.map((t) => t.title))}`);
    assert.deepEqual(card.createdBy, { sessionId: meta.id });
    assert.equal(card.description, 'Found while refactoring');
    assert.match(result, new RegExp(card.id));
    assert.ok(!readFileSync(join(ws, '.viban', 'board.json'), 'utf8').includes('ANTHROPIC'), 'no environment leaked into the board');

    // The session is readable through the server afterwards: summary, final answer, last outcome.
    mcp = await connectVibanMcp(ws);
    const session = await mcp.call('get_session', { sessionId: meta.id });
    assert.equal(session.isError, false, session.text);
    assert.equal(session.json.session.status, 'succeeded');
    assert.equal(session.json.session.taskId, taskId);
    assert.match(session.json.finalAnswer, /FINAL-ANSWER-42/);
    const byTask = await mcp.call('get_session', { taskId });
    assert.equal(byTask.json.session.id, meta.id);
    const task = await mcp.call('get_task', { taskId });
    assert.equal(task.json.lastOutcome.sessionId, meta.id);
    assert.equal(task.json.lastOutcome.status, 'succeeded');
    assert.match(task.json.lastOutcome.answer, /FINAL-ANSWER-42/);
    const followUp = await mcp.call('get_task', { taskId: card.id });
    assert.deepEqual(followUp.json.createdBy, { sessionId: meta.id });
  });

  it('mcp.exposeToAgents: false — the agent gets no viban server', async () => {
    const { w, ws, taskId } = await setup({ mcp: { exposeToAgents: false } });
    w.server.push({ blocks: [text('Nothing to file.')] });
    const r = await runCli(['run', taskId, '--mode', 'auto-edit', '-w', ws], { env: w.env, timeoutMs: 110_000 });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const first = w.server.mainRequests()[0].body;
    assert.ok(toolNames(first).length > 0);
    assert.doesNotMatch(JSON.stringify(first), /mcp__viban__/);
  });
});
