// Gathers what assembleContext needs from a real workspace: the board and sessions from the folder
// runtime, the memory, the git state (read-only git: no index lock taken) and the README and
// manifest. Anything that cannot be read (no git, no README) is simply absent: Assist answers
// with what there is.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Board } from '../protocol/model';
import type { SessionMeta } from '../protocol/sessions';
import type { MemoryItem } from '../protocol/memory';
import { readOnly, runGit } from '../git/gitRunner';
import type { ContextInputs, GitState, ProjectFiles } from './assistContext';

export interface GatherSources {
  root: string;
  request: string;
  board: Board;
  sessions: () => Promise<SessionMeta[]>;
  memory: () => Promise<MemoryItem[]>;
}

/** Recent sessions kept in the context (older ones say little about what to do next). */
const RECENT_SESSIONS = 200;
const RECENT_COMMITS = 15;
/** The README and manifest are cut here before the budget is even considered. */
const PROJECT_FILE_CHARS = 6000;

export async function gatherContextInputs(src: GatherSources): Promise<ContextInputs> {
  const [sessions, memory, git, project] = await Promise.all([
    src.sessions().then((all) => all.slice(-RECENT_SESSIONS)),
    src.memory(),
    gitState(src.root),
    projectFiles(src.root),
  ]);
  return { request: src.request, board: src.board, sessions, memory, git, project };
}

export async function gitState(root: string): Promise<GitState | undefined> {
  try {
    const opts = { ...readOnly(), timeoutMs: 10_000 };
    const branch = await runGit(root, ['rev-parse', '--abbrev-ref', 'HEAD'], opts);
    if (branch.exitCode !== 0) return undefined;
    const [log, status] = await Promise.all([
      runGit(root, ['log', `-n${RECENT_COMMITS}`, '--format=%h%x09%ad%x09%s', '--date=short'], opts),
      runGit(root, ['status', '--porcelain'], opts),
    ]);
    const commits = log.exitCode === 0 ? log.stdout.split('\n').filter(Boolean).map((l) => {
      const [sha, date, ...subject] = l.split('\t');
      return { sha, date, subject: subject.join('\t') };
    }) : [];
    const name = branch.stdout.trim();
    return { branch: name === 'HEAD' ? null : name, dirtyFiles: status.exitCode === 0 ? status.stdout.split('\n').filter(Boolean).length : 0, commits };
  } catch {
    return undefined; // git missing or not a repository: the context has no git part
  }
}

const README_NAMES = ['README.md', 'README', 'readme.md', 'README.txt'];
const MANIFEST_NAMES = ['package.json', 'pyproject.toml', 'Cargo.toml', 'go.mod'];

export async function projectFiles(root: string): Promise<ProjectFiles> {
  const out: ProjectFiles = {};
  const readme = await firstFile(root, README_NAMES);
  if (readme) out.readme = readme;
  const manifest = await firstFile(root, MANIFEST_NAMES);
  if (manifest) out.manifest = manifest.file === 'package.json' ? { file: manifest.file, text: packageSummary(manifest.text) } : manifest;
  return out;
}

async function firstFile(root: string, names: string[]): Promise<{ file: string; text: string } | undefined> {
  for (const file of names) {
    try {
      const text = await fs.readFile(path.join(root, file), 'utf8');
      return { file, text: text.length > PROJECT_FILE_CHARS ? text.slice(0, PROJECT_FILE_CHARS) : text };
    } catch {
      // not there: try the next name
    }
  }
  return undefined;
}

/** The parts of package.json that say what the project is; the dependency lists are long and say little. */
function packageSummary(text: string): string {
  try {
    const pkg = JSON.parse(text) as Record<string, unknown>;
    const keep = Object.fromEntries(['name', 'description', 'version', 'type', 'bin', 'main', 'scripts'].filter((k) => pkg[k] !== undefined).map((k) => [k, pkg[k]]));
    const deps = Object.keys({ ...(pkg.dependencies as object), ...(pkg.devDependencies as object) });
    return JSON.stringify({ ...keep, ...(deps.length && { dependencies: deps }) }, null, 1);
  } catch {
    return text;
  }
}
