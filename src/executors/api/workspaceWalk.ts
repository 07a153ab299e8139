// Bounded directory walking for list_files and search: never follows symlinked folders (they
// could lead out of the workspace), skips folders nobody wants in a model's context, and stops
// after a fixed number of entries so a huge tree cannot stall the run or flood the conversation.
import { promises as fs } from 'node:fs';
import path from 'node:path';

/** Folders skipped while walking unless the model asks for a path inside them. */
export const SKIPPED_DIRS = new Set(['.git', 'node_modules', '.hg', '.svn', '__pycache__', '.venv', 'dist', 'out', '.next', 'target']);

export interface WalkEntry {
  abs: string;
  /** Relative to the workspace root, forward slashes. */
  rel: string;
  isDir: boolean;
  isSymlink: boolean;
}

/** Breadth-first walk below `startAbs`; yields at most `maxEntries` entries. */
export async function* walk(root: string, startAbs: string, opts: { maxEntries: number; recursive: boolean }): AsyncGenerator<WalkEntry> {
  const queue = [startAbs];
  let yielded = 0;
  while (queue.length) {
    const dir = queue.shift()!;
    let names: import('node:fs').Dirent[];
    try {
      names = await fs.readdir(dir, { withFileTypes: true });
    } catch {
      continue; // unreadable folder: skip it, the rest is still useful
    }
    names.sort((a, b) => a.name.localeCompare(b.name));
    for (const d of names) {
      const abs = path.join(dir, d.name);
      const entry: WalkEntry = {
        abs,
        rel: path.relative(root, abs).split(path.sep).join('/'),
        isDir: d.isDirectory(),
        isSymlink: d.isSymbolicLink(),
      };
      yield entry;
      if (++yielded >= opts.maxEntries) return;
      if (opts.recursive && entry.isDir && !SKIPPED_DIRS.has(d.name)) queue.push(abs);
    }
  }
}

/**
 * A glob as a RegExp over workspace-relative paths: `**` any depth, `*` and `?` within one path
 * segment, `{a,b}` alternatives. A pattern without a slash matches the file name at any depth
 * (`*.ts`), as in .gitignore.
 */
export function globToRegExp(glob: string): RegExp {
  let g = glob.trim().replace(/^\.\//, '');
  if (!g.includes('/')) g = `**/${g}`;
  let re = '';
  for (let i = 0; i < g.length; i++) {
    const c = g[i];
    if (c === '*' && g[i + 1] === '*') {
      const slash = g[i + 2] === '/';
      re += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '{') {
      const end = g.indexOf('}', i);
      if (end < 0) re += '\\{';
      else {
        re += `(?:${g.slice(i + 1, end).split(',').map(escapeRe).join('|')})`;
        i = end;
      }
    } else re += escapeRe(c);
  }
  return new RegExp(`^${re}$`);
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** True when the bytes look like a binary file (a NUL in the first 8 KB, as git decides). */
export function looksBinary(buf: Buffer): boolean {
  return buf.subarray(0, 8192).includes(0);
}
