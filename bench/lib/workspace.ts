// Temp folders and builds for benchmarks. Builds run the repo's own esbuild.mjs, but in a shadow
// folder (symlinks to the sources) so dist/ — which other people's running tests load — is never touched.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const repoRoot = path.resolve(__dirname, '..', '..');

const made: string[] = [];
process.on('exit', () => {
  if (process.env.VIBAN_BENCH_KEEP) return;
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A temp folder removed when the process exits (kept when VIBAN_BENCH_KEEP is set). */
export function tempDir(name: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `viban-bench-${name}-`));
  made.push(dir);
  return dir;
}

/** A workspace folder whose .viban/board.json is `board`. */
export function boardWorkspace(name: string, board: unknown): string {
  const root = tempDir(name);
  mkdirSync(path.join(root, '.viban'), { recursive: true });
  writeFileSync(path.join(root, '.viban', 'board.json'), JSON.stringify(board, null, 2) + '\n');
  return root;
}

const SHADOWED = ['src', 'webview', 'media', 'node_modules', 'scripts', 'package.json', 'tsconfig.json', '.vscodeignore', 'LICENSE'];

/**
 * Runs `node esbuild.mjs [--production]` on the current sources in a shadow folder; returns it.
 * Its dist/ holds extension.js, cli.js, webview.js and codicons/.
 */
export function buildShadow(production: boolean): string {
  const dir = tempDir(production ? 'build-prod' : 'build-dev');
  for (const item of SHADOWED) {
    try {
      symlinkSync(path.join(repoRoot, item), path.join(dir, item));
    } catch {
      // an optional file (LICENSE) may be missing
    }
  }
  copyFileSync(path.join(repoRoot, 'esbuild.mjs'), path.join(dir, 'esbuild.mjs'));
  const args = ['esbuild.mjs', ...(production ? ['--production'] : [])];
  const r = spawnSync(process.execPath, args, { cwd: dir, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  return dir;
}
