// Two bundles: the extension host (Node, CommonJS, `vscode` external) plus the headless CLI's core,
// and the webview (browser, Preact); then the CLI's small entry, dist/cli.js (scripts/cliBundle.cjs). `--production` minifies and drops source maps; `--watch` rebuilds.
import * as esbuild from 'esbuild';
import { copyFile, mkdir } from 'node:fs/promises';
import cliBundle from './scripts/cliBundle.cjs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  logLevel: 'info',
  legalComments: 'none',
};

/** @type {esbuild.BuildOptions[]} */
const builds = [
  {
    ...common,
    ...cliBundle.cliCoreOptions,
    entryPoints: { extension: 'src/extension.ts', ...cliBundle.cliCoreOptions.entryPoints },
    outdir: 'dist',
  },
  {
    ...common,
    entryPoints: { webview: 'webview/main.tsx' },
    outdir: 'dist',
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    tsconfig: 'webview/tsconfig.json',
    loader: { '.ttf': 'file' },
  },
];

async function copyAssets() {
  // Codicons ship as a font + CSS; copy them beside the bundle so localResourceRoots stays dist/ + media/.
  await mkdir('dist/codicons', { recursive: true });
  await copyFile('node_modules/@vscode/codicons/dist/codicon.css', 'dist/codicons/codicon.css');
  await copyFile('node_modules/@vscode/codicons/dist/codicon.ttf', 'dist/codicons/codicon.ttf');
}

await copyAssets();
if (watch) {
  const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
  await Promise.all(contexts.map((c) => c.watch()));
  // Without the captured texts: the core changes under the watcher, so the entry always loads it.
  cliBundle.buildCliEntrySync(esbuild, { outdir: 'dist', answers: false });
  console.log('[esbuild] watching…');
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
  for (const file of ['dist/extension.js', 'dist/cliCore.js']) cliBundle.asciiOnly(file);
  cliBundle.buildCliEntrySync(esbuild, { outdir: 'dist', minify: production, sourcemap: common.sourcemap });
}
