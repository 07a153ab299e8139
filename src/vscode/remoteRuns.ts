// Remote runs in the window: one RemoteFollower (one polling loop) for every folder's runs,
// including those dispatched before the window last closed; GitHub reached with VS Code's
// built-in GitHub sign-in (scopes repo + workflow) and the API base from `viban.remote.github.apiUrl`.
// The token is asked for when it is needed and kept only inside the API client.
import * as vscode from 'vscode';
import { version } from '../../package.json';
import type { FolderRuntime } from '../app/folderRuntime';
import type { RemoteInfo } from '../protocol/remote';
import type { Redactor } from '../secrets/redactor';
import { GitHubApi } from '../remote/githubApi';
import { findGitHubRepo } from '../remote/githubRepo';
import { RemoteError, signInFix } from '../remote/remoteErrors';
import { RemoteFollower } from '../remote/remoteFollower';
import { RemoteRunner, type DispatchOptions } from '../remote/remoteRunner';
import { planWorkflow, writeWorkflow } from '../remote/workflowFile';
import { REMOTE_EXECUTOR_IDS } from '../remote/workflowTemplate';
import { Logger } from './logger';
import type { WorkspaceRuntimes } from './workspaceRuntimes';

const SCOPES = ['repo', 'workflow'];
/** code-server and other builds may have no GitHub provider: do not wait on one forever. */
const SIGN_IN_WAIT_MS = 60_000;

const setting = <T>(key: string, fallback: T) => vscode.workspace.getConfiguration('viban.remote').get<T>(key, fallback);

