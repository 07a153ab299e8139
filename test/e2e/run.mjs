// `npm run test:e2e`: build when the bundle is older than its sources, make sure code-server is
// installed, then run mocha over test/e2e/*.e2e.mjs with the spec reporter on stdout (the summary
// lines "N passing/failing/pending" are what scripts/test.mjs counts).
// Extra arguments go to mocha (e.g. `npm run test:e2e -- --grep corrupt`). VIBAN_E2E_NO_BUILD=1 skips the build.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { ensureCodeServer, repoRoot, SetupError } from '../../scripts/vscode-web.mjs';
import { ensureAgentClis } from '../../scripts/agentClis.mjs';

function newestMtime(dir) {
  let newest = 0;
  if (!existsSync(dir)) return newest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

function buildIfNeeded() {
  const bundle = path.join(repoRoot, 'dist', 'extension.js');
  const sources = Math.max(newestMtime(path.join(repoRoot, 'src')), newestMtime(path.join(repoRoot, 'webview')), statSync(path.join(repoRoot, 'package.json')).mtimeMs);
  if (existsSync(bundle) && statSync(bundle).mtimeMs >= sources) return;
  console.error('[e2e] building (node esbuild.mjs)');
  const res = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: repoRoot, stdio: ['ignore', 'inherit', 'inherit'] });
  if (res.status !== 0) {
    console.error('[e2e] build failed: the e2e tests run against a missing or stale dist/ and will show it');
  }
}

if (!process.env.VIBAN_E2E_NO_BUILD) buildIfNeeded();
try {
  await ensureCodeServer();
  await ensureAgentClis(); // the real claude the session suites run (test/agents)
} catch (err) {
  console.error(`[e2e] cannot run: ${err instanceof SetupError ? err.message : err.stack}`);
  process.exit(1);
}

const e2eDir = path.join(repoRoot, 'test', 'e2e');
// The workbench suite first: when it fails, the harness or code-server is broken, not the board.
const specs = readdirSync(e2eDir)
  .filter((f) => f.endsWith('.e2e.mjs'))
  .sort((a, b) => (a === 'workbench.e2e.mjs' ? -1 : b === 'workbench.e2e.mjs' ? 1 : a.localeCompare(b)))
  .map((f) => path.join('test', 'e2e', f));

const mocha = path.join(repoRoot, 'node_modules', 'mocha', 'bin', 'mocha.js');
const res = spawnSync(
  process.execPath,
  // tsx lets the suites import the TypeScript test support (the scripted model servers).
  ['--import', 'tsx', mocha, '--reporter', 'spec', '--timeout', '120000', '--slow', '15000', '--forbid-only', '--forbid-pending', '--exit', ...specs, ...process.argv.slice(2)],
  { cwd: repoRoot, stdio: ['ignore', 'inherit', 'inherit'] },
);
process.exit(res.status ?? 1);
