// Reading the project's own sources for the architecture tests: the files of a folder, their
// imports, and their text with comments removed (a comment may name `.viban/` or fsync freely).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import * as ts from 'typescript';

export const repoRoot = join(__dirname, '..', '..', '..');

export function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...sourceFiles(full));
    else if (/\.(ts|tsx)$/.test(name)) out.push(full);
  }
  return out;
}

/** Path from the repository root with `/` separators, e.g. `src/store/layout.ts`. */
export const rel = (f: string) => relative(repoRoot, f).split(sep).join('/');

export function importsOf(text: string): string[] {
  // The TypeScript scanner reads tokens, so an import or require() that only appears inside a
  // string (a script the code writes for somewhere else) is not taken for one of this file's own.
  const info = ts.preProcessFile(text, true, true);
  return info.importedFiles.map((f) => f.fileName);
}

/** The code without `//` and `/* *\/` comments (strings are kept; a `//` inside one is rare enough here). */
export function codeOf(file: string): string {
  return stripComments(readFileSync(file, 'utf8'));
}

export function stripComments(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

/** Files under `dirs` (relative to the repository) whose code matches `pattern`. */
export function filesMatching(dirs: string[], pattern: RegExp): string[] {
  return dirs
    .flatMap((d) => sourceFiles(join(repoRoot, d)))
    .filter((f) => pattern.test(codeOf(f)))
    .map(rel)
    .sort();
}
