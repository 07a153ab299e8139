// The skill catalog (.viban/skills.json): every skill found in .viban/skills/<id>/ and
// .claude/skills/<id>/, with where it came from, its content hash and its trust level.
// Trust is bound to content: vetting records the hash, and a vetted skill whose files change
// drops back to `experimental` at the next sync until someone vets it again.
import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { SkillEntry } from '../protocol/automation';
import { automationPaths } from '../store/automation/paths';
import { SkillsCatalogFile } from '../store/automation/skillsFile';
import { readSkillFolder } from './skillHash';
import { parseSkillMarkdown, type ParsedSkill } from './skillFormat';

export const SKILL_FILE = 'SKILL.md';
const SKILL_ID = /^[a-z0-9][a-z0-9._-]{0,99}$/i;

export interface LoadedSkill {
  entry: SkillEntry;
  parsed: ParsedSkill;
  dir: string;
  files: string[];
}

export interface SyncResult {
  skills: SkillEntry[];
  /** Skills whose folder could not be read (bad front matter…), with why. */
  problems: string[];
  /** Vetted skills that changed on disk and dropped to experimental in this sync. */
  dropped: string[];
}

export class SkillCatalog {
  private readonly paths;
  private readonly file;
  constructor(readonly root: string) {
    this.paths = automationPaths(root);
    this.file = new SkillsCatalogFile(root);
  }

  /** The catalog as last written; a broken catalog file reads as empty and is reported. */
  read(): Promise<{ skills: SkillEntry[]; problem?: string }> {
    return this.file.read();
  }

  async get(id: string): Promise<SkillEntry | undefined> {
    return (await this.read()).skills.find((s) => s.id === id);
  }

  /** Finds the skill folders on disk (.viban/skills wins over .claude/skills for the same id). */
  async discover(): Promise<Array<{ id: string; dir: string; rel: string }>> {
    const found = new Map<string, { id: string; dir: string; rel: string }>();
    for (const base of [this.paths.vibanSkills, this.paths.claudeSkills]) {
      let names: string[];
      try {
        names = await fs.readdir(base);
      } catch {
        continue;
      }
      for (const id of names.sort()) {
        if (!SKILL_ID.test(id) || found.has(id)) continue;
        const dir = path.join(base, id);
        if (existsSync(path.join(dir, SKILL_FILE))) found.set(id, { id, dir, rel: path.relative(this.root, dir).split(path.sep).join('/') });
      }
    }
    return [...found.values()];
  }

  /** Reads one skill folder: its SKILL.md parsed, its hash, its files. */
  async load(id: string): Promise<LoadedSkill | undefined> {
    const entry = await this.get(id);
    const where = (await this.discover()).find((d) => d.id === id);
    if (!where) return undefined;
    const { files, contents, contentHash } = readSkillFolder(where.dir);
    const parsed = parseSkillMarkdown(contents.get(SKILL_FILE)!.toString('utf8'), id);
    const base = entry ?? fresh(id, where.rel, parsed, contentHash);
    return { entry: { ...base, contentHash }, parsed, dir: where.dir, files };
  }

  /** Rescans the folders and rewrites the catalog (only when something changed). */
  async rescan(): Promise<SyncResult> {
    return this.file.locked(() => this.syncLocked());
  }

  /** Records the current content hash as vetted. */
  async vet(id: string): Promise<SkillEntry> {
    return this.file.locked(async () => {
      const { skills } = await this.syncLocked();
      const skill = skills.find((s) => s.id === id);
      if (!skill) throw new Error(`There is no skill "${id}" (known: ${skills.map((s) => s.id).join(', ') || 'none'}). Run \`viban skills sync\` after adding its folder.`);
      const vetted: SkillEntry = { ...skill, trust: 'vetted', vettedHash: skill.contentHash };
      await this.writeCatalog(skills.map((s) => (s.id === id ? vetted : s)));
      return vetted;
    });
  }

  /** Adds or updates an entry's provenance (used by imports before the next sync picks it up). */
  async recordImport(id: string, provenance: Pick<SkillEntry, 'source' | 'origin' | 'pinnedCommit' | 'trust'> & { version?: string }): Promise<SkillEntry> {
    return this.file.locked(async () => {
      const { skills } = await this.read();
      const others = skills.filter((s) => s.id !== id);
      // Drop any old entry so the sync sees a new skill, then stamp the provenance on it.
      await this.writeCatalog(others);
      const synced = await this.syncLocked();
      const skill = synced.skills.find((s) => s.id === id);
      if (!skill) throw new Error(`The imported skill "${id}" has no ${SKILL_FILE}.`);
      const stamped: SkillEntry = { ...skill, ...provenance, version: provenance.version ?? skill.version, vettedHash: undefined };
      await this.writeCatalog(synced.skills.map((s) => (s.id === id ? stamped : s)));
      return stamped;
    });
  }

  private async syncLocked(): Promise<SyncResult> {
    const before = await this.read();
    const known = new Map(before.skills.map((s) => [s.id, s]));
    const problems: string[] = before.problem ? [before.problem] : [];
    const dropped: string[] = [];
    const found = await this.discover();
    const skills = (
      await Promise.all(
        found.map(async ({ id, dir, rel }) => {
          try {
            const { contents, contentHash } = readSkillFolder(dir);
            const old = known.get(id);
            // Unchanged content: the catalog already holds what parsing would give (parsing is the slow part).
            if (old && old.contentHash === contentHash && old.path === rel) return merge(old, rel, undefined, contentHash);
            const parsed = parseSkillMarkdown(contents.get(SKILL_FILE)!.toString('utf8'), id);
            const entry = old ? merge(old, rel, parsed, contentHash) : fresh(id, rel, parsed, contentHash);
            if (old?.trust === 'vetted' && entry.trust !== 'vetted') dropped.push(id);
            return entry;
          } catch (err) {
            problems.push(`The skill in ${rel} could not be read: ${(err as Error).message}`);
            return undefined;
          }
        }),
      )
    ).filter((s): s is SkillEntry => !!s);
    if (JSON.stringify(skills) !== JSON.stringify(before.skills) && !before.problem) await this.writeCatalog(skills);
    return { skills, problems, dropped };
  }

  private writeCatalog(skills: SkillEntry[]): Promise<void> {
    return this.file.write(skills);
  }
}

/** A skill seen for the first time: a local folder nobody has vetted yet is experimental. */
function fresh(id: string, rel: string, parsed: ParsedSkill, contentHash: string): SkillEntry {
  return {
    id,
    name: parsed.name,
    description: parsed.description,
    version: parsed.version ?? '0.0.0',
    source: 'local',
    contentHash,
    tags: parsed.tags,
    inputs: parsed.inputs,
    outputs: parsed.outputs,
    trust: 'experimental',
    path: rel,
  };
}

function merge(old: SkillEntry, rel: string, parsed: ParsedSkill | undefined, contentHash: string): SkillEntry {
  const stillVetted = old.trust === 'vetted' && old.vettedHash === contentHash;
  const trust = old.trust === 'vetted' ? (stillVetted ? 'vetted' : 'experimental') : old.trust;
  if (!parsed) return { ...old, contentHash, trust, path: rel };
  return {
    ...old,
    name: parsed.name,
    description: parsed.description,
    version: parsed.version ?? old.version,
    contentHash,
    tags: parsed.tags,
    inputs: parsed.inputs,
    outputs: parsed.outputs,
    trust,
    path: rel,
  };
}
