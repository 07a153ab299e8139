// Confines every path an API agent names to its workspace (DESIGN §6). A model's path is untrusted
// input: `../`, absolute paths and symlinks that lead out of the folder are refused with a message
// the model can read and correct itself from.
import { promises as fs } from 'node:fs';
import path from 'node:path';

/** A tool input the model can fix (bad path, bad patch…): returned to it as a tool error. */
export class ToolInputError extends Error {
  override readonly name = 'ToolInputError';
}

export interface GuardedPath {
  /** Real absolute path (symlinks of existing parts resolved). */
  abs: string;
  /** Path relative to the workspace root, with forward slashes ('.' for the root itself). */
  rel: string;
}

/** The workspace root as a real path, resolved once per run. */
export async function realRoot(cwd: string): Promise<string> {
  try {
    return await fs.realpath(cwd);
  } catch {
    throw new ToolInputError(`The workspace folder ${cwd} does not exist.`);
  }
}

const inside = (root: string, p: string) => {
  const rel = path.relative(root, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
};

/**
 * Resolves `input` (relative to the workspace, or absolute inside it) to a real path inside
 * `root`. The part that exists is realpath'd, so a symlink anywhere on the way that points out of
 * the workspace is refused; the part that does not exist yet (a file about to be written) cannot
 * be a symlink. `declaredRoot` is the workspace as the user spelled it, so an absolute path through
 * a symlinked parent folder (/tmp -> /private/tmp) still counts as inside.
 */
export async function resolveInWorkspace(root: string, input: unknown, declaredRoot = root): Promise<GuardedPath> {
  if (typeof input !== 'string' || !input.trim()) throw new ToolInputError('A path is required (relative to the workspace root).');
  if (input.includes('\0')) throw new ToolInputError('The path contains a NUL character.');
  let abs = path.resolve(root, input);
  const declared = path.resolve(declaredRoot);
  if (path.isAbsolute(input) && !inside(root, abs) && inside(declared, abs)) abs = path.join(root, path.relative(declared, abs));
  if (!inside(root, abs)) throw new ToolInputError(`${input} is outside the workspace; only paths inside ${declaredRoot} can be used.`);

  // Walk up to the deepest part that exists and see where it really leads.
  let existing = abs;
  const missing: string[] = [];
  for (;;) {
    try {
      existing = await fs.realpath(existing);
      break;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw new ToolInputError(`${input}: ${(err as Error).message}`);
      // A dangling symlink also reports ENOENT: refuse it rather than write through it.
      if (await isSymlink(existing)) throw new ToolInputError(`${input} is a symbolic link to a missing target; refusing to follow it.`);
      missing.unshift(path.basename(existing));
      existing = path.dirname(existing);
    }
  }
  if (!inside(root, existing)) throw new ToolInputError(`${input} leads outside the workspace (through a symbolic link); refusing.`);
  const real = path.join(existing, ...missing);
  const rel = path.relative(root, real).split(path.sep).join('/') || '.';
  return { abs: real, rel };
}

/** Refuses writes into the repository's own database: a model has no business editing .git/. */
export function assertWritable(p: GuardedPath): void {
  if (p.rel === '.' || p.rel === '.git' || p.rel.startsWith('.git/')) {
    throw new ToolInputError(`Refusing to write ${p.rel === '.' ? 'the workspace folder itself' : p.rel}: use the files of the project, not .git.`);
  }
}

async function isSymlink(p: string): Promise<boolean> {
  try {
    return (await fs.lstat(p)).isSymbolicLink();
  } catch {
    return false;
  }
}
