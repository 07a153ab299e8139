// A skill's content hash: sha256 over every file in its folder (relative path and bytes, in path
// order), so renaming, adding or editing any supporting file changes it. Vetting binds trust to it.
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

export async function listSkillFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (rel: string) => {
    const entries = await fs.readdir(path.join(dir, rel), { withFileTypes: true });
    for (const e of entries) {
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (e.name === '.git') continue;
      if (e.isDirectory()) await walk(child);
      else if (e.isFile()) out.push(child);
    }
  };
  await walk('');
  return out.sort();
}

export async function hashSkillFolder(dir: string, files?: string[]): Promise<string> {
  const list = files ?? (await listSkillFiles(dir));
  const contents = await Promise.all(list.map((f) => fs.readFile(path.join(dir, f))));
  const h = createHash('sha256');
  list.forEach((f, i) => {
    h.update(f).update('\0').update(String(contents[i].length)).update('\0').update(contents[i]);
  });
  return `sha256:${h.digest('hex')}`;
}
