import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

/** What the board webview may load: only what ships in dist/ and media/. */
export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

/**
 * The board's HTML shell: a strict CSP (no remote content, scripts only by nonce, no inline
 * handlers), every asset through asWebviewUri. User text never goes into this HTML; it arrives
 * later as messages and is rendered as text by the app.
 */
export function boardHtml(webview: vscode.Webview, extensionUri: vscode.Uri, host: 'sidebar' | 'editor', view: 'board' | 'assist' = 'board'): string {
  const nonce = randomBytes(18).toString('base64');
  const asset = (...path: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...path)).toString();
  const csp = [
    "default-src 'none'",
    // The nonce lets exactly one kind of inline style in: the toolkit's (FAST) probe for
    // :focus-visible, a <style> element it stamps with the nonce from the csp-nonce meta below.
    // Without it Chromium logs a CSP violation per load. Style attributes stay blocked.
    `style-src ${webview.cspSource} 'nonce-${nonce}'`,
    `font-src ${webview.cspSource}`,
    `img-src ${webview.cspSource} data:`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<meta property="csp-nonce" content="${nonce}">
<link rel="stylesheet" href="${asset('dist', 'codicons', 'codicon.css')}" id="vscode-codicon-stylesheet">
<link rel="stylesheet" href="${asset('media', 'board.css')}">
<link rel="stylesheet" href="${asset('media', 'session.css')}">
<link rel="stylesheet" href="${asset('media', 'review.css')}">
<link rel="stylesheet" href="${asset('media', 'graph.css')}">
<link rel="stylesheet" href="${asset('media', 'assist.css')}">
<title>${view === 'assist' ? 'Viban Assist' : 'Viban Board'}</title>
</head>
<body data-host="${host}" data-view="${view}">
<div id="root"></div>
<script nonce="${nonce}" src="${asset('dist', 'webview.js')}"></script>
</body>
</html>`;
}
