// Temp files of writes that never finished: a process killed between writing `.board.json.<pid>-
// <random>.tmp` and renaming it over board.json leaves the temp behind, and each crash adds more.
// Readers already ignore them; this removes them, so .viban does not fill up with dead copies.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { TEMP_SUFFIX } from './atomicWrite';
import { isAlive as isProcessAlive } from '../process/liveness';

/** No write holds its temp file this long, whoever the writer: older ones are strays. */
export const STRAY_TEMP_MAX_AGE_MS = 10 * 60_000;

/** The `<pid>-<8 hex>` that tempPathFor puts before the suffix. */
const WRITER = new RegExp(`\\.(\\d+)-[0-9a-f]{8}${TEMP_SUFFIX.replace('.', '\\.')}$`);

/**
 * Removes the temp files in `dir` whose name starts with one of `prefixes` (".board.json.") and whose
 * writer is dead or which are older than STRAY_TEMP_MAX_AGE_MS. A live writer's fresh temp file
 * is left alone: it is about to be renamed. Best effort: returns the names removed.
 */
export async function removeStrayTemps(dir: string, prefixes: readonly string[], now = Date.now()): Promise<string[]> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    if (!prefixes.some((p) => name.startsWith(p))) continue;
    const writer = WRITER.exec(name);
    if (!writer) continue;
    const file = path.join(dir, name);
    const stat = await fs.lstat(file).catch(() => undefined);
    if (!stat?.isFile()) continue;
    // Callers hold the store lock, so no writer of board files is mid-write but them. A pid from
    // another host (a shared drive) may look dead here: its temp can only be a lock waiter's, and
    // a waiter whose temp vanished writes it again.
    const stray = !isProcessAlive(Number(writer[1])) || now - stat.mtimeMs > STRAY_TEMP_MAX_AGE_MS;
    if (stray && (await fs.unlink(file).then(() => true, () => false))) removed.push(name);
  }
  return removed;
}
