// .viban/skills.json, the skill catalog's file: validated reads, whole-file atomic writes, and the
// cross-process lock a catalog change (rescan, vet, import) holds while it reads, decides and writes.
import { promises as fs } from 'node:fs';
import { SkillsFileSchema, SKILLS_SCHEMA_VERSION, type SkillEntry, type SkillsFile } from '../../protocol/automation';
import { writeJsonAtomic } from '../atomicWrite';
import { withFileLock } from '../fileLock';
import { readJsonFile } from '../jsonFile';
import { automationPaths } from './paths';

export class SkillsCatalogFile {
  private readonly paths;
  constructor(root: string) {
    this.paths = automationPaths(root);
  }

  get file(): string {
    return this.paths.skillsCatalog;
  }

  /** The catalog as last written; a broken file reads as empty and says why. */
  async read(): Promise<{ skills: SkillEntry[]; problem?: string }> {
    const r = await readJsonFile(this.paths.skillsCatalog, SkillsFileSchema);
    if (r.kind === 'ok') return { skills: r.value.skills };
    if (r.kind === 'missing') return { skills: [] };
    return { skills: [], problem: `${this.paths.skillsCatalog} could not be used: ${r.reason}` };
  }

  /** Writes the whole catalog, sorted by id so the committed file diffs cleanly. */
  async write(skills: SkillEntry[]): Promise<void> {
    const file: SkillsFile = { schemaVersion: SKILLS_SCHEMA_VERSION, skills: [...skills].sort((a, b) => a.id.localeCompare(b.id)) };
    await fs.mkdir(this.paths.dir, { recursive: true });
    await writeJsonAtomic(this.paths.skillsCatalog, SkillsFileSchema.parse(file));
  }

  /** Runs `fn` holding the automation lock, so two processes never interleave a read-modify-write. */
  locked<T>(fn: () => Promise<T>): Promise<T> {
    return withFileLock(this.paths.lock, fn);
  }
}
