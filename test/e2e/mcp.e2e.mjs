// `viban mcp` in a real VS Code: a card's run of the real `claude` CLI (scripted model on
// 127.0.0.1) gets Viban's board server from the extension (viban.mcp.exposeToAgents, on by
// default); the model files a follow-up through create_task, and the card appears live on the
// board, saying which session created it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { BoardView } from './boardView.mjs';
import { useScriptedClaude } from './scriptedClaude.mjs';
import { FIXTURE_BOARD, useVSCode, waitFor } from './harness.mjs';
import { text, toolUse } from '../support/scriptedAnthropicServer.ts';

const TASK = 'Support reading from stdin';
const FOLLOW_UP = 'Follow-up: document stdin in the README';

describe('mcp: an agent files a follow-up card through viban mcp in a real VS Code', function () {
  const claude = useScriptedClaude();
  const vscode = useVSCode({
    board: FIXTURE_BOARD,
    env: claude.env,
    settings: { ...claude.settings, 'viban.defaultExecutor': 'claude-code', 'viban.defaultPermissionMode': 'auto-edit' },
  });

  it('the card the agent creates appears live, created by the run’s session', async function () {
    this.timeout(240_000);
    const board = new BoardView(vscode());
    await vscode().resizeSideBar(900);
    const frame = await board.showBoard();
    await (await board.card(TASK)).click();
    await frame.getByRole('button', { name: 'Run', exact: true }).first().waitFor({ timeout: 15_000 });
    const confirm = await board.confirmRunWith(/Claude Code/);
    claude.server().push(
      // Claude Code defers MCP tools: the model loads the schema with ToolSearch, then calls it.
      { blocks: [text('Reading from stdin needs a README note; filing a follow-up.'), toolUse('ToolSearch', { query: 'select:mcp__viban__create_task', max_results: 1 })] },
      { blocks: [toolUse('mcp__viban__create_task', { title: FOLLOW_UP, description: 'Say that `wc -` reads stdin.' })] },
      { blocks: [text('Done. I filed a follow-up card for the README.')] },
    );
    await confirm.getByRole('button', { name: 'Start' }).click();

    // Board changes through MCP run unasked only in Auto-edit and Full auto; in Ask me the person
    // answers an approval card for create_task first, like for any tool.
    const session = await waitFor(async () => {
      const id = (await vscode().readBoard()).tasks.find((t) => t.title === TASK)?.lastSessionId;
      return id && JSON.parse(readFileSync(path.join(vscode().workspace, '.viban', 'sessions', `${id}.json`), 'utf8'));
    }, { message: 'the run’s session', timeout: 30_000 });
    if (session.permissionMode === 'ask' || session.permissionMode === undefined) {
      const banner = frame.getByRole('region', { name: 'The agent is waiting for you' });
      await banner.waitFor({ timeout: 90_000 });
      assert.match(await banner.innerText(), /mcp__viban__create_task/);
      assert.match(await banner.innerText(), new RegExp(FOLLOW_UP));
      await vscode().screenshot('mcp-approval-create-task');
      await banner.getByRole('button', { name: 'Allow', exact: true }).click();
    }

    const saved = await waitFor(async () => (await vscode().readBoard()).tasks.find((t) => t.title === FOLLOW_UP), { message: 'the follow-up in board.json', timeout: 90_000 });
    const ran = (await vscode().readBoard()).tasks.find((t) => t.title === TASK);
    assert.ok(saved.createdBy?.sessionId, 'the card records the session that created it');
    assert.equal(saved.createdBy.sessionId, ran.lastSessionId, 'it is the session of the card’s run');

    // Live on the board, without a reload.
    await board.showBoard();
    const card = await waitFor(async () => {
      const c = await board.card(FOLLOW_UP);
      return (await c.count()) === 1 ? c : undefined;
    }, { message: 'the follow-up card on the board', timeout: 20_000 });
    assert.match(await card.innerText(), new RegExp(`Created by session ${saved.createdBy.sessionId}`));
    await card.scrollIntoViewIfNeeded();
    await vscode().screenshot('mcp-follow-up-card');
  });
});
