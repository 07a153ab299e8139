// Webview first render: the production webview bundle in headless Chromium (editor-tab layout,
// 1400x900), a fake acquireVsCodeApi injected before it, and a 2,000-card snapshot dispatched the
// way VS Code delivers host messages (a MessageEvent on the webview's window) once the app said
// `ready`. Measured from the dispatch to (a) the first frame with cards and (b) all cards in the
// DOM or windowed (off-screen cards are stood for by a spacer), each "painted" = the first task after the next frame.
// Target: < 300 ms for 2,000 cards.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { SnapshotSchema, type Snapshot } from '../src/protocol/messages';
import { bigBoard } from './lib/boards';
import { summarize } from './lib/profileSummary';
import { BenchReport, QUICK, median, runBench } from './lib/report';
import { buildShadow, repoRoot, tempDir } from './lib/workspace';

const CARDS = 2000;
const LOADS = QUICK ? 3 : 7;
/** `--profile`: also a Chromium CPU profile of one more load (test-results/bench-profiles/webview/). */
const PROFILE = process.argv.includes('--profile');
const CHROMIUM = process.env.VIBAN_CHROMIUM || '/usr/bin/chromium';
const url = (p: string) => pathToFileURL(p).href;

/** A dark theme's worth of the variables VS Code injects into every webview. */
const THEME = `--vscode-font-family: system-ui, sans-serif; --vscode-font-size: 13px; --vscode-font-weight: normal;
  --vscode-foreground: #cccccc; --vscode-descriptionForeground: #9d9d9d; --vscode-editor-background: #1f1f1f;
  --vscode-sideBar-background: #181818; --vscode-focusBorder: #0078d4; --vscode-badge-background: #616161;
  --vscode-badge-foreground: #f8f8f8; --vscode-input-background: #313131; --vscode-input-border: #3c3c3c;`;

function pageHtml(dist: string): string {
  return `<!DOCTYPE html>
<html lang="en" style="${THEME.replace(/\n\s*/g, ' ')}">
<head>
<meta charset="UTF-8">
<link rel="stylesheet" href="${url(path.join(dist, 'codicons', 'codicon.css'))}" id="vscode-codicon-stylesheet">
<link rel="stylesheet" href="${url(path.join(repoRoot, 'media', 'board.css'))}">
<link rel="stylesheet" href="${url(path.join(repoRoot, 'media', 'session.css'))}">
<script src="${url(path.join(repoRoot, 'bench', 'lib', 'measureRender.js'))}"></script>
<script>
  window.__bench = { ready: false, posted: [] };
  window.acquireVsCodeApi = () => ({
    postMessage(m) { window.__bench.posted.push(m.type); if (m.type === 'ready') window.__bench.ready = true; },
    getState() { return undefined; },
    setState() {},
  });
</script>
</head>
<body data-host="editor">
<div id="root"></div>
<script src="${url(path.join(dist, 'webview.js'))}"></script>
</body>
</html>`;
}

interface Timing {
  dispatched: number;
  firstDom: number;
  firstPaint: number;
  firstCount: number;
  allDom: number;
  allPaint: number;
}

async function profileOneLoad(context: import('playwright-core').BrowserContext, html: string, message: unknown): Promise<void> {
  const page = await context.newPage();
  await page.goto(url(html));
  await page.waitForFunction(() => (window as any).__bench.ready);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  await page.evaluate(([m, n]) => (window as any).__measureRender(m, n), [message, CARDS] as const);
  const { profile } = await cdp.send('Profiler.stop');
  const dir = path.join(repoRoot, 'test-results', 'bench-profiles', 'webview');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'chromium.cpuprofile'), JSON.stringify(profile));
  console.log(`  Chromium profile of one render (${path.relative(repoRoot, dir)}/chromium.cpuprofile):`);
  console.log(summarize(profile as any, 15).replace(/^/gm, '    '));
  await page.close();
}

runBench(async () => {
  const report = new BenchReport('webview', `first render of ${CARDS} cards in Chromium`);
  const shadow = buildShadow(true);
  const html = path.join(tempDir('webview'), 'board.html');
  writeFileSync(html, pageHtml(path.join(shadow, 'dist')));
  const board = bigBoard(CARDS);
  const snapshot: Snapshot = SnapshotSchema.parse({
    folders: [{ key: 'file:///bench', name: 'bench' }],
    state: { folder: { key: 'file:///bench', name: 'bench' }, board, readOnly: false, problems: [] },
    trusted: true,
    host: 'editor',
  });
  const message = { type: 'snapshot' as const, snapshot };

  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  try {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const timings: Timing[] = [];
    const renderedCounts: number[] = [];
    for (let i = 0; i < LOADS + 1; i++) {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(url(html));
      await page.waitForFunction(() => (window as any).__bench.ready, undefined, { timeout: 15_000 });
      const t: Timing = await page.evaluate(([m, n]) => (window as any).__measureRender(m, n), [message, CARDS] as const);
      if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
      const rendered = await page.locator('.card').count();
      const windowed = await page.evaluate(() => Array.from(document.querySelectorAll<HTMLElement>('.card-spacer')).reduce((n, s) => n + Number(s.dataset.count), 0));
      if (rendered + windowed !== CARDS) throw new Error(`${rendered} cards rendered and ${windowed} windowed, expected ${CARDS} in all`);
      renderedCounts.push(rendered);
      if (i > 0) timings.push(t); // the first load warms the disk cache and Chromium's code caches
      await page.close();
    }
    if (PROFILE) await profileOneLoad(context, html, message);
    const pick = (k: keyof Timing) => median(timings.map((t) => t[k]));
    report.log(`first frame shows ${pick('firstCount')} cards; ${median(renderedCounts)} in the DOM when settled, the rest windowed (a spacer each column); ${LOADS} page loads after 1 warm-up`);
    report.figure({ label: 'message handler (validate + dispatch), median', value: pick('dispatched'), unit: 'ms' });
    report.figure({ label: 'first cards in DOM, median', value: pick('firstDom'), unit: 'ms' });
    report.figure({ label: 'first cards painted, median', value: pick('firstPaint'), unit: 'ms', target: { max: 300 } });
    report.figure({ label: `all ${CARDS} cards in DOM or windowed, median`, value: pick('allDom'), unit: 'ms' });
    report.figure({ label: `all ${CARDS} cards painted or windowed, median`, value: pick('allPaint'), unit: 'ms', target: { max: 300 } });
    report.figure({ label: `all ${CARDS} cards painted or windowed, worst`, value: Math.max(...timings.map((t) => t.allPaint)), unit: 'ms' });
  } finally {
    await browser.close();
  }
  report.done();
});
