// Bringing skills in: from a folder, from a git repository at a pinned commit, or from a
// SkillsMP-style marketplace. Each lands in .viban/skills/<id>/ with its supporting files, and
// arrives as `community`: nobody here has vetted it yet.
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { SkillEntry } from '../protocol/automation';
import { runGit } from '../git/gitRunner';
import { automationPaths } from '../store/automation/paths';
import { SKILL_FILE, type SkillCatalog } from './skillCatalog';
import { parseSkillMarkdown } from './skillFormat';
import type { MarketplaceClient } from './marketplaceClient';

const SAFE_ID = /^[a-z0-9][a-z0-9._-]{0,99}$/i;

/** "owner/repo/Skill Name" → "skill-name"; ids are folder names. */
export function skillIdFrom(name: string): string {
  const id = name.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '').slice(0, 100);
  if (!SAFE_ID.test(id)) throw new Error(`"${name}" does not make a usable skill id.`);
  return id;
}

/** A git URL (https, ssh, file, a local path to a repository) with an optional #ref. */
export function isGitSource(source: string): boolean {
  const base = source.split('#')[0];
  return /^(https?|ssh|git|file):\/\//.test(base) || /^[\w.-]+@[\w.-]+:/.test(base) || /\.git\/?$/.test(base);
}

export async function importFromFolder(catalog: SkillCatalog, folder: string): Promise<SkillEntry[]> {
  const src = path.resolve(folder);
  const dirs = await skillFolders(src);
  if (!dirs.length) throw new Error(`${src} has no ${SKILL_FILE} (neither in the folder nor in its subfolders).`);
  const out: SkillEntry[] = [];
  for (const dir of dirs) out.push(await install(catalog, dir, { source: 'local', origin: dir, trust: 'community' }));
  return out;
}

/** `url#ref`: the ref (branch, tag or commit) is resolved to a commit, recorded as pinnedCommit. */
export async function importFromGit(catalog: SkillCatalog, spec: string, opts: { env?: NodeJS.ProcessEnv } = {}): Promise<SkillEntry[]> {
  const hash = spec.lastIndexOf('#');
  const url = hash > 0 ? spec.slice(0, hash) : spec;
  const ref = hash > 0 ? spec.slice(hash + 1) : 'HEAD';
  if (!url || url.startsWith('-') || ref.startsWith('-')) throw new Error(`"${spec}" is not a git URL with an optional #ref.`);
  const work = await fs.mkdtemp(path.join(tmpdir(), 'viban-skill-git-'));
  try {
    // No transport that runs commands (ext::), no hooks, no prompts.
    const safe = ['-c', 'protocol.ext.allow=never', '-c', 'core.hooksPath=/dev/null'];
    await runGit(work, [...safe, 'clone', '--quiet', '--no-checkout', '--', url, 'repo'], { env: opts.env, timeoutMs: 120_000 });
    const repo = path.join(work, 'repo');
    const commit = (await runGit(repo, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { env: opts.env, okExitCodes: [1] })).stdout.trim();
    if (!commit) throw new Error(`The repository ${url} has no branch, tag or commit "${ref}".`);
    await runGit(repo, [...safe, 'checkout', '--quiet', '--detach', commit], { env: opts.env });
    const dirs = await skillFolders(repo);
    if (!dirs.length) throw new Error(`${url} at ${commit.slice(0, 12)} has no ${SKILL_FILE}.`);
    const out: SkillEntry[] = [];
    for (const dir of dirs) out.push(await install(catalog, dir, { source: 'git', origin: url, pinnedCommit: commit, trust: 'community' }, dir === repo ? path.basename(url).replace(/\.git\/?$/, '') : undefined));
    return out;
  } finally {
    await fs.rm(work, { recursive: true, force: true });
  }
}

export async function importFromMarketplace(catalog: SkillCatalog, client: MarketplaceClient, marketplaceId: string): Promise<SkillEntry> {
  const detail = await client.detail(marketplaceId);
  const stage = await fs.mkdtemp(path.join(tmpdir(), 'viban-skill-mp-'));
  try {
    for (const f of detail.files) {
      const target = path.resolve(stage, f.path);
      if (!target.startsWith(stage + path.sep)) throw new Error(`The marketplace skill "${marketplaceId}" has a file outside its folder (${f.path}); not imported.`);
      await fs.mkdir(path.dirname(target), { recursive: true });
      await fs.writeFile(target, f.content, 'utf8');
    }
    return await install(catalog, stage, { source: 'marketplace', origin: marketplaceId, trust: 'community', ...(detail.version && { version: detail.version }) }, detail.name);
  } finally {
    await fs.rm(stage, { recursive: true, force: true });
  }
}

/** The folder itself when it holds SKILL.md, else every child (or skills/<child>) that does. */
async function skillFolders(root: string): Promise<string[]> {
  const has = (d: string) => fs.stat(path.join(d, SKILL_FILE)).then((s) => s.isFile(), () => false);
  if (await has(root)) return [root];
  const out: string[] = [];
  for (const base of [root, path.join(root, 'skills'), path.join(root, '.claude', 'skills')]) {
    const names = await fs.readdir(base).catch(() => [] as string[]);
    for (const n of names.sort()) if (n !== '.git' && (await has(path.join(base, n)))) out.push(path.join(base, n));
  }
  return out;
}

async function install(catalog: SkillCatalog, from: string, provenance: Pick<SkillEntry, 'source' | 'origin' | 'pinnedCommit' | 'trust'> & { version?: string }, name?: string): Promise<SkillEntry> {
  // Parsed first so a broken SKILL.md is refused before anything is copied.
  parseSkillMarkdown(await fs.readFile(path.join(from, SKILL_FILE), 'utf8'), path.basename(from));
  const id = skillIdFrom(name ?? path.basename(from));
  const target = path.join(automationPaths(catalog.root).vibanSkills, id);
  if (await fs.stat(target).then(() => true, () => false)) {
    throw new Error(`A skill "${id}" is already installed (${path.relative(catalog.root, target)}); remove that folder first to replace it.`);
  }
  await fs.mkdir(path.dirname(target), { recursive: true });
  await fs.cp(from, target, { recursive: true, filter: (src) => path.basename(src) !== '.git' });
  return catalog.recordImport(id, provenance);
}
