// The command line's RemoteRunner for the workspace: the board and redactor of the folder
// runtime, GitHub reached with GITHUB_TOKEN / `gh auth token` and GITHUB_API_URL, the same
// column flow a local `viban run` follows (none: cards stay where they are unless the board says).
import { cliGitHubApi } from '../../remote/cliAuth';
import type { GitHubApi } from '../../remote/githubApi';
import { RemoteRunner } from '../../remote/remoteRunner';
import type { CliContext } from '../context';


export async function cliRemoteRunner(ctx: CliContext, env: NodeJS.ProcessEnv = ctx.io.env ?? process.env): Promise<RemoteRunner> {
  const runtime = await ctx.runtime();
  let api: Promise<GitHubApi> | undefined;
  return new RemoteRunner({
    root: runtime.root,
    board: runtime.board,
    redactor: ctx.io.redactor,
    // Signed in once per command; a failure is not cached, so the next attempt tries again.
    api: () => (api ??= cliGitHubApi(runtime.root, env).catch((err) => {
      api = undefined;
      throw err;
    })),
    gitEnv: env,
  });
}
