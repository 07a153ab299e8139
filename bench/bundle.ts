// Bundle sizes: `node esbuild.mjs --production` (in a shadow folder, so dist/ is left alone), raw
// and gzip sizes of each bundle, and the .vsix that `vsce package` makes from that build with the
// repo's .vscodeignore and the same flags as `npm run package`. No targets in the issues.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { BenchReport, runBench } from './lib/report';
import { buildShadow, repoRoot, tempDir } from './lib/workspace';

const kb = (bytes: number) => bytes / 1024;
const EXPECTED_IN_PACKAGE = [
  'dist/extension.js', 'dist/webview.js', 'dist/codicons/codicon.css', 'media/board.css', 'media/session.css',
  'node_modules/node-pty/package.json',
];

runBench(async () => {
  const report = new BenchReport('bundle', 'production bundle and package sizes');
  const shadow = buildShadow(true);
  for (const name of ['extension.js', 'cli.js', 'cliCore.js', 'webview.js']) {
    const bytes = readFileSync(path.join(shadow, 'dist', name));
    report.figure({ label: `dist/${name}`, value: kb(bytes.length), unit: 'KB', note: `gzip ${kb(gzipSync(bytes, { level: 9 }).length).toFixed(0)} KB` });
  }

  // The package, staged from real copies (vsce walks the folder and applies .vscodeignore).
  const stage = tempDir('vsix');
  for (const item of ['package.json', 'package-lock.json', '.vscodeignore', 'LICENSE', 'README.md', 'CHANGELOG.md', 'media']) {
    if (existsSync(path.join(repoRoot, item))) cpSync(path.join(repoRoot, item), path.join(stage, item), { recursive: true });
  }
  cpSync(path.join(shadow, 'dist'), path.join(stage, 'dist'), { recursive: true });
  mkdirSync(path.join(stage, 'node_modules'));
  for (const mod of ['node-pty', 'node-addon-api']) {
    const from = path.join(repoRoot, 'node_modules', mod);
    if (existsSync(from)) cpSync(from, path.join(stage, 'node_modules', mod), { recursive: true });
  }
  const vsix = path.join(stage, 'viban.vsix');
  const vsce = path.join(repoRoot, 'node_modules', '.bin', 'vsce');
  // The flags of `npm run package`: no repository is assumed, README images stay relative.
  const r = spawnSync(vsce, ['package', '--allow-missing-repository', '--no-rewrite-relative-links', '--out', vsix], { cwd: stage, encoding: 'utf8', input: 'y\n' });
  if (r.status === 0 && existsSync(vsix)) {
    report.figure({ label: 'viban.vsix', value: kb(statSync(vsix).size), unit: 'KB' });
    const list = spawnSync(vsce, ['ls'], { cwd: stage, encoding: 'utf8' });
    if (list.status === 0) {
      const files = new Set(list.stdout.trim().split('\n'));
      report.log(`packaged files: ${files.size} (vsce ls)`);
      // What the extension loads at run time (webviewHtml.ts links; node-pty is external in esbuild.mjs).
      const missing = EXPECTED_IN_PACKAGE.filter((f) => !files.has(f));
      if (missing.length) report.note(`the .vsix lacks files the extension loads: ${missing.join(', ')}`);
    }
    const warnings = `${r.stdout}\n${r.stderr}`.split('\n').filter((l) => /WARNING|warn/i.test(l));
    for (const w of warnings) report.note(`vsce: ${w.trim()}`);
  } else {
    const why = `${r.stderr || ''}${r.stdout || ''}`.trim().split('\n').filter(Boolean).slice(-3).join(' | ');
    report.note(`vsce package refused (exit ${r.status}): ${why || r.error?.message}`);
  }
  report.done();
});
