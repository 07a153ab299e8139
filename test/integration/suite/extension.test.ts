// Runs inside a real VS Code extension host (desktop through @vscode/test-electron, or code-server's
// Node extension host through runInCodeServer.mjs): the extension activates and its commands exist.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'viban.viban';

describe('Viban in a VS Code extension host', () => {
  it('is installed and activates', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not loaded in this extension host`);
    await extension.activate();
    assert.equal(extension.isActive, true);
  });

  it('registers viban.newTask, viban.openBoardInEditor and viban.focusBoard', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const id of ['viban.newTask', 'viban.openBoardInEditor', 'viban.focusBoard']) {
      assert.ok(registered.has(id), `command ${id} is not registered`);
    }
  });

  it('registers every command its package.json contributes', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    const contributed: { command: string }[] = extension?.packageJSON?.contributes?.commands ?? [];
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.map((c) => c.command).filter((id) => !registered.has(id));
    assert.deepEqual(missing, [], `contributed but not registered: ${missing.join(', ')}`);
  });

  it('runs viban.focusBoard without an error', async () => {
    await vscode.commands.executeCommand('viban.focusBoard');
  });
});
