// A skill's content hash: sha256 over every file in its folder (relative path and bytes, in path
// order), so renaming, adding or editing any supporting file changes it. Vetting binds trust to it.
// Synchronous reads on purpose: a skill is a handful of small files, and a catalog of hundreds of
// skills syncs several times faster without a thread-pool round trip per file.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

export function listSkillFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const e of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (e.name === '.git') continue;
      if (e.isDirectory()) walk(child);
      else if (e.isFile()) out.push(child);
    }
  };
  walk('');
  return out.sort();
}

/** Every file of a skill folder with its bytes, read once, and their content hash. */
export function readSkillFolder(dir: string): { files: string[]; contents: Map<string, Buffer>; contentHash: string } {
  const files = listSkillFiles(dir);
  const h = createHash('sha256');
  const contents = new Map<string, Buffer>();
  for (const f of files) {
    const bytes = readFileSync(path.join(dir, f));
    contents.set(f, bytes);
    h.update(f).update('\0').update(String(bytes.length)).update('\0').update(bytes);
  }
  return { files, contents, contentHash: `sha256:${h.digest('hex')}` };
}

export function hashSkillFolder(dir: string): string {
  return readSkillFolder(dir).contentHash;
}
