// Keeps the store's machine-local files out of git: board.json is meant to be committed and
// shared; session logs, conversations, locks, temp files and quarantined or backed-up copies stay
// on this machine. The patterns go to the repository's own `info/exclude` (never committed, never
// shown by `git status`) rather than into a new `.viban/.gitignore`, which would itself be an
// untracked file: opening a board must leave the working tree as it found it.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { errorCode } from './fsErrors';

/** The store's local files, relative to `.viban/`. */
export const STORE_LOCAL_PATTERNS = ['sessions/', 'messages/', 'patches/', 'queue.json', 'workers/', 'runs/', 'events.jsonl', 'remote/', 'graph/', 'seen.json', 'assist/', '*.lock', '*.tmp', '*.corrupt-*', '*.bak'];

const MARKER = '# Viban: the store\'s machine-local files (board.json is meant to be committed).';

/** The block for `info/exclude`, anchored at the store folder `storeRel` (relative to the repo). */
export function excludeBlock(storeRel: string): string {
  const prefix = storeRel.split(path.sep).join('/');
  return [`${MARKER} ${prefix}/`, ...STORE_LOCAL_PATTERNS.map((p) => `/${prefix}/${p}`), ''].join('\n');
}

/**
 * Makes git ignore the store's local files in `dir` (a `.viban` folder): adds the patterns to the
 * enclosing repository's `info/exclude` once. Outside a git repository there is nothing to do.
 * A `.viban/.gitignore` the user wrote is left alone (git reads both). Returns whether it wrote.
 */
export async function ensureStoreGitignore(dir: string): Promise<boolean> {
  const repo = await findRepository(path.resolve(dir));
  if (!repo) return false;
  const exclude = path.join(repo.commonDir, 'info', 'exclude');
  const rel = path.relative(repo.top, path.resolve(dir));
  const block = excludeBlock(rel);
  const current = await readIfExists(exclude);
  if (current !== null && current.includes(`${MARKER} ${rel.split(path.sep).join('/')}/`)) return false;
  await fs.mkdir(path.dirname(exclude), { recursive: true });
  const separator = current && !current.endsWith('\n') ? '\n' : '';
  await fs.appendFile(exclude, `${separator}${block}`);
  return true;
}

interface Repository {
  /** The working tree's top folder (where `.git` is). */
  top: string;
  /** The repository's common git dir: `info/exclude` lives there, for every worktree. */
  commonDir: string;
}

/** The git repository `start` is in, read from `.git` itself (no git process on a board write). */
export async function findRepository(start: string): Promise<Repository | undefined> {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const dotGit = path.join(dir, '.git');
    const stat = await fs.stat(dotGit).catch((err) => {
      if (errorCode(err) === 'ENOENT' || errorCode(err) === 'ENOTDIR') return undefined;
      throw err;
    });
    if (stat?.isDirectory()) return { top: dir, commonDir: dotGit };
    if (stat?.isFile()) {
      // A linked worktree or a submodule: ".git" says "gitdir: <path>"; a worktree's git dir
      // names the shared one in its "commondir" file.
      const gitDir = /^gitdir:\s*(.+)$/m.exec(await fs.readFile(dotGit, 'utf8'))?.[1]?.trim();
      if (!gitDir) return undefined;
      const resolved = path.resolve(dir, gitDir);
      const common = (await readIfExists(path.join(resolved, 'commondir')))?.trim();
      return { top: dir, commonDir: common ? path.resolve(resolved, common) : resolved };
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

async function readIfExists(file: string): Promise<string | null> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (err) {
    if (errorCode(err) === 'ENOENT') return null;
    throw err;
  }
}
