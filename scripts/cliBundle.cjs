// How the headless `viban` command is bundled, shared by esbuild.mjs and the CLI tests (so the
// tests run the shape that ships). Two files:
// - cliCore.js: the whole command (src/cliCore.ts);
// - cli.js, the package's bin: a small entry (src/cli.ts) that answers `viban --help` and
//   `viban --version` alone and loads cliCore.js for everything else. Their texts are captured by
//   running the freshly built core, so they are the command specs' own, never a copy that drifts.
// CommonJS, so the tests (CommonJS under tsx) can require it.
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const { readFileSync, writeFileSync } = require('node:fs');

/** esbuild options of the core, without where it goes. */
const cliCoreOptions = {
  entryPoints: { cliCore: 'src/cliCore.ts' },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // node-pty carries a native .node file and is loaded at run time, never inlined.
  external: ['vscode', 'node-pty'],
};

/** What the core prints for `args`, exactly (run with no colour and no secrets in its environment). */
function coreOutput(core, args) {
  const r = spawnSync(process.execPath, [core, ...args], { encoding: 'utf8', env: { NO_COLOR: '1', PATH: process.env.PATH ?? '' } });
  if (r.status !== 0) throw new Error(`node ${path.basename(core)} ${args.join(' ')} failed (exit ${r.status}): ${r.stderr}`);
  return r.stdout;
}

/**
 * Builds `<outdir>/cli.js` beside an already built `<outdir>/cliCore.js`. `answers: false` (watch
 * mode, where the core changes under it) leaves the texts out: every command then loads the core.
 */
function buildCliEntrySync(esbuild, { outdir, minify = false, sourcemap = false, answers = true, absWorkingDir }) {
  const core = path.resolve(absWorkingDir ?? process.cwd(), outdir, 'cliCore.js');
  const define = answers
    ? { VIBAN_GENERAL_HELP: JSON.stringify(coreOutput(core, ['--help'])), VIBAN_VERSION: JSON.stringify(coreOutput(core, ['--version'])) }
    : {};
  esbuild.buildSync({
    entryPoints: { cli: 'src/cli.ts' },
    outdir,
    absWorkingDir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    minify,
    sourcemap,
    legalComments: 'none',
    logLevel: 'error',
    external: ['./cliCore.js'],
    define,
  });
}

/**
 * Rewrites a built bundle so it is pure ASCII. esbuild escapes non-ASCII in code, but keeps the
 * comments it carries over from dependencies ("—", "👋"); one such character makes V8 hold the whole
 * source as a two-byte string: measured, 4 MB more heap in every CLI, worker and extension-host
 * process. What is left after esbuild sits in comments, so a \uXXXX escape (per UTF-16 unit, valid
 * in strings and regular expressions too) changes no behaviour.
 */
function asciiOnly(file) {
  const text = readFileSync(file, 'utf8');
  if (!/[^\x00-\x7f]/.test(text)) return;
  writeFileSync(file, text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

module.exports = { cliCoreOptions, buildCliEntrySync, asciiOnly };
