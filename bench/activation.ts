// Extension activation in a real VS Code (code-server, scripts/vscode-web.mjs) with the production
// build installed, a fresh user-data-dir each run (a cold extension host), a workspace with a
// 2,000-card board. Read back: our own "activated in N ms" (Viban.log, the activate() body),
// VS Code's own activation time for Viban (Developer: Show Running Extensions: code loading +
// activate), and the exthost log's gap from "_doActivateExtension viban.viban" to our line.
// No target in the issues: figures only.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { bigBoard } from './lib/boards';
import { BenchReport, QUICK, median, runBench } from './lib/report';
import { boardWorkspace, buildShadow, repoRoot, tempDir } from './lib/workspace';

const RUNS = QUICK ? 1 : 3;
const CHROMIUM = process.env.VIBAN_CHROMIUM || '/usr/bin/chromium';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function findFiles(dir: string, match: (name: string) => boolean, out: string[] = []): string[] {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) findFiles(p, match, out);
    else if (match(name)) out.push(p);
  }
  return out;
}

/** "2026-11-21 14:57:12.626 [info] …" -> ms since the epoch (local time, as the log writes it). */
const logTime = (line: string) => Date.parse(line.slice(0, 23).replace(' ', 'T'));

async function waitFor<T>(what: string, fn: () => T | undefined | Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** The production build as an installed extension: a copy of the manifest and dist, like a .vsix install. */
function installExtension(extensionDir: string, dist: string): void {
  const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
  const target = path.join(extensionDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`);
  mkdirSync(target, { recursive: true });
  cpSync(path.join(repoRoot, 'package.json'), path.join(target, 'package.json'));
  cpSync(dist, path.join(target, 'dist'), { recursive: true });
  cpSync(path.join(repoRoot, 'media'), path.join(target, 'media'), { recursive: true });
  symlinkSync(path.join(repoRoot, 'node_modules'), path.join(target, 'node_modules'), 'dir'); // node-pty
}

runBench(async () => {
  const report = new BenchReport('activation', 'Viban activation in code-server (VS Code 1.100)');
  // vscode-web.mjs is ESM; this file is CommonJS under tsx.
  const { startCodeServer, CODE_SERVER_VERSION } = await import('../scripts/vscode-web.mjs');
  const dist = path.join(buildShadow(true), 'dist');
  const workspace = boardWorkspace('activation-ws', bigBoard(2000));
  const ours: number[] = [];
  const vscodeTimes: number[] = [];
  const logGaps: number[] = [];
  const sinceLoad: number[] = [];

  for (let i = 0; i < RUNS; i++) {
    const scratch = tempDir('activation');
    const extensionDir = path.join(scratch, 'extensions');
    const userDataDir = path.join(scratch, 'user-data');
    installExtension(extensionDir, dist);
    const server = await startCodeServer({ workspace, extensionDir, userDataDir, installExtension: false });
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
    try {
      const page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
      const navigated = Date.now();
      await page.goto(server.url, { waitUntil: 'domcontentloaded' });
      const logs = path.join(userDataDir, 'logs');
      const ourLine = await waitFor('"activated in" in Viban.log', () => {
        for (const f of findFiles(logs, (n) => /^(\d+-)?Viban\.log$/.test(n))) {
          const line = readFileSync(f, 'utf8').split('\n').find((l) => l.includes('activated in'));
          if (line) return line;
        }
        return undefined;
      });
      ours.push(Number(/activated in (\d+) ms/.exec(ourLine)![1]));
      sinceLoad.push(logTime(ourLine) - navigated);
      const hostLine = findFiles(logs, (n) => /exthost\.log$/i.test(n))
        .flatMap((f) => readFileSync(f, 'utf8').split('\n'))
        .find((l) => l.includes('_doActivateExtension viban.viban'));
      if (hostLine) logGaps.push(logTime(ourLine) - logTime(hostLine));

      // VS Code's own figure, as Developer: Show Running Extensions shows it.
      await page.locator('.part.statusbar .statusbar-item').first().waitFor({ timeout: 60_000 });
      await page.keyboard.press('F1');
      const input = page.locator('.quick-input-widget .quick-input-box input');
      await input.waitFor({ state: 'visible', timeout: 15_000 });
      await input.fill('>Developer: Show Running Extensions');
      await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Show Running Extensions' }).first().click();
      const row = page.locator('.runtime-extensions-editor .monaco-list-row', { hasText: 'Viban' }).first();
      const text = await waitFor('Viban in Running Extensions', async () => {
        const t = (await row.count()) ? await row.innerText() : '';
        return /Activation: \d+ms/.test(t) ? t : undefined;
      }, 30_000);
      vscodeTimes.push(Number(/Activation: (\d+)ms/.exec(text)![1]));
      report.log(`run ${i + 1}: activate() ${ours[i]} ms; VS Code ${vscodeTimes[i]} ms; log gap ${logGaps[i] ?? 'n/a'} ms; activated ${sinceLoad[i]} ms after page load started`);
    } finally {
      await browser.close().catch(() => undefined);
      await server.stop();
    }
  }
  report.log(`code-server ${CODE_SERVER_VERSION}; activation event onStartupFinished; median of ${RUNS} cold starts`);
  report.figure({ label: 'activate() body (Viban.log "activated in")', value: median(ours), unit: 'ms' });
  report.figure({ label: 'VS Code activation time (Running Extensions)', value: median(vscodeTimes), unit: 'ms', note: 'code loading + activate()' });
  if (logGaps.length) report.figure({ label: 'exthost _doActivateExtension -> activated', value: median(logGaps), unit: 'ms' });
  else report.note('no "_doActivateExtension viban.viban" line found in the extension host log');
  report.figure({ label: 'page load start -> activated', value: median(sinceLoad), unit: 'ms', note: 'includes workbench startup (onStartupFinished)' });
  report.done();
});
