// One message router per side (issue #10): the host reads webview messages in one place and
// dispatches them through one table in controllers that never touch `vscode`; the webview has one
// listener, one table, and one set of requests waiting for replies.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { filesMatching, importsOf, rel, repoRoot, sourceFiles } from './sourceScan';

describe('architecture: one message router per side', () => {
  it('src/controllers/ imports neither vscode nor the src/vscode/ adapters (its tests run without the editor)', () => {
    const offenders = sourceFiles(join(repoRoot, 'src', 'controllers')).flatMap((f) =>
      importsOf(readFileSync(f, 'utf8'))
        .filter((spec) => spec === 'vscode' || /(^|\/)vscode\//.test(spec))
        .map((spec) => `${rel(f)} -> ${spec}`),
    );
    assert.deepEqual(offenders, []);
  });

  it('webview messages are parsed by the host only in its router', () => {
    assert.deepEqual(filesMatching(['src', 'webview'], /\bparseFromWebview\(/), ['src/controllers/router.ts']);
  });

  it('host messages reach the webview through one listener, the one that validates them', () => {
    assert.deepEqual(filesMatching(['webview'], /addEventListener\(\s*['"]message['"]/), ['webview/host/useHostMessages.ts']);
    assert.deepEqual(filesMatching(['src', 'webview'], /\bparseToWebview\(/), ['webview/host/useHostMessages.ts']);
  });

  it('the webview has one set of requests waiting for replies, created once for the page', () => {
    assert.deepEqual(filesMatching(['webview'], /new PendingReplies\(/), ['webview/App.tsx']);
    // Request ids are made only where requests are sent and their replies awaited.
    assert.deepEqual(filesMatching(['webview'], /\bnewRequestId\(/), ['webview/host/pendingReplies.ts', 'webview/host/requestIds.ts']);
  });

  it('no hand-kept list of message types beside the protocol unions (the tables are typed by them)', () => {
    // The lists the routers replaced: a Set or array of message type names used to test `msg.type`.
    assert.deepEqual(filesMatching(['src/vscode', 'src/controllers', 'webview'], /\b(SESSION_TYPES|TYPES)\b/), []);
  });

  it('these checks can fail: the scanner finds a listener and a vscode import where they are', () => {
    assert.ok(filesMatching(['src/vscode'], /from 'vscode'/).length > 5);
    assert.deepEqual(filesMatching(['webview/host'], /\bPendingReplies\b/).includes('webview/host/pendingReplies.ts'), true);
  });
});
