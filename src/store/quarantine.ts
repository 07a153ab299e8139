// Moving a bad file aside instead of overwriting it: the user's bytes (a hand edit with a typo,
// a merge conflict, a file from a future version) are evidence and sometimes work; they are kept.
import { promises as fs } from 'node:fs';
import { errorCode } from './fsErrors';

/** An ISO time with ':' and '.' replaced, because Windows forbids ':' in file names. */
export function fileSafeTimestamp(date: Date): string {
  return date.toISOString().replace(/[:.]/g, '-');
}

/**
 * Renames `file` to `<file>.corrupt-<time>` (with a counter if that name is taken) and returns
 * the new path. When `expectedText` is given, the move only happens if the file still holds
 * exactly those bytes; otherwise it returns undefined, because someone replaced the file
 * after we judged it and the new content deserves its own look.
 */
export async function quarantineFile(file: string, now: Date, expectedText?: string): Promise<string | undefined> {
  if (expectedText !== undefined) {
    let current: string;
    try {
      current = await fs.readFile(file, 'utf8');
    } catch (err) {
      if (errorCode(err) === 'ENOENT') return undefined;
      throw err;
    }
    if (current !== expectedText) return undefined;
  }
  const base = `${file}.corrupt-${fileSafeTimestamp(now)}`;
  for (let n = 0; ; n++) {
    const target = n === 0 ? base : `${base}-${n}`;
    if (await exists(target)) continue;
    try {
      await fs.rename(file, target);
      return target;
    } catch (err) {
      if (errorCode(err) === 'ENOENT') return undefined;
      throw err;
    }
  }
}

async function exists(p: string): Promise<boolean> {
  try {
    await fs.lstat(p);
    return true;
  } catch (err) {
    if (errorCode(err) === 'ENOENT') return false;
    throw err;
  }
}
