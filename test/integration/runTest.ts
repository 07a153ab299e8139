// Desktop VS Code: downloads VS Code (or uses VSCODE_EXECUTABLE), opens a scratch workspace with
// this repo as the development extension and runs the suite in its extension host.
//   npx tsx test/integration/runTest.ts
// Needs internet access to update.code.visualstudio.com unless VSCODE_EXECUTABLE points at a VS Code.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  const repoRoot = path.resolve(__dirname, '..', '..');
  // Same bundle as the code-server runner (build.mjs); run as a child so this file stays CommonJS.
  execFileSync(process.execPath, [path.join(__dirname, 'build.mjs')], { stdio: 'inherit' });
  const workspace = mkdtempSync(path.join(os.tmpdir(), 'viban-integration-'));
  mkdirSync(path.join(workspace, '.viban'));
  writeFileSync(path.join(workspace, 'README.md'), '# Integration test workspace\n');
  await runTests({
    vscodeExecutablePath: process.env.VSCODE_EXECUTABLE || undefined,
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: path.join(repoRoot, 'out', 'integration', 'index.js'),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
  });
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
