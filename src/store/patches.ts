// Patches an agent wrote that did not apply: kept under .viban/patches/ for the user, never
// dropped and never overwritten (a second patch for the same moment gets a `-2` suffix).
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { errorCode } from './fsErrors';
import { storeLayout } from './layout';

/** Where a rejected patch of `taskId` at `now` is kept (before any `-2` suffix). */
export function patchFileFor(root: string, taskId: string, now: Date): string {
  return storeLayout(root).patch(taskId, now.toISOString().replace(/[:.]/g, '-'));
}

/** Writes the patch at `target`, or beside it as `name-2.patch`… if that file already exists. */
export async function keepPatch(target: string, patch: string): Promise<string> {
  await fs.mkdir(path.dirname(target), { recursive: true });
  const ext = path.extname(target);
  const stem = target.slice(0, target.length - ext.length);
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? target : `${stem}-${n}${ext}`;
    try {
      await fs.writeFile(candidate, patch, { flag: 'wx' });
      return candidate;
    } catch (e) {
      if (errorCode(e) !== 'EEXIST') throw e;
    }
  }
}
