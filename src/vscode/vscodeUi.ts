// The controllers' ports (src/controllers/ports.ts) implemented with the real VS Code API: dialogs,
// editors, windows, settings and secrets. Only glue: every decision is in the controllers.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DiffSide, HostSettings, HostUi, Log } from '../controllers/ports';
import { baseUri } from './baseContent';
import { Logger, errorText } from './logger';
import { openMergeEditor } from './mergeEditor';
import { runConfig, runTimeoutMs, setSkipConfirmation } from './runSettings';

export function vscodeUi(commands: { openBoardInEditor(): unknown }): HostUi {
  const uriOf = (side: DiffSide) => (side.kind === 'base' ? baseUri(side.folder, side.ref, side.path, side.empty) : vscode.Uri.file(side.path));
  return {
    ask: (message, options, ...buttons) => Promise.resolve(vscode.window.showWarningMessage(message, options, ...buttons)),
    info: (message) => void vscode.window.showInformationMessage(message),
    error: (message) => void vscode.window.showErrorMessage(message),
    pick: (items, options) => Promise.resolve(vscode.window.showQuickPick(items, options)),
    input: (options) => Promise.resolve(vscode.window.showInputBox({ ...options, ignoreFocusOut: true })),
    pickFolder: async (options) => (await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, ...options }))?.[0]?.fsPath,
    withProgress: (title, task) => Promise.resolve(vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title }, task)),
    openFolderDialog: async () => void (await vscode.commands.executeCommand('vscode.openFolder')),
    openFolderInNewWindow: async (folder) => void (await vscode.commands.executeCommand('vscode.openFolder', vscode.Uri.file(folder), { forceNewWindow: true })),
    openBoardInEditor: async () => void (await commands.openBoardInEditor()),
    openDiff: async (left, right, title) => void (await vscode.commands.executeCommand('vscode.diff', uriOf(left), uriOf(right), title, { preview: true })),
    openFile: async (file, options) => {
      if (options?.preview) await vscode.window.showTextDocument(vscode.Uri.file(file), { preview: true });
      else await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(file));
    },
    openExternal: async (url) => void (await vscode.env.openExternal(vscode.Uri.parse(url))),
    openMergeEditor,
    closeEditorsUnder,
  };
}

export function vscodeSettings(secrets: vscode.SecretStorage | undefined): HostSettings {
  return {
    runConfig,
    runTimeoutMs,
    setSkipConfirmation,
    marketplaceUrl: () => vscode.workspace.getConfiguration('viban.skills').get<string>('marketplaceUrl') || undefined,
    secret: async (key) => secrets?.get(key),
    storeSecret: async (key, value) => void (await secrets?.store(key, value)),
  };
}

/** The "Viban" log channel as the controllers' log port. */
export function vscodeLog(component: string): Log {
  const logger = new Logger(component);
  return { info: (m) => logger.info(m), warn: (m) => logger.warn(m), error: (m, err) => logger.error(m, err), errorText };
}

/** Closes the editor tabs (diffs and plain files) showing files under `folder`. */
async function closeEditorsUnder(folder: string): Promise<void> {
  const inside = (uri: vscode.Uri | undefined) => {
    if (!uri) return false;
    const p = uri.scheme === 'file' ? uri.fsPath : uri.query ? folderOfBaseUri(uri) : undefined;
    return p !== undefined && (p === folder || p.startsWith(folder + path.sep));
  };
  const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((tab) => {
    const input = tab.input;
    if (input instanceof vscode.TabInputTextDiff) return inside(input.modified) || inside(input.original);
    if (input instanceof vscode.TabInputText) return inside(input.uri);
    return false;
  });
  if (tabs.length) await vscode.window.tabGroups.close(tabs, true);
}

/** The folder a base-content URI (baseContent.ts) reads from. */
function folderOfBaseUri(uri: vscode.Uri): string | undefined {
  return new URLSearchParams(uri.query).get('folder') ?? undefined;
}