export class VsRemoteRuns implements vscode.Disposable {
  private readonly follower: RemoteFollower;
  private readonly runners = new Map<FolderRuntime, RemoteRunner>();
  private readonly clients = new Map<FolderRuntime, GitHubApi>();
  private readonly log = new Logger('remote');
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly runtimes: WorkspaceRuntimes,
    private readonly redactor: Redactor,
  ) {
    this.follower = new RemoteFollower({
      intervalMs: Math.max(1, setting<number>('pollSeconds', 5)) * 1000,
      maxRequestsPerSecond: 1,
      onProblem: (m) => this.log.warn(m),
    });
    runtimes.openRuntimes.forEach((r) => this.attach(r));
    this.subscriptions.push(runtimes.onDidOpenRuntime((r) => this.attach(r)));
  }

  private apiUrl(): string | undefined {
    return setting<string>('github.apiUrl', '').trim() || process.env.GITHUB_API_URL?.trim() || undefined;
  }

  /** Follows the folder's runs from the moment it opens: unsettled ones from a closed window too. */
  private attach(runtime: FolderRuntime): RemoteRunner {
    let runner = this.runners.get(runtime);
    if (runner) return runner;
    runner = new RemoteRunner({
      root: runtime.root,
      board: runtime.board,
      redactor: this.redactor,
      api: () => this.client(runtime, false),
      flow: () => {
        const c = vscode.workspace.getConfiguration('viban').get<{ runStarted?: string; runSucceeded?: string }>('columnFlow', {});
        return { runStarted: c.runStarted ?? 'in-progress', runSucceeded: c.runSucceeded ?? 'in-review' };
      },
      worktreeLocation: () => vscode.workspace.getConfiguration('viban').get<string>('worktreeLocation') || undefined,
    });
    this.runners.set(runtime, runner);
    this.follower.add(runner);
    return runner;
  }

  /** The folder's API client; `interactive` may show VS Code's sign-in. */
  private async client(runtime: FolderRuntime, interactive: boolean): Promise<GitHubApi> {
    const cached = this.clients.get(runtime);
    if (cached) return cached;
    const repo = await findGitHubRepo(runtime.root);
    const baseUrl = this.apiUrl();
    const { token, source } = await this.token(interactive, baseUrl);
    const api = new GitHubApi({ owner: repo.owner, repo: repo.repo, baseUrl, token, tokenSource: source });
    this.redactor.addSecret(token);
    this.clients.set(runtime, api);
    return api;
  }

  /**
   * A session VS Code already has (no prompt), else GITHUB_TOKEN / GH_TOKEN from the environment,
   * else — when the user asked for a run — VS Code's sign-in with the repo and workflow scopes.
   * (code-server takes GITHUB_TOKEN out of the environment and offers it as the GitHub session.)
   */
  private async token(interactive: boolean, baseUrl: string | undefined): Promise<{ token: string; source: string }> {
    const provider = baseUrl && !/^https:\/\/api\.github\.com\/?$/.test(baseUrl) && !/127\.0\.0\.1|localhost/.test(baseUrl) ? 'github-enterprise' : 'github';
    const ask = async (options: vscode.AuthenticationGetSessionOptions, waitMs: number) => {
      try {
        const session = await Promise.race([vscode.authentication.getSession(provider, SCOPES, options), new Promise<undefined>((r) => setTimeout(() => r(undefined), waitMs))]);
        return session ? { token: session.accessToken, source: 'VS Code' } : undefined;
      } catch (err) {
        this.log.warn(`GitHub sign-in through VS Code is not available: ${(err as Error).message}`);
        return undefined;
      }
    };
    const existing = await ask({ silent: true }, 5_000);
    if (existing) return existing;
    // VIBAN_GITHUB_TOKEN too: code-server consumes GITHUB_TOKEN before the extension host sees it.
    const env = process.env.VIBAN_GITHUB_TOKEN?.trim() || process.env.GITHUB_TOKEN?.trim() || process.env.GH_TOKEN?.trim();
    if (env) return { token: env, source: 'GITHUB_TOKEN' };
    const signedIn = interactive ? await ask({ createIfNone: true }, SIGN_IN_WAIT_MS) : undefined;
    if (signedIn) return signedIn;
    throw new RemoteError('not-signed-in', 'Not signed in to GitHub.', signInFix('VS Code'));
  }

  /** For the confirmation card: can this folder run on GitHub Actions, and what is missing. */
  async info(runtime: FolderRuntime | undefined): Promise<RemoteInfo | undefined> {
    if (!runtime) return undefined;
    const executors = [...REMOTE_EXECUTOR_IDS];
    try {
      const repo = await findGitHubRepo(runtime.root);
      const plan = await planWorkflow(repo.root, { vibanVersion: version });
      return { repo: `${repo.owner}/${repo.repo}`, workflow: plan.state.kind, executors, ...(plan.state.kind === 'missing' && { reason: 'The Viban workflow is not in this repository yet: set it up, then commit and push it.' }) };
    } catch (err) {
      return { workflow: 'unknown', executors, reason: err instanceof RemoteError ? err.full : (err as Error).message };
    }
  }

  async dispatch(runtime: FolderRuntime, opts: DispatchOptions): Promise<void> {
    const runner = this.attach(runtime);
    try {
      await this.client(runtime, true);
      await runner.dispatch(opts);
    } catch (err) {
      if (err instanceof RemoteError) {
        // A refused token is dropped, so the next try signs in again.
        if (err.kind === 'bad-token' || err.kind === 'missing-scope') this.clients.delete(runtime);
        throw new Error(err.full);
      }
      throw err;
    }
    this.follower.wake();
  }

  async cancel(runtime: FolderRuntime, taskId: string): Promise<void> {
    await this.attach(runtime).cancel(taskId);
    this.follower.wake();
  }

  /** Shows the workflow it would write, then writes it when the user agrees. Never over an edited one. */
  async initWorkflow(runtime: FolderRuntime): Promise<boolean> {
    const repo = await findGitHubRepo(runtime.root).catch(() => undefined);
    const plan = await planWorkflow(repo?.root ?? runtime.root, { vibanVersion: version });
    if (plan.state.kind === 'edited') {
      const open = await vscode.window.showWarningMessage(`${plan.file} was edited (or not written by Viban), so Viban leaves it as it is.`, 'Open It');
      if (open) await vscode.window.showTextDocument(vscode.Uri.file(plan.file));
      return false;
    }
    if (plan.state.kind === 'current') {
      void vscode.window.showInformationMessage('The Viban workflow is already set up. Commit and push it if you have not yet.');
      return true;
    }
    const preview = await vscode.workspace.openTextDocument({ language: 'yaml', content: plan.text });
    await vscode.window.showTextDocument(preview, { preview: true });
    const write = await vscode.window.showInformationMessage(
      `Write this workflow to ${vscode.workspace.asRelativePath(plan.file)}? Then commit and push it, and add the model's key as a repository secret.`,
      { modal: true },
      'Write Workflow',
    );
    if (write !== 'Write Workflow') return false;
    await writeWorkflow(plan);
    await vscode.window.showTextDocument(vscode.Uri.file(plan.file));
    return true;
  }

  dispose(): void {
    this.follower.dispose();
    this.subscriptions.forEach((d) => d.dispose());
  }
}
