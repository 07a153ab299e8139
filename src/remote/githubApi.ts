// The few GitHub REST calls a remote run needs, on Octokit (the official client: pagination,
// redirects, typed errors). What this adds: conditional requests (an ETag per URL; a 304 costs
// nothing against the rate limit and returns the cached body), the rate-limit state read from
// every answer so the poller can back off, a request count for the benchmark, and every failure
// turned into a RemoteError with its fix. The token lives only inside the Octokit instance.
import { Octokit } from '@octokit/rest';
import { explainApiFailure, RemoteError } from './remoteErrors';
import { WORKFLOW_FILE } from './workflowTemplate';

export const DEFAULT_API_URL = 'https://api.github.com';

export interface ApiTarget {
  owner: string;
  repo: string;
  /** REST API base: GITHUB_API_URL, the setting, or the public API. */
  baseUrl?: string;
  token: string;
  /** Where the token came from, for messages ("GITHUB_TOKEN", "gh auth token", "VS Code"). */
  tokenSource: string;
}

export interface WorkflowRun {
  id: number;
  name: string;
  status: string;
  conclusion: string | null;
  htmlUrl: string;
  createdAt: string;
  updatedAt: string;
  runStartedAt?: string;
}

export interface JobStep {
  name: string;
  number: number;
  status: string;
  conclusion: string | null;
}

export interface WorkflowJob {
  id: number;
  name: string;
  status: string;
  conclusion: string | null;
  startedAt?: string;
  completedAt?: string;
  steps: JobStep[];
}

export interface Artifact {
  id: number;
  name: string;
  expired: boolean;
}

export interface RateState {
  remaining?: number;
  /** Epoch ms when the limit resets. */
  resetAt?: number;
  /** Epoch ms before which no request should be made (retry-after or an exhausted limit). */
  pausedUntil?: number;
}

type Headers = Record<string, string | number | undefined>;

export class GitHubApi {
  readonly octokit: Octokit;
  readonly rate: RateState = {};
  /**
   * Every REST API request sent, 304s included: what GitHub's rate limit counts and the follower's
   * budget spends. The signed-URL fetches that follow a log's or an artifact's redirect go to
   * storage, not the API, and do not count against the limit: they are in `storageFetches`.
   */
  requests = 0;
  storageFetches = 0;
  notModified = 0;
  private readonly etags = new Map<string, { etag: string; data: unknown }>();

  constructor(readonly target: ApiTarget) {
    this.octokit = new Octokit({ auth: target.token, baseUrl: (target.baseUrl || DEFAULT_API_URL).replace(/\/+$/, ''), userAgent: 'viban', log: { debug() {}, info() {}, warn() {}, error() {} } });
    this.octokit.hook.before('request', () => {
      this.requests++;
    });
    this.octokit.hook.after('request', (response) => this.noteRate(response.headers as Headers));
    this.octokit.hook.error('request', (error) => {
      const headers = (error as { response?: { headers?: Headers } }).response?.headers;
      if (headers) this.noteRate(headers, (error as { status?: number }).status);
      throw error;
    });
  }

  get slug(): string {
    return `${this.target.owner}/${this.target.repo}`;
  }

  private noteRate(headers: Headers, status?: number): void {
    const remaining = Number(headers['x-ratelimit-remaining']);
    const reset = Number(headers['x-ratelimit-reset']);
    if (Number.isFinite(remaining)) this.rate.remaining = remaining;
    if (Number.isFinite(reset) && reset > 0) this.rate.resetAt = reset * 1000;
    const retryAfter = Number(headers['retry-after']);
    if ((status === 403 || status === 429) && Number.isFinite(retryAfter)) this.rate.pausedUntil = Date.now() + retryAfter * 1000;
    else if (remaining === 0 && this.rate.resetAt) this.rate.pausedUntil = this.rate.resetAt;
  }

  private fail(err: unknown, what: string): never {
    if (err instanceof RemoteError) throw err;
    const e = err as { status?: number; message?: string; response?: { headers?: Headers; data?: { message?: string } } };
    // Octokit reports a request that got no answer at all (refused, DNS, TLS) as status 500 with
    // no response: that is an unreachable server, not GitHub answering 500.
    if (typeof e.status !== 'number' || !e.response) throw new RemoteError('api', `Could not reach the GitHub API at ${this.target.baseUrl || DEFAULT_API_URL} while ${what}: ${unreachableReason(err)}.`, 'Check the network (and GITHUB_API_URL or the viban.remote.github.apiUrl setting).');
    throw explainApiFailure({ status: e.status, message: e.response?.data?.message, headers: e.response?.headers }, { owner: this.target.owner, repo: this.target.repo, what, tokenSource: this.target.tokenSource });
  }

  /** A GET with If-None-Match: a 304 answers with the body cached from the last 200. */
  private async conditional<T>(route: string, params: Record<string, unknown>, what: string): Promise<{ data: T; changed: boolean }> {
    const key = `${route} ${JSON.stringify(params)}`;
    const cached = this.etags.get(key);
    try {
      const res = await this.octokit.request(route, { ...params, headers: cached ? { 'if-none-match': cached.etag } : {} });
      const etag = res.headers.etag;
      if (etag) this.etags.set(key, { etag, data: res.data });
      return { data: res.data as T, changed: true };
    } catch (err) {
      if ((err as { status?: number }).status === 304 && cached) {
        this.notModified++;
        return { data: cached.data as T, changed: false };
      }
      this.fail(err, what);
    }
  }

  private base() {
    return { owner: this.target.owner, repo: this.target.repo };
  }

