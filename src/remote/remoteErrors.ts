// What can stop a remote run, each with the fix a person can act on. The REST API's answers
// (401, 403, 404, 422) are translated here once, so the CLI and the board say the same thing.
import { WORKFLOW_PATH } from './workflowTemplate';

export type RemoteErrorKind =
  | 'no-repo'
  | 'no-remote'
  | 'not-signed-in'
  | 'bad-token'
  | 'missing-scope'
  | 'workflow-missing'
  | 'secrets-missing'
  | 'rate-limited'
  | 'run-not-found'
  | 'api';

export class RemoteError extends Error {
  constructor(
    readonly kind: RemoteErrorKind,
    message: string,
    /** What to do about it, in a sentence. */
    readonly fix: string,
  ) {
    super(message);
  }

  /** Message and fix in one line, as a card or a notification shows it. */
  get full(): string {
    return `${this.message} ${this.fix}`;
  }
}

interface HttpFailure {
  status: number;
  message?: string;
  /** Response headers (lower-case names), e.g. x-oauth-scopes. */
  headers?: Record<string, string | number | undefined>;
}

/** Turns an API failure into a RemoteError; `what` names the call ("dispatching the workflow"). */
export function explainApiFailure(failure: HttpFailure, ctx: { owner: string; repo: string; what: string; tokenSource: string }): RemoteError {
  const slug = `${ctx.owner}/${ctx.repo}`;
  const detail = failure.message ? ` (GitHub said: ${failure.message})` : '';
  const scopes = String(failure.headers?.['x-oauth-scopes'] ?? '');
  if (failure.status === 401) {
    return new RemoteError('bad-token', `GitHub refused the token from ${ctx.tokenSource} while ${ctx.what}: it is not valid or has expired${detail}.`, signInFix(ctx.tokenSource));
  }
  const rateLimited = failure.headers?.['x-ratelimit-remaining'] === '0' || failure.headers?.['x-ratelimit-remaining'] === 0 || failure.status === 429;
  if (rateLimited) {
    const reset = Number(failure.headers?.['x-ratelimit-reset']);
    const when = Number.isFinite(reset) && reset > 0 ? ` until ${new Date(reset * 1000).toLocaleTimeString()}` : '';
    return new RemoteError('rate-limited', `GitHub's rate limit for this token is used up${when}.`, 'Viban waits and carries on by itself; fewer concurrent remote runs use less of it.');
  }
  if (failure.status === 403) {
    const missingWorkflow = scopes && !/\bworkflow\b/.test(scopes);
    return new RemoteError(
      'missing-scope',
      `GitHub did not allow ${ctx.what} in ${slug}${missingWorkflow ? `: the token has the scopes "${scopes}" but not "workflow"` : ''}${detail}.`,
      'The token needs the `repo` and `workflow` scopes (a fine-grained token: Actions read and write, Contents read and write, Pull requests read and write). From the command line: `gh auth refresh -s workflow`, or a new token in GITHUB_TOKEN; in VS Code: sign in to GitHub again when Viban asks.',
    );
  }
  if (failure.status === 404) {
    return new RemoteError(
      'workflow-missing',
      `GitHub has no Viban workflow in ${slug} (404 while ${ctx.what})${detail}: ${WORKFLOW_PATH} is not committed on the default branch yet, or the token cannot see the repository.`,
      `Run \`viban remote init github --yes\` (or "Set up GitHub Actions" on the board), commit ${WORKFLOW_PATH}, push it to the default branch, then run again.`,
    );
  }
  return new RemoteError('api', `GitHub answered ${failure.status} while ${ctx.what} in ${slug}${detail}.`, 'Check https://www.githubstatus.com and try again; set VIBAN_DEBUG=1 for details.');
}

export function signInFix(tokenSource: string): string {
  return tokenSource === 'VS Code'
    ? 'Sign in to GitHub in VS Code (Accounts menu) and allow the `repo` and `workflow` scopes.'
    : 'Set GITHUB_TOKEN to a token with the `repo` and `workflow` scopes, or run `gh auth login --scopes repo,workflow`.';
}

/** The run failed at the step that checks keys: say which secret to add, and where. */
export function secretsMissing(owner: string, repo: string, detail: string, serverUrl = 'https://github.com'): RemoteError {
  return new RemoteError('secrets-missing', `The workflow stopped before the agent started: ${detail}`, `Add the secret at ${serverUrl}/${owner}/${repo}/settings/secrets/actions, then run again.`);
}
