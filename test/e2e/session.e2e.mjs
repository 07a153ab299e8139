// An agent run in a real VS Code: the real `claude` CLI, pointed at the scripted Anthropic server
// on 127.0.0.1 through the extension host's environment, driven from the board's task detail:
// confirmation card, streaming log, approval card, result footer, card status, replay after reload.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { BoardView } from './boardView.mjs';
import { useScriptedClaude } from './scriptedClaude.mjs';
import { FIXTURE_BOARD, useVSCode, waitFor } from './harness.mjs';
import { text, toolUse } from '../support/scriptedAnthropicServer.ts';

const TASK = 'Fix the flaky date test';
// A key-shaped secret in the extension host's environment, which the agent also "prints".
const PLANTED_KEY = 'sk-ant-api03-E2E-PLANTED-0123456789abcdefghij';

describe('session: running Claude Code on a card in a real VS Code', function () {
  const claude = useScriptedClaude({ ANTHROPIC_API_KEY: PLANTED_KEY });

  const vscode = useVSCode({
    board: FIXTURE_BOARD,
    env: claude.env,
    settings: {
      ...claude.settings,
      'viban.defaultExecutor': 'claude-code',
      'viban.defaultPermissionMode': 'ask',
    },
  });
  let board;
  let frame;
  before(async () => {
    board = new BoardView(vscode());
    await vscode().resizeSideBar(900);
  });

  async function openTask() {
    frame = await board.showBoard();
    // Wherever the card is: a successful run moves it to In Review (the column flow).
    const card = await board.card(TASK);
    await card.click();
    await frame.getByRole('button', { name: 'Run' }).first().waitFor({ timeout: 15_000 });
  }

  it('shows a confirmation card in plain words before anything runs', async function () {
    await openTask();
    // The demo workspace preselects the Demo agent; change it to the real Claude Code CLI.
    const confirm = await board.confirmRunWith(/Claude Code/);
    await waitFor(async () => /^Claude Code will work on/m.test(await confirm.innerText()), { message: 'the card to name Claude Code', timeout: 20_000 });
    const words = await confirm.innerText();
    assert.match(words, new RegExp(TASK));
    assert.match(words, /It will ask you before it edits files or runs commands\./);
    assert.equal(claude.server().mainRequests().length, 0, 'nothing reached the model before Start');
    await vscode().screenshot('session-confirmation');
  });

  it('streams the run, asks for approval, and writes the file only after Allow', async function () {
    const target = path.join(vscode().workspace, 'CHANGELOG.md');
    claude.server().push(
      { blocks: [text(`I will add a changelog entry for the date fix. (Your key is ${PLANTED_KEY}.)`), toolUse('Write', { file_path: target, content: '# Changelog\n\n- Fix the flaky date test\n' })] },
      { blocks: [text('Done: the changelog now mentions the fix.')], usage: { input_tokens: 321, output_tokens: 45 } },
    );
    await frame.getByRole('button', { name: 'Start' }).click();
    const banner = frame.getByRole('region', { name: 'The agent is waiting for you' });
    await banner.waitFor({ timeout: 60_000 });
    await waitFor(async () => /I will add a changelog entry/.test(await frame.locator('.session-log').innerText()), { message: 'the streamed assistant text', timeout: 20_000 });
    assert.match(await banner.innerText(), /Write/);
    const shown = await frame.locator('.session-log').innerText();
    assert.match(shown, /Your key is \[REDACTED\]/, 'the planted key is shown masked');
    assert.equal(shown.includes(PLANTED_KEY), false);
    assert.equal(existsSync(target), false, 'nothing is written before the user allows it');
    const status = await waitFor(async () => (await vscode().statusBarItems()).find((i) => /waiting for you/i.test(i.text)), { message: 'the status bar to say waiting for you', timeout: 10_000 });
    assert.match(status.text, /Viban/);
    await vscode().screenshot('session-approval');

    await banner.getByRole('button', { name: 'Allow', exact: true }).click();
    await waitFor(() => existsSync(target), { message: 'CHANGELOG.md to be written', timeout: 60_000 });
    assert.match(readFileSync(target, 'utf8'), /Fix the flaky date test/);
    await waitFor(async () => /Done: the changelog now mentions the fix\./.test(await frame.locator('.session-log').innerText()), { message: 'the final answer', timeout: 60_000 });
    // The footer: Claude Code's own totals for the run (both model calls), cost and turns.
    const footer = await waitFor(async () => {
      const t = (await frame.locator('.session-log').innerText()).replace(/,/g, '');
      return /Done · \$[\d.]+ · \d+ in \/ \d+ out tokens · 2 turns/.exec(t)?.[0];
    }, { message: 'the result footer with cost, tokens and turns', timeout: 30_000 });
    const [, input, output] = /(\d+) in \/ (\d+) out/.exec(footer);
    assert.ok(Number(input) >= 321 && Number(output) >= 45, footer);
    assert.doesNotMatch(await frame.locator('.session-log').innerText(), /^requesting$/m, 'bookkeeping lines stay out of the chat');
    await vscode().screenshot('session-finished');
  });

  it('shows the outcome on the card, which moved to In Review', async function () {
    frame = await board.showBoard();
    await board.waitForCard(TASK, 'In Review');
    const card = await board.card(TASK);
    await waitFor(async () => /Claude Code finished/.test(await card.innerText()), { message: 'the card to say Claude Code finished', timeout: 20_000 });
    await vscode().screenshot('session-card-done');
  });

  it('never writes the planted key to .viban/ or the Viban log', async function () {
    const leaks = [];
    const walk = (dir) => {
      for (const name of readdirSync(dir)) {
        const p = path.join(dir, name);
        if (statSync(p).isDirectory()) walk(p);
        else if (readFileSync(p, 'utf8').includes(PLANTED_KEY)) leaks.push(p);
      }
    };
    walk(path.join(vscode().workspace, '.viban'));
    for (const log of vscode().logFiles().filter((p) => /Viban\.log$/.test(p))) if (readFileSync(log, 'utf8').includes(PLANTED_KEY)) leaks.push(log);
    assert.deepEqual(leaks, []);
  });

  it('replays the whole conversation after the window reloads', async function () {
    await vscode().reload();
    await openTask();
    await waitFor(async () => {
      const t = await frame.locator('.session-log').innerText().catch(() => '');
      return /I will add a changelog entry/.test(t) && /Done: the changelog now mentions the fix\./.test(t);
    }, { message: 'the replayed log', timeout: 30_000 });
    await vscode().screenshot('session-replayed');
  });
});
