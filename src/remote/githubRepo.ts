// Which GitHub repository a workspace belongs to: read from its git remotes (origin first), in
// any of the URL shapes git accepts. The host is not checked against github.com, so GitHub
// Enterprise remotes work the same (the API base comes from GITHUB_API_URL or the setting).
import { readOnly, runGit, type GitCallOptions } from '../git/gitRunner';
import { RemoteError } from './remoteErrors';

export interface GitHubRepo {
  owner: string;
  repo: string;
  /** The git remote it was read from (fetches of the task branch go there). */
  remote: string;
  /** Top level of the working tree: the workflow file is written relative to it. */
  root: string;
}

/** owner/repo from `https://host/owner/repo(.git)`, `git@host:owner/repo(.git)`, `ssh://git@host[:port]/owner/repo`. */
export function parseRemoteUrl(url: string): { owner: string; repo: string } | undefined {
  const trimmed = url.trim();
  const scp = /^[\w.-]+@[\w.-]+:(?!\/)([^/]+)\/([^/]+?)(?:\.git)?\/?$/.exec(trimmed);
  if (scp) return { owner: scp[1], repo: scp[2] };
  let parsed: URL;
  try {
    parsed = new URL(trimmed);
  } catch {
    return undefined;
  }
  if (!/^(https?|ssh|git):$/.test(parsed.protocol)) return undefined;
  const parts = parsed.pathname.replace(/^\/+|\/+$/g, '').replace(/\.git$/, '').split('/');
  if (parts.length !== 2 || !parts[0] || !parts[1]) return undefined;
  return { owner: parts[0], repo: parts[1] };
}

/** The repository of `dir`'s remotes: `origin` when it is a GitHub-shaped URL, else the first that is. */
export async function findGitHubRepo(dir: string, opts: GitCallOptions = {}): Promise<GitHubRepo> {
  let root: string;
  try {
    root = (await runGit(dir, ['rev-parse', '--show-toplevel'], readOnly(opts))).stdout.trim();
  } catch {
    throw new RemoteError('no-repo', `${dir} is not a git repository, so it has no GitHub remote to run on.`, 'Run `git init`, add the GitHub repository as `origin` (`git remote add origin https://github.com/OWNER/REPO.git`) and push.');
  }
  // The URLs as configured: `git remote -v` would show them after url.<base>.insteadOf rewriting
  // (a mirror, a local path), which no longer names the GitHub repository.
  const listed = await runGit(root, ['config', '--get-regexp', '^remote\\..*\\.url$'], { ...readOnly(opts), okExitCodes: [1] });
  const remotes = new Map<string, string>();
  for (const line of listed.stdout.split('\n')) {
    const m = /^remote\.(.+)\.url\s+(\S+)$/.exec(line.trim());
    if (m && !remotes.has(m[1])) remotes.set(m[1], m[2]);
  }
  const ordered = [...remotes.entries()].sort(([a], [b]) => (a === 'origin' ? -1 : b === 'origin' ? 1 : 0));
  for (const [remote, url] of ordered) {
    const found = parseRemoteUrl(url);
    if (found) return { ...found, remote, root };
  }
  throw new RemoteError(
    'no-remote',
    remotes.size ? `None of ${root}'s git remotes (${[...remotes.keys()].join(', ')}) is a GitHub repository.` : `${root} has no git remote, so there is no GitHub repository to run on.`,
    'Add the repository: `git remote add origin https://github.com/OWNER/REPO.git`, then push your branch.',
  );
}
