// The command line's way to GitHub: the token from GITHUB_TOKEN (GH_TOKEN too, as gh reads it)
// or from `gh auth token`, and the API base from GITHUB_API_URL, as Actions itself sets it. The
// token is handed to the API client and nowhere else: not the store, not a log, not an error.
import { CommandError, runCommand } from '../git/gitRunner';
import { GitHubApi } from './githubApi';
import { findGitHubRepo } from './githubRepo';
import { RemoteError, signInFix } from './remoteErrors';

export interface CliToken {
  token: string;
  source: string;
}

export async function cliToken(env: NodeJS.ProcessEnv): Promise<CliToken> {
  for (const name of ['GITHUB_TOKEN', 'GH_TOKEN']) {
    const value = env[name]?.trim();
    if (value) return { token: value, source: name };
  }
  try {
    const r = await runCommand('gh', ['auth', 'token'], { env, extraEnv: { GH_PROMPT_DISABLED: '1', NO_COLOR: '1' }, timeoutMs: 15_000, okExitCodes: [1] });
    const token = r.stdout.trim();
    if (r.exitCode === 0 && token) return { token, source: '`gh auth token`' };
  } catch (err) {
    if (!(err instanceof CommandError)) throw err;
  }
  throw new RemoteError('not-signed-in', 'Not signed in to GitHub: GITHUB_TOKEN is not set and the GitHub CLI has no login.', signInFix('cli'));
}

/** An API client for the repository of `root`, signed in the command line's way. */
export async function cliGitHubApi(root: string, env: NodeJS.ProcessEnv): Promise<GitHubApi> {
  const repo = await findGitHubRepo(root, { env });
  const { token, source } = await cliToken(env);
  return new GitHubApi({ owner: repo.owner, repo: repo.repo, baseUrl: env.GITHUB_API_URL?.trim() || undefined, token, tokenSource: source });
}
