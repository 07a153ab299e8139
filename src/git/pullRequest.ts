// Publishing a task branch: `git push -u` (never --force), then `gh pr create` when the GitHub
// CLI is installed and logged in. Without gh the branch is still pushed and kept, and the message
// says how to open the pull request.
import { CommandError, gitComplaint, readOnly, redactCredentials, runCommand, runGit, type GitCallOptions, type RunResult } from './gitRunner';
import { uncommittedFiles } from './repoInfo';

export interface GhOptions {
  /** Whole environment for gh (and git); tests put a stand-in gh first on PATH here. */
  env?: NodeJS.ProcessEnv;
  /** Path to gh. Default `gh` from PATH. */
  ghPath?: string;
  signal?: AbortSignal;
}

export interface GhStatus {
  installed: boolean;
  loggedIn: boolean;
  version?: string;
  /** When not usable: what to do about it, in a sentence. */
  reason?: string;
}

// No prompts (they would hang an invisible process), no colour codes or update nags in the output we parse.
const GH_ENV = { GH_PROMPT_DISABLED: '1', GH_NO_UPDATE_NOTIFIER: '1', NO_COLOR: '1', GH_SPINNER_DISABLED: '1' };

function ghRun(args: string[], opts: GhOptions & { cwd?: string; input?: string; okExitCodes?: number[] }) {
  return runCommand(opts.ghPath ?? 'gh', args, {
    env: opts.env,
    extraEnv: GH_ENV,
    cwd: opts.cwd,
    signal: opts.signal,
    input: opts.input,
    okExitCodes: opts.okExitCodes,
    timeoutMs: 60_000,
  });
}

/** `gh --version` and `gh auth status`: can Viban open pull requests with gh? */
export async function detectGh(opts: GhOptions = {}): Promise<GhStatus> {
  let version: string | undefined;
  try {
    const r = await ghRun(['--version'], opts);
    version = /gh version (\S+)/.exec(r.stdout)?.[1] ?? r.stdout.split('\n')[0].trim();
  } catch (e) {
    if (e instanceof CommandError && e.kind === 'not-found') {
      return { installed: false, loggedIn: false, reason: 'The GitHub CLI (gh) is not installed; install it from https://cli.github.com and run `gh auth login` to open pull requests from Viban.' };
    }
    return { installed: false, loggedIn: false, reason: `The GitHub CLI (gh) could not be run: ${e instanceof Error ? redactCredentials(e.message) : String(e)}` };
  }
  // `gh auth status` exits 1 when no host is logged in (or a token is invalid).
  const auth: RunResult | Error = await ghRun(['auth', 'status'], { ...opts, okExitCodes: [1] }).catch((e: Error) => e);
  if (auth instanceof Error || auth.exitCode !== 0) {
    return { installed: true, loggedIn: false, version, reason: 'The GitHub CLI (gh) is not logged in; run `gh auth login` in a terminal, then try again.' };
  }
  return { installed: true, loggedIn: true, version };
}

export interface PushAndOpenPullRequestOptions extends GitCallOptions, GhOptions {
  worktree: string;
  branch: string;
  base: string;
  title: string;
  body: string;
  /** Default 'origin'. */
  remote?: string;
  draft?: boolean;
}

export type PullRequestResult =
  | { status: 'opened'; pushed: true; url: string; alreadyExisted: boolean; remote: string; branch: string }
  | { status: 'pushed-only'; pushed: true; reason: 'gh-missing' | 'gh-logged-out' | 'gh-failed'; message: string; remote: string; branch: string; gh: GhStatus }
  | { status: 'refused'; pushed: false; reason: 'worktree-dirty' | 'no-remote' | 'no-commits' | 'push-failed'; message: string };

const PR_URL = /https?:\/\/\S+\/pull\/\d+/;

export async function pushAndOpenPullRequest(opts: PushAndOpenPullRequestOptions): Promise<PullRequestResult> {
  const remote = opts.remote ?? 'origin';
  const dirty = await uncommittedFiles(opts.worktree, opts);
  if (dirty.length) {
    return { status: 'refused', pushed: false, reason: 'worktree-dirty', message: `The task worktree has uncommitted changes (${dirty.length} file${dirty.length === 1 ? '' : 's'}); commit them first so they are part of the pull request.` };
  }
  const url = await runGit(opts.worktree, ['remote', 'get-url', remote], { ...readOnly(opts), okExitCodes: [2, 128] });
  if (url.exitCode !== 0) {
    return { status: 'refused', pushed: false, reason: 'no-remote', message: `There is no remote "${remote}" to push to; add one with \`git remote add ${remote} <url>\`.` };
  }
  const ahead = await runGit(opts.worktree, ['rev-list', '--count', `refs/heads/${opts.base}..refs/heads/${opts.branch}`], readOnly(opts));
  if (Number(ahead.stdout.trim()) === 0) {
    return { status: 'refused', pushed: false, reason: 'no-commits', message: `${opts.branch} has no commits that are not on ${opts.base}; commit the task's changes first.` };
  }
  try {
    // No --force, ever: if the remote branch moved, the user decides what to do.
    await runGit(opts.worktree, ['push', '-u', remote, `refs/heads/${opts.branch}:refs/heads/${opts.branch}`], opts);
  } catch (e) {
    const why = e instanceof CommandError ? gitComplaint(e.stderr, 4) || e.message : String(e);
    return { status: 'refused', pushed: false, reason: 'push-failed', message: `Could not push ${opts.branch} to ${remote}: ${redactCredentials(why)}` };
  }
  const gh = await detectGh(opts);
  const pushed = `Pushed ${opts.branch} to ${remote}.`;
  if (!gh.installed) return { status: 'pushed-only', pushed: true, reason: 'gh-missing', message: `${pushed} ${gh.reason} Or open the pull request on the website.`, remote, branch: opts.branch, gh };
  if (!gh.loggedIn) return { status: 'pushed-only', pushed: true, reason: 'gh-logged-out', message: `${pushed} ${gh.reason}`, remote, branch: opts.branch, gh };

  // The body goes on stdin (--body-file -): a long agent summary could exceed one argv entry's limit.
  const args = ['pr', 'create', '--base', opts.base, '--head', opts.branch, '--title', opts.title, '--body-file', '-', ...(opts.draft ? ['--draft'] : [])];
  const r: RunResult | Error = await ghRun(args, { ...opts, cwd: opts.worktree, input: opts.body, okExitCodes: [1] }).catch((e: Error) => e);
  if (!(r instanceof Error) && r.exitCode === 0) {
    const found = PR_URL.exec(r.stdout);
    if (found) return { status: 'opened', pushed: true, url: found[0], alreadyExisted: false, remote, branch: opts.branch };
  }
  const output = r instanceof Error ? (r instanceof CommandError ? r.stderr || r.message : r.message) : `${r.stderr}\n${r.stdout}`;
  // gh refuses a second PR for the same branch and names the existing one: that is the answer too.
  const existing = /already exists/i.test(output) ? PR_URL.exec(output) : null;
  if (existing) return { status: 'opened', pushed: true, url: existing[0], alreadyExisted: true, remote, branch: opts.branch };
  const detail = redactCredentials(output.trim().split('\n').slice(0, 4).join('\n'));
  return { status: 'pushed-only', pushed: true, reason: 'gh-failed', message: `${pushed} gh could not open the pull request: ${detail || 'no output'}`, remote, branch: opts.branch, gh };
}
