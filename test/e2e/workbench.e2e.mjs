// The real VS Code (code-server) serves the workbench with this extension installed: what the
// manifest contributes is there whatever state the extension's code is in.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { useVSCode, waitFor } from './harness.mjs';

describe('workbench: the extension in a real VS Code', function () {
  const vscode = useVSCode();

  it('shows a "Viban" entry in the activity bar', async function () {
    const vsc = vscode();
    // Contributed containers appear once the extension host has scanned the extensions.
    const labels = await waitFor(async () => {
      const now = await vsc.activityBarLabels();
      return now.some((l) => l.startsWith('Viban')) && now;
    }, { timeout: 30_000, message: 'an activity-bar item labelled "Viban…"' }).catch(async (err) => {
      throw new Error(`${err.message}; items: ${(await vsc.activityBarLabels()).join(', ')}`);
    });
    assert.ok(labels.some((l) => l.startsWith('Viban')), `activity-bar items: ${labels.join(', ')}`);
  });

  it('opens the Viban container with the "Board" view when the entry is clicked', async function () {
    const vsc = vscode();
    await vsc.activityBarItem('Viban').click();
    const titles = await vsc.sideBarViewTitles();
    // A container with a single view merges it into its title: "Viban: Board".
    assert.ok(titles.some((t) => /\bBoard\b/.test(t)), `side-bar titles: ${titles.join(' | ')}`);
    assert.match(await vsc.sideBarTitle(), /^Viban/i);
    const shot = await vsc.screenshot('workbench-viban-view');
    assert.ok(existsSync(shot));
  });

  it('lists the Viban commands in the command palette', async function () {
    const labels = await vscode().findCommands('Viban:');
    for (const command of ['Viban: New Task', 'Viban: Open Board in Editor', 'Viban: Focus on Board View']) {
      assert.ok(labels.includes(command), `"${command}" missing; palette shows: ${labels.join(' | ')}`);
    }
  });
});
