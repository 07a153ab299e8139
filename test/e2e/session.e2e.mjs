// An agent run in a real VS Code: the real `claude` CLI, pointed at the scripted Anthropic server
// on 127.0.0.1 through the extension host's environment, driven from the board's task detail:
// confirmation card, streaming log, approval card, result footer, card status, replay after reload.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, realpathSync, statSync, writeFileSync } from 'node:fs';
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
      // The DOM renderer, so the terminal's text can be read (the canvas/WebGL ones draw pixels).
      'terminal.integrated.gpuAcceleration': 'off',
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
    await frame.getByRole('button', { name: 'Run', exact: true }).first().waitFor({ timeout: 15_000 });
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
    // The card's one status (src/protocol/taskState.ts), the same word as the detail header's.
    await waitFor(async () => /\bFinished\b/.test(await card.innerText()), { message: 'the card to say Finished', timeout: 20_000 });
    assert.doesNotMatch(await card.innerText(), /Thinking|Waiting for you/);
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
  it('continues the same agent session in Claude Code\'s own terminal UI (Open in Terminal), recording it', async function () {
    // The real `claude` TUI under node-pty in a VS Code terminal. Its first-run questions (theme,
    // "use this API key?", "trust this folder?") are answered in its config as a user would have.
    const home = claude.env.HOME;
    const configFile = path.join(home, '.claude.json');
    const config = existsSync(configFile) ? JSON.parse(readFileSync(configFile, 'utf8')) : {};
    const folders = [vscode().workspace, realpathSync(vscode().workspace)];
    writeFileSync(configFile, JSON.stringify({
      ...config,
      hasCompletedOnboarding: true,
      theme: 'dark',
      customApiKeyResponses: { approved: [PLANTED_KEY.slice(-20)], rejected: [] },
      projects: { ...config.projects, ...Object.fromEntries(folders.map((f) => [f, { ...config.projects?.[f], hasTrustDialogAccepted: true, hasCompletedProjectOnboarding: true }])) },
    }));
    claude.server().push({ blocks: [text('Picking up in the terminal: the changelog is done.')] });
    const before = claude.server().mainRequests().length;
    const sessionsDir = path.join(vscode().workspace, '.viban', 'sessions');
    const earlier = new Set(readdirSync(sessionsDir));

    await openTask();
    await frame.getByRole('button', { name: 'Open in Terminal' }).click();
    const page = vscode().page;
    const panel = page.locator('.part.panel');
    await waitFor(async () => /Claude Code: Fix the flaky date test/.test(await panel.innerText().catch(() => '')), { message: 'a terminal named after the agent and the task', timeout: 20_000 });
    // The TUI resumes the run's own session and waits for input; what is typed reaches it.
    const newLog = () => [...readdirSync(sessionsDir)].find((f) => f.endsWith('.jsonl') && !earlier.has(f));
    await waitFor(() => newLog(), { message: 'a session for the terminal run', timeout: 30_000 });
    await waitFor(async () => /auto mode|for shortcuts|❯/.test(await panel.innerText().catch(() => '')), { message: 'the TUI to be ready for input', timeout: 30_000 });
    await page.locator('.part.panel .xterm').first().click();
    await page.keyboard.type('What is left to do?');
    await page.keyboard.press('Enter');
    await waitFor(() => claude.server().mainRequests().length > before, { message: 'the typed message to reach the model', timeout: 30_000 });
    const request = JSON.stringify(claude.server().mainRequests().at(-1));
    assert.match(request, /What is left to do\?/);
    assert.match(request, /I will add a changelog entry/, 'the terminal resumed the earlier conversation');
    // The whole answer (it may wrap), as a person would wait for it before typing again.
    await waitFor(async () => /Picking up in the terminal: the changelog is\s+done\./.test(await panel.innerText().catch(() => '')), { message: 'the answer shown in the terminal', timeout: 30_000 });
    assert.match(await frame.locator('.task-detail, body').first().innerText(), /In Claude Code's terminal/, 'the card says where the agent runs');
    await vscode().screenshot('session-terminal');
    // Quitting the TUI ends the session; the log holds what the screen showed, as text.
    await page.keyboard.type('/exit');
    await page.keyboard.press('Enter');
    const sessionId = newLog().replace(/\.jsonl$/, '');
    const meta = await waitFor(() => {
      const m = vscode().sessionMeta(sessionId);
      return m.status !== 'running' && m;
    }, { message: 'the terminal session to end', timeout: 30_000 });
    assert.equal(meta.status, 'succeeded', meta.error);
    const recorded = readFileSync(path.join(sessionsDir, newLog()), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
    const rows = recorded.filter((e) => e.kind === 'raw').map((e) => e.line);
    // The TUI word-wraps to the terminal's width: compare the text with rows joined.
    const transcript = rows.join(' ').replace(/\s+/g, ' ');
    assert.match(transcript, /Picking up in the terminal: the changelog is done\./, rows.join('\n'));
    assert.deepEqual(recorded.filter((e) => e.kind === 'user').slice(1).map((e) => e.text), ['What is left to do?', '/exit'], 'what was typed is recorded as the user\'s turns');
    assert.equal(rows.filter((r) => /Picking up in the terminal/.test(r)).length, 1, 'a redrawn row is recorded once');
    assert.equal(JSON.stringify(recorded).includes(PLANTED_KEY), false, 'the key the TUI showed is masked in the record');
  });
});