  /** The committed workflow (404 when it is not on the default branch). */
  async getWorkflow(): Promise<{ id: number; state: string }> {
    try {
      const { data } = await this.octokit.request('GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}', { ...this.base(), workflow_id: WORKFLOW_FILE });
      return { id: data.id, state: data.state };
    } catch (err) {
      this.fail(err, 'looking for the workflow');
    }
  }

  async defaultBranch(): Promise<string> {
    try {
      const { data } = await this.octokit.request('GET /repos/{owner}/{repo}', this.base());
      return data.default_branch;
    } catch (err) {
      this.fail(err, 'reading the repository');
    }
  }

  async dispatch(ref: string, inputs: Record<string, string>): Promise<void> {
    try {
      await this.octokit.request('POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches', { ...this.base(), workflow_id: WORKFLOW_FILE, ref, inputs });
    } catch (err) {
      this.fail(err, 'dispatching the workflow');
    }
  }

  /** The workflow's runs created since `sinceIso` (one page of 100: the recent ones). */
  async listRuns(sinceIso: string): Promise<{ runs: WorkflowRun[]; changed: boolean }> {
    const { data, changed } = await this.conditional<{ workflow_runs: RawRun[] }>(
      'GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs',
      { ...this.base(), workflow_id: WORKFLOW_FILE, created: `>=${sinceIso}`, per_page: 100 },
      'listing workflow runs',
    );
    return { runs: data.workflow_runs.map(toRun), changed };
  }

  async getRun(runId: number): Promise<{ run: WorkflowRun; changed: boolean }> {
    const { data, changed } = await this.conditional<RawRun>('GET /repos/{owner}/{repo}/actions/runs/{run_id}', { ...this.base(), run_id: runId }, 'reading a workflow run');
    return { run: toRun(data), changed };
  }

  async listJobs(runId: number): Promise<{ jobs: WorkflowJob[]; changed: boolean }> {
    const { data, changed } = await this.conditional<{ jobs: RawJob[] }>('GET /repos/{owner}/{repo}/actions/runs/{run_id}/jobs', { ...this.base(), run_id: runId }, 'reading the run\'s steps');
    return {
      changed,
      jobs: data.jobs.map((j) => ({
        id: j.id,
        name: j.name,
        status: j.status,
        conclusion: j.conclusion ?? null,
        startedAt: j.started_at ?? undefined,
        completedAt: j.completed_at ?? undefined,
        steps: (j.steps ?? []).map((s) => ({ name: s.name, number: s.number, status: s.status, conclusion: s.conclusion ?? null })),
      })),
    };
  }

  /** A job's plain-text log (GitHub answers with a redirect; Octokit follows it). */
  async jobLog(jobId: number): Promise<string> {
    try {
      const res = await this.octokit.request('GET /repos/{owner}/{repo}/actions/jobs/{job_id}/logs', { ...this.base(), job_id: jobId });
      // GitHub answers with a 302 to log storage that fetch follows (not an API request).
      this.storageFetches++;
      return typeof res.data === 'string' ? res.data : Buffer.from(res.data as ArrayBuffer).toString('utf8');
    } catch (err) {
      this.fail(err, 'reading the job log');
    }
  }

  async listArtifacts(runId: number): Promise<Artifact[]> {
    try {
      const { data } = await this.octokit.request('GET /repos/{owner}/{repo}/actions/runs/{run_id}/artifacts', { ...this.base(), run_id: runId, per_page: 100 });
      return data.artifacts.map((a) => ({ id: a.id, name: a.name, expired: a.expired }));
    } catch (err) {
      this.fail(err, 'listing the run\'s artifacts');
    }
  }

  async downloadArtifact(artifactId: number): Promise<Uint8Array> {
    try {
      const res = await this.octokit.request('GET /repos/{owner}/{repo}/actions/artifacts/{artifact_id}/{archive_format}', { ...this.base(), artifact_id: artifactId, archive_format: 'zip' });
      this.storageFetches++; // the 302 to blob storage, followed by fetch (not an API request)
      return new Uint8Array(res.data as ArrayBuffer);
    } catch (err) {
      this.fail(err, 'downloading the session artifact');
    }
  }

  async cancelRun(runId: number): Promise<void> {
    try {
      await this.octokit.request('POST /repos/{owner}/{repo}/actions/runs/{run_id}/cancel', { ...this.base(), run_id: runId });
    } catch (err) {
      // 409: the run already finished; nothing left to cancel.
      if ((err as { status?: number }).status === 409) return;
      this.fail(err, 'cancelling the workflow run');
    }
  }
}

interface RawRun {
  id: number;
  name?: string | null;
  display_title?: string;
  status: string | null;
  conclusion: string | null;
  html_url: string;
  created_at: string;
  updated_at: string;
  run_started_at?: string;
}

interface RawJob {
  id: number;
  name: string;
  status: string;
  conclusion?: string | null;
  started_at?: string | null;
  completed_at?: string | null;
  steps?: { name: string; number: number; status: string; conclusion?: string | null }[];
}

function toRun(r: RawRun): WorkflowRun {
  return {
    id: r.id,
    // The run-name (with the correlation id) is the run's display_title; `name` is the workflow's.
    name: r.display_title ?? r.name ?? '',
    status: r.status ?? 'queued',
    conclusion: r.conclusion,
    htmlUrl: r.html_url,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    runStartedAt: r.run_started_at,
  };
}

/** Why a request got no answer, in the words of the innermost cause (fetch says only "fetch failed"). */
function unreachableReason(err: unknown): string {
  const e = err as { message?: string; cause?: { code?: string; message?: string; cause?: { code?: string; message?: string } } };
  const inner = e.cause?.cause ?? e.cause;
  const detail = inner?.code ?? inner?.message;
  return [e.message ?? String(err), detail && !e.message?.includes(detail) ? detail : undefined].filter(Boolean).join(': ');
}
