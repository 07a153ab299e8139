// .viban/.gitignore: board.json is meant to be committed and shared; session logs, conversations,
// locks, temp files and quarantined or backed-up copies are local to one machine.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { errorCode } from './fsErrors';

export const STORE_GITIGNORE = [
  '# Written by Viban. board.json is meant to be committed; the rest stays on this machine.',
  'sessions/',
  'messages/',
  'patches/',
  'remote/',
  'queue.json',
  '*.lock',
  '*.tmp',
  '*.corrupt-*',
  '*.bak',
  '',
].join('\n');

/** Creates `<dir>/.gitignore` unless one exists; a user's own version is never replaced. */
export async function ensureStoreGitignore(dir: string): Promise<boolean> {
  try {
    await fs.writeFile(path.join(dir, '.gitignore'), STORE_GITIGNORE, { flag: 'wx' });
    return true;
  } catch (err) {
    if (errorCode(err) === 'EEXIST') return false;
    throw err;
  }
}
