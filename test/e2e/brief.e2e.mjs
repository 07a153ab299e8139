// Issue #14 in a real VS Code: the window opens after 10 h away (the demo's history) and the
// briefing appears by itself, its lines linking to cards; "Viban: Brief Me" shows it again; the
// Memory view lists what the project remembers, grouped, and forgets an item after confirmation.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { writeDemoHistory } from '../../scripts/demo-workspace.mjs';
import { makeWorkspace, sampleBoard, useVSCode, waitFor } from './harness.mjs';

const workspace = await makeWorkspace({ board: sampleBoard(), name: 'brief' });
await writeDemoHistory(workspace);

describe('briefing and memory (issue #14)', function () {
  this.timeout(120_000);
  const vscode = useVSCode({ workspace });

  it('opens a briefing by itself after a long absence, with links to the cards', async () => {
    const vsc = vscode();
    const frame = await vsc.webviewFrame('h1', { timeout: 60_000 });
    const text = await frame.locator('body').innerText();
    assert.match(text, /While you were away/);
    assert.match(text, /1 run finished · 1 failed · 0 waiting for you/);
    assert.match(text, /\$0\.60 spent/);
    assert.match(text, /"Fix the flaky date test" — Demo agent: Demo agent exited with code 1/);
    assert.match(text, /Revisit the retry policy for flaky reads this week\./);
    const href = await frame.locator('section.failed a').first().getAttribute('href');
    assert.equal(decodeURIComponent(href), 'command:viban.showTask?["demo-3"]');
    await vsc.screenshot('brief-auto');
  });

  it('Viban: Brief Me shows the briefing on demand', async () => {
    const vsc = vscode();
    await vsc.page.keyboard.press('Control+K').catch(() => {});
    await vsc.page.keyboard.press('W').catch(() => {});
    await vsc.runCommand('Viban: Brief Me');
    const frame = await vsc.webviewFrame('section.finished', { timeout: 30_000 });
    assert.match(await frame.locator('section.finished').innerText(), /"Add a --json flag to the CLI" — Demo agent finished · \$0\.42/);
    await vsc.screenshot('brief-me');
  });

  it('the Memory view lists items by category and forgets one after confirmation', async () => {
    const vsc = vscode();
    await vsc.runCommand('Viban: Focus on Memory View');
    const tree = vsc.page.locator('.pane', { has: vsc.page.locator('.pane-header', { hasText: 'Memory' }) });
    const row = (re) => tree.locator('.monaco-list-row', { hasText: re }).first();
    await row(/Decisions/).waitFor({ state: 'visible', timeout: 30_000 });
    for (const re of [/Preferences/, /Open questions/, /wc-top uses only the Node\.js standard library/, /Tests use node:test/]) await row(re).waitFor({ state: 'visible', timeout: 10_000 });
    assert.match(await row(/Revisit the retry policy/).innerText(), /90%/);
    await vsc.screenshot('memory-view');

    const target = row(/Tests use node:test/);
    await target.hover();
    await target.locator('.action-label[aria-label="Forget"]').click();
    const dialog = vsc.page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible', timeout: 10_000 });
    assert.match(await dialog.innerText(), /Forget "Tests use node:test/);
    await vsc.screenshot('memory-forget-confirm');
    await dialog.locator('.monaco-button', { hasText: 'Forget' }).click();
    const file = path.join(workspace, '.viban', 'memory.json');
    await waitFor(() => !readFileSync(file, 'utf8').includes('Tests use node:test'), { timeout: 10_000, message: 'the item gone from memory.json' });
    await waitFor(async () => (await tree.locator('.monaco-list-row', { hasText: /Tests use node:test/ }).count()) === 0, { timeout: 10_000, message: 'the row gone from the view' });
    assert.equal(JSON.parse(readFileSync(file, 'utf8')).items.length, 3);
    await vsc.screenshot('memory-after-forget');
  });
});
