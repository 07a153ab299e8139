// The board where VS Code limits or widens it: a Restricted Mode (untrusted) workspace, where the
// board stays editable but nothing runs, and the wide editor tab, which stays in sync with the
// sidebar.
import assert from 'node:assert/strict';
import { BoardView } from './boardView.mjs';
import { FIXTURE_BOARD, useVSCode, waitFor } from './harness.mjs';

describe('restricted: an untrusted workspace in a real VS Code', function () {
  const vscode = useVSCode({ board: FIXTURE_BOARD, trusted: false });

  it('shows the board with an explanation, lets you edit it, and does not let agents run', async function () {
    const board = new BoardView(vscode());
    const frame = await board.open();
    await waitFor(async () => /Restricted mode: the board can be edited, but agents won't run/.test(await board.text()), { message: 'the restricted-mode banner' });
    await board.moveWithMenu('Fix the flaky date test', 'Done');
    await waitFor(async () => (await vscode().readBoard()).tasks.find((t) => t.title === 'Fix the flaky date test')?.columnId === 'done', { message: 'the move to be saved' });

    await (await board.card('Fix the flaky date test')).click();
    const run = frame.getByRole('button', { name: 'Run', exact: true }).first();
    await run.waitFor({ timeout: 15_000 });
    assert.equal(await run.isDisabled(), true, 'Run is disabled in Restricted Mode');
    await waitFor(async () => /Agents don't run in Restricted Mode/.test(await frame.locator('body').innerText()), { message: 'the explanation next to Run' });
    await vscode().screenshot('restricted-mode');
  });
});

describe('editor tab: the board in a wide editor', function () {
  const vscode = useVSCode({ board: FIXTURE_BOARD });

  it('opens with "Viban: Open Board in Editor" and follows changes made in the sidebar', async function () {
    const vsc = vscode();
    const board = new BoardView(vsc);
    await board.open();
    await vsc.runCommand('Viban: Open Board in Editor');
    await vsc.page.locator('.tabs-container .tab', { hasText: 'Viban Board' }).waitFor({ timeout: 20_000 });
    const editor = await vsc.webviewFrame('body[data-host="editor"] [role="list"]');
    const editorText = async () => editor.locator('body').innerText();
    assert.match(await editorText(), /Fix the flaky date test/);

    await board.moveWithMenu('Fix the flaky date test', 'In Review');
    await waitFor(
      async () => {
        const list = editor.getByRole('list', { name: /^In Review/ });
        return (await list.innerText()).includes('Fix the flaky date test');
      },
      { message: 'the editor tab to show the card in In Review', timeout: 10_000 },
    );
    await vsc.screenshot('board-editor-tab');
  });
});
