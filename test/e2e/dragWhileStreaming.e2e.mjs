// Issue #10: a card dragged while an agent streams stays where it was dropped. The agent's status
// reaches the board as small live pushes; board.json is written when a run starts or ends, not for
// every line the agent prints, so nothing the run does can put a moved card back.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { BoardView } from './boardView.mjs';
import { useScriptedClaude } from './scriptedClaude.mjs';
import { FIXTURE_BOARD, sleep, useVSCode, waitFor } from './harness.mjs';
import { text } from '../support/scriptedAnthropicServer.ts';

const RUNNING = 'Fix the flaky date test';
const DRAGGED = 'Support reading from stdin';
// Long enough, sent 12 characters an event every 50 ms, to stream for about twenty seconds.
const STREAM = Array.from({ length: 80 }, (_, i) => `Step ${i + 1}: looking at how the date test depends on the clock. `).join('');

// Both places a run can live: the window's extension host, and a detached `viban worker` (the
// default), whose writes reach the window only through .viban/.
for (const mode of ['window', 'background']) describe(`board (${mode} runs): a card dragged while an agent streams stays where it was dropped`, function () {
  const claude = useScriptedClaude();
  const vscode = useVSCode({
    board: FIXTURE_BOARD,
    env: claude.env,
    settings: { ...claude.settings, 'viban.defaultExecutor': 'claude-code', 'viban.defaultPermissionMode': 'ask', 'viban.worker.mode': mode },
  });
  let board;
  // A background worker outlives windows by design: the test ends the one the extension started
  // (SIGTERM: it deregisters and exits), so no process is left behind, passed or failed.
  afterEach(async () => {
    const workers = path.join(vscode().workspace, '.viban', 'workers');
    const records = existsSync(workers) ? readdirSync(workers).filter((n) => n.endsWith('.json')) : [];
    for (const name of records) {
      const { pid } = JSON.parse(readFileSync(path.join(workers, name), 'utf8'));
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        continue; // already gone
      }
      await waitFor(() => !existsSync(path.join(workers, name)), { message: `the worker ${pid} to deregister`, timeout: 30_000 });
    }
  });
  before(async () => {
    board = new BoardView(vscode());
    await vscode().resizeSideBar(900);
  });

  it('keeps the dropped card in place through the run, and board.json is not rewritten while the agent streams', async function () {
    claude.server().push({ blocks: [text(STREAM)], eventDelayMs: 50, usage: { input_tokens: 50, output_tokens: 400 } });
    let frame = await board.showBoard();
    await (await board.card(RUNNING)).click();
    await frame.getByRole('button', { name: 'Run', exact: true }).first().waitFor({ timeout: 15_000 });
    await board.confirmRunWith(/Claude Code/);
    await frame.getByRole('button', { name: 'Start' }).click();
    await waitFor(async () => /Step \d+:/.test(await frame.locator('.session-log').innerText()), { message: 'the agent to be streaming', timeout: 60_000 });

    frame = await board.showBoard();
    await board.drag(DRAGGED, 'Todo');
    await board.waitForCard(DRAGGED, 'Todo');
    const boardFile = path.join(vscode().workspace, '.viban', 'board.json');
    await waitFor(async () => (await vscode().readBoard()).tasks.find((t) => t.title === DRAGGED)?.columnId === 'todo', { message: 'the move to be saved' });
    const savedAt = statSync(boardFile).mtimeMs;

    // The agent keeps streaming: the card must not move back, and nothing rewrites the board.
    assert.equal(await vscode().endedSessionOf(RUNNING), undefined, 'the run is still going while we watch');
    for (let i = 0; i < 10; i++) {
      assert.equal(await (await board.card(DRAGGED, 'Todo')).count(), 1, `the dragged card left Todo after ${i * 300} ms`);
      await sleep(300);
    }
    assert.equal(await vscode().endedSessionOf(RUNNING), undefined, 'the agent was still streaming during the whole check');
    assert.equal(statSync(boardFile).mtimeMs, savedAt, 'board.json was rewritten while the agent streamed');
    await vscode().screenshot(`drag-while-streaming-${mode}`);

    const ended = await waitFor(() => vscode().endedSessionOf(RUNNING), { message: 'the run to end', timeout: 90_000 });
    assert.equal(ended.status, 'succeeded', ended.error);
    await board.waitForCard(DRAGGED, 'Todo');
    // The session record ends first; the card's final status is written to the board right after.
    const ran = async () => (await vscode().readBoard()).tasks.find((t) => t.title === RUNNING);
    await waitFor(async () => (await ran()).agentStatus === 'done', { message: 'the final status to be saved on the card', timeout: 20_000 });
    assert.equal((await ran()).agentStatusMessage, 'Claude Code finished');
    const saved = (await vscode().readBoard()).tasks.find((t) => t.title === DRAGGED);
    assert.equal(saved.columnId, 'todo', 'the end of the run kept the move too');
    // The card's badge says "Finished" (its detail, "Claude Code finished", only repeats it).
    const badge = (await board.card(RUNNING)).locator('.card-badge[class*="status-"]');
    await waitFor(async () => (await badge.count()) === 1 && (await badge.innerText()).trim() === 'Finished', { message: 'the running card to show the final status', timeout: 20_000 });
    await vscode().screenshot(`drag-while-streaming-${mode}-done`);
  });
});
