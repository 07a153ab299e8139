// Runs the integration suite inside code-server's Node extension host — the same host desktop
// VS Code uses for extensions — with no desktop VS Code and no download.
//
// How: VS Code's web workbench reads extension-development options from the `payload` query
// parameter (the way @vscode/test-web drives it): `extensionDevelopmentPath` and
// `extensionTestsPath` as vscode-remote:// URIs make the server's extension host load this repo
// as the development extension and require() the suite bundle, exactly as test-electron does.
// The suite writes its spec output to VIBAN_INTEGRATION_REPORT (the host has no terminal).
//
//   node test/integration/runInCodeServer.mjs      prints the spec output; exit code = failures
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startCodeServer } from '../../scripts/vscode-web.mjs';
import { buildIntegrationSuite, repoRoot } from './build.mjs';

const CHROMIUM_FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'];

/** Returns { failures, output } from the suite's run inside the extension host. */
export async function runIntegrationInCodeServer({ timeoutMs = 180_000 } = {}) {
  const suite = await buildIntegrationSuite();
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'viban-integration-'));
  const workspace = path.join(scratch, 'workspace');
  await mkdir(path.join(workspace, '.viban'), { recursive: true });
  await writeFile(path.join(workspace, 'README.md'), '# Integration test workspace\n');
  const report = path.join(scratch, 'report.json');

  const previous = process.env.VIBAN_INTEGRATION_REPORT;
  process.env.VIBAN_INTEGRATION_REPORT = report; // inherited by code-server, then its extension host
  const server = await startCodeServer({ workspace, installExtension: false }).finally(() => {
    if (previous === undefined) delete process.env.VIBAN_INTEGRATION_REPORT;
    else process.env.VIBAN_INTEGRATION_REPORT = previous;
  });
  const browser = await chromium.launch({ executablePath: process.env.VIBAN_CHROMIUM || '/usr/bin/chromium', headless: true, args: CHROMIUM_FLAGS });
  try {
    const authority = new URL(server.baseUrl).host;
    const remote = (p) => `vscode-remote://${authority}${p}`;
    const payload = [
      ['extensionDevelopmentPath', remote(repoRoot)],
      ['extensionTestsPath', remote(suite)],
    ];
    const page = await browser.newPage();
    await page.goto(`${server.url}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    const deadline = Date.now() + timeoutMs;
    while (!existsSync(report)) {
      if (Date.now() > deadline) {
        throw new Error(`no report from the extension host within ${timeoutMs / 1000} s; code-server output:\n${server.output().slice(-3000)}`);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    return JSON.parse(await readFile(report, 'utf8'));
  } finally {
    await browser.close().catch(() => {});
    await server.stop();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { failures, output } = await runIntegrationInCodeServer();
  console.log(output);
  process.exit(failures ? 1 : 0);
}
