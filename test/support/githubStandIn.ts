// A local stand-in for the part of GitHub's REST API that remote runs use, on 127.0.0.1: the one
// thing these tests cannot reach for real. It answers like GitHub: tokens and their scopes
// (x-oauth-scopes), 401/403/404 bodies, rate-limit headers (and a 403 once they run out), ETags
// with 304 answers, redirects for logs and artifact downloads, runs found by their run-name.
// Runs do not progress by themselves: a test (or the local workflow runner) drives each one
// through its steps with the methods below, so every state is reached on purpose.
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { standInPage } from './githubStandInPages';

export interface StandInStep {
  name: string;
  number: number;
  status: 'queued' | 'in_progress' | 'completed';
  conclusion: string | null;
}

export interface StandInRun {
  id: number;
  jobId: number;
  inputs: Record<string, string>;
  ref: string;
  name: string;
  status: 'queued' | 'in_progress' | 'completed';
  conclusion: string | null;
  createdAt: string;
  updatedAt: string;
  startedAt?: string;
  completedAt?: string;
  steps: StandInStep[];
  log: string;
  cancelRequested: boolean;
  artifacts: { id: number; name: string; zip: Uint8Array }[];
}

export interface StandInOptions {
  owner?: string;
  repo?: string;
  /** token → its scopes (the x-oauth-scopes header). */
  tokens?: Record<string, string>;
  workflowCommitted?: boolean;
  defaultBranch?: string;
  /** Requests allowed per window before the 403 rate-limit answer. */
  rateLimit?: number;
  /** Step names of the job (the workflow's), in order. */
  steps?: string[];
}

export interface StandInRequest {
  method: string;
  path: string;
  status: number;
  at: number;
}

export class GitHubStandIn {
  readonly owner: string;
  readonly repo: string;
  readonly tokens: Record<string, string>;
  workflowCommitted: boolean;
  readonly defaultBranch: string;
  readonly runs: StandInRun[] = [];
  readonly pulls: { number: number; head: string; base: string; title: string; body: string; html_url: string }[] = [];
  readonly requests: StandInRequest[] = [];
  steps: string[];
  rateLimit: number;
  rateRemaining: number;
  rateResetAt = Math.floor(Date.now() / 1000) + 3600;
  /** Seconds of retry-after for the next N requests (GitHub's secondary rate limit). */
  private secondaryLimit: { count: number; retryAfter: number } | undefined;
  private nextId = 1000;
  private server: http.Server | undefined;
  origin = '';
  private dispatchWaiters: ((run: StandInRun) => void)[] = [];
  /** Called on every dispatch (the local workflow runner hooks in here). */
  onDispatch: ((run: StandInRun) => void) | undefined;

  constructor(opts: StandInOptions = {}) {
    this.owner = opts.owner ?? 'acme';
    this.repo = opts.repo ?? 'widgets';
    this.tokens = opts.tokens ?? { 'ghp_standin_token_full': 'repo, workflow' };
    this.workflowCommitted = opts.workflowCommitted ?? true;
    this.defaultBranch = opts.defaultBranch ?? 'main';
    this.rateLimit = opts.rateLimit ?? 5000;
    this.rateRemaining = this.rateLimit;
    this.steps = opts.steps ?? ['Set up job', 'Check out the base branch', 'Run the agent', 'Upload the session', 'Complete job'];
  }

  get apiUrl(): string {
    return this.origin;
  }

  get htmlBase(): string {
    return `${this.origin}/html/${this.owner}/${this.repo}`;
  }

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', () => r()));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.origin;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections?.();
    await new Promise<void>((r) => this.server!.close(() => r()));
  }

  /** The next dispatch's run (or the latest, if one came already and nobody took it). */
  waitForDispatch(): Promise<StandInRun> {
    return new Promise((resolve) => this.dispatchWaiters.push(resolve));
  }

  limitNext(count: number, retryAfterSeconds: number): void {
    this.secondaryLimit = { count, retryAfter: retryAfterSeconds };
  }

  // ---- driving a run ----

  private touch(run: StandInRun): void {
    run.updatedAt = new Date().toISOString();
  }

  startRun(run: StandInRun): void {
    run.status = 'in_progress';
    run.startedAt = new Date().toISOString();
    this.touch(run);
  }

  /** Step `index` (0-based) starts; those before it completed successfully. */
  stepStarted(run: StandInRun, index: number): void {
    if (run.status === 'queued') this.startRun(run);
    run.steps.forEach((s, i) => {
      if (i < index && s.status !== 'completed') Object.assign(s, { status: 'completed', conclusion: 'success' });
      if (i === index) Object.assign(s, { status: 'in_progress', conclusion: null });
    });
    this.touch(run);
  }

  stepFinished(run: StandInRun, index: number, conclusion: 'success' | 'failure' | 'skipped'): void {
    Object.assign(run.steps[index], { status: 'completed', conclusion });
    this.touch(run);
  }

  appendLog(run: StandInRun, text: string): void {
    run.log += text.split('\n').map((l) => `${new Date().toISOString()} ${l}`).join('\n') + '\n';
  }

  addArtifact(run: StandInRun, name: string, zip: Uint8Array): void {
    run.artifacts.push({ id: this.nextId++, name, zip });
  }

  /** Ends the run: unfinished steps are skipped (or cancelled with the run). */
  complete(run: StandInRun, conclusion: 'success' | 'failure' | 'cancelled' | 'timed_out'): void {
    for (const s of run.steps) {
      if (s.status === 'in_progress') Object.assign(s, { status: 'completed', conclusion: conclusion === 'success' ? 'success' : conclusion === 'failure' ? 'failure' : 'cancelled' });
      else if (s.status !== 'completed') Object.assign(s, { status: 'completed', conclusion: 'skipped' });
    }
    run.status = 'completed';
    run.conclusion = conclusion;
    run.completedAt = new Date().toISOString();
    this.touch(run);
  }

  /** A whole successful run in one go (benchmarks). */
  succeed(run: StandInRun): void {
    run.steps.forEach((_, i) => this.stepStarted(run, i));
    this.complete(run, 'success');
  }

  // ---- HTTP ----

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.origin);
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const body = text ? safeJson(text) : undefined;
    const record = (status: number) => this.requests.push({ method: req.method ?? 'GET', path: url.pathname, status, at: Date.now() });
    const send = (status: number, data?: unknown, headers: Record<string, string> = {}) => {
      record(status);
      const payload = data === undefined ? '' : typeof data === 'string' || data instanceof Uint8Array ? data : JSON.stringify(data);
      res.writeHead(status, { ...(typeof data === 'object' && !(data instanceof Uint8Array) && { 'content-type': 'application/json; charset=utf-8' }), ...this.rateHeaders(), ...headers });
      res.end(payload);
    };
    // Downloads that the API redirected to: no token needed, as GitHub's signed URLs.
    const blob = /^\/_blobs\/(\d+)$/.exec(url.pathname);
    if (blob) {
      const art = this.runs.flatMap((r) => r.artifacts).find((a) => a.id === Number(blob[1]));
      return art ? send(200, art.zip, { 'content-type': 'application/zip' }) : send(404, { message: 'Not Found' });
    }
    // The web pages the API links to (html_url): public here, as for a public repository.
    const htmlPrefix = `/html/${this.owner}/${this.repo}`;
    if (req.method === 'GET' && url.pathname.startsWith(htmlPrefix)) {
      const html = standInPage(url.pathname.slice(htmlPrefix.length), `${this.owner}/${this.repo}`, this.runs, this.pulls);
      return html ? send(200, html, { 'content-type': 'text/html; charset=utf-8' }) : send(404, 'Not Found', { 'content-type': 'text/plain' });
    }
    const logs = /^\/_logs\/(\d+)$/.exec(url.pathname);
    if (logs) {
      const run = this.runs.find((r) => r.jobId === Number(logs[1]));
      return run ? send(200, run.log, { 'content-type': 'text/plain' }) : send(404, { message: 'Not Found' });
    }

    const auth = /^(?:token|bearer)\s+(.+)$/i.exec(String(req.headers.authorization ?? ''))?.[1];
    if (!auth || !(auth in this.tokens)) return send(401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' });
    const scopes = this.tokens[auth];
    const scopeHeader = { 'x-oauth-scopes': scopes };
    if (this.secondaryLimit && this.secondaryLimit.count > 0) {
      this.secondaryLimit.count--;
      return send(403, { message: 'You have exceeded a secondary rate limit.' }, { 'retry-after': String(this.secondaryLimit.retryAfter), ...scopeHeader });
    }
    if (this.rateRemaining <= 0) return send(403, { message: 'API rate limit exceeded' }, scopeHeader);

    const prefix = `/repos/${this.owner}/${this.repo}`;
    if (!url.pathname.startsWith(prefix)) return send(404, { message: 'Not Found' });
    const p = url.pathname.slice(prefix.length);
    const get = (data: unknown) => {
      const json = JSON.stringify(data);
      const etag = `W/"${createHash('sha1').update(json).digest('hex')}"`;
      if (req.headers['if-none-match'] === etag) {
        record(304);
        // A 304 does not count against the limit (as GitHub documents for conditional requests).
        res.writeHead(304, { etag, ...this.rateHeaders(), ...scopeHeader }).end();
        return;
      }
      this.rateRemaining--;
      send(200, data, { etag, ...scopeHeader });
    };
    const spend = () => this.rateRemaining--;
    const workflowPath = /^\/actions\/workflows\/viban\.yml(\/.*)?$/.exec(p);
    const method = req.method ?? 'GET';

    if (method === 'GET' && p === '') return get({ name: this.repo, full_name: `${this.owner}/${this.repo}`, default_branch: this.defaultBranch });
    if (workflowPath && !this.workflowCommitted) {
      spend();
      return send(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest/actions/workflows' }, scopeHeader);
    }
    if (method === 'GET' && workflowPath && !workflowPath[1]) return get({ id: 42, name: 'Viban', path: '.github/workflows/viban.yml', state: 'active' });
    if (method === 'POST' && workflowPath?.[1] === '/dispatches') {
      spend();
      if (!/\bworkflow\b/.test(scopes)) return send(403, { message: 'Resource not accessible by personal access token' }, scopeHeader);
      const inputs = (body as { inputs?: Record<string, string> })?.inputs ?? {};
      const run = this.createRun(inputs, (body as { ref?: string })?.ref ?? this.defaultBranch);
      send(204, undefined, scopeHeader);
      this.onDispatch?.(run);
      const waiters = this.dispatchWaiters.splice(0);
      waiters.forEach((w) => w(run));
      return;
    }
    if (method === 'GET' && workflowPath?.[1] === '/runs') {
      const created = url.searchParams.get('created')?.replace(/^>=/, '');
      const list = this.runs.filter((r) => !created || r.createdAt >= created).sort((a, b) => b.id - a.id);
      return get({ total_count: list.length, workflow_runs: list.map((r) => this.runJson(r)) });
    }
    const runPath = /^\/actions\/runs\/(\d+)(\/[a-z]+)?$/.exec(p);
    const run = runPath ? this.runs.find((r) => r.id === Number(runPath[1])) : undefined;
    if (runPath && !run) return send(404, { message: 'Not Found' }, scopeHeader);
    if (run && method === 'GET' && !runPath![2]) return get(this.runJson(run));
    if (run && method === 'GET' && runPath![2] === '/jobs') return get({ total_count: 1, jobs: [this.jobJson(run)] });
    if (run && method === 'GET' && runPath![2] === '/artifacts') {
      return get({ total_count: run.artifacts.length, artifacts: run.artifacts.map((a) => ({ id: a.id, name: a.name, size_in_bytes: a.zip.length, expired: false, archive_download_url: `${this.origin}${prefix}/actions/artifacts/${a.id}/zip` })) });
    }
    if (run && method === 'POST' && runPath![2] === '/cancel') {
      spend();
      if (run.status === 'completed') return send(409, { message: 'Cannot cancel a workflow run that is completed.' }, scopeHeader);
      run.cancelRequested = true;
      send(202, {}, scopeHeader);
      // GitHub cancels asynchronously; here the run ends a moment later.
      setTimeout(() => this.complete(run, 'cancelled'), 50).unref();
      return;
    }
    const jobLogs = /^\/actions\/jobs\/(\d+)\/logs$/.exec(p);
    if (method === 'GET' && jobLogs) {
      spend();
      return send(302, undefined, { location: `${this.origin}/_logs/${jobLogs[1]}`, ...scopeHeader });
    }
    const zip = /^\/actions\/artifacts\/(\d+)\/zip$/.exec(p);
    if (method === 'GET' && zip) {
      spend();
      return send(302, undefined, { location: `${this.origin}/_blobs/${zip[1]}`, ...scopeHeader });
    }
    if (p === '/pulls' && method === 'POST') {
      spend();
      const b = body as { title: string; head: string; base: string; body: string };
      if (this.pulls.some((pr) => pr.head === b.head)) return send(422, { message: 'Validation Failed', errors: [{ message: `A pull request already exists for ${this.owner}:${b.head}.` }] }, scopeHeader);
      const number = this.pulls.length + 1;
      const pr = { number, head: b.head, base: b.base, title: b.title, body: b.body, html_url: `${this.htmlBase}/pull/${number}` };
      this.pulls.push(pr);
      return send(201, pr, scopeHeader);
    }
    if (p === '/pulls' && method === 'GET') {
      const head = url.searchParams.get('head')?.split(':').pop();
      return get(this.pulls.filter((pr) => !head || pr.head === head));
    }
    return send(404, { message: 'Not Found' }, scopeHeader);
  }

  private rateHeaders(): Record<string, string> {
    return {
      'x-ratelimit-limit': String(this.rateLimit),
      'x-ratelimit-remaining': String(Math.max(0, this.rateRemaining)),
      'x-ratelimit-reset': String(this.rateResetAt),
      'x-ratelimit-resource': 'core',
    };
  }

  private createRun(inputs: Record<string, string>, ref: string): StandInRun {
    const now = new Date().toISOString();
    const run: StandInRun = {
      id: this.nextId++,
      jobId: this.nextId++,
      inputs,
      ref,
      // The workflow's run-name: "viban <task> <title> [<correlation id>]".
      name: `viban ${inputs.task_id ?? ''} ${inputs.title ?? ''} [${inputs.correlation_id ?? ''}]`,
      status: 'queued',
      conclusion: null,
      createdAt: now,
      updatedAt: now,
      steps: this.steps.map((name, i) => ({ name, number: i + 1, status: 'queued', conclusion: null })),
      log: '',
      cancelRequested: false,
      artifacts: [],
    };
    this.runs.push(run);
    return run;
  }

  private runJson(r: StandInRun) {
    return {
      id: r.id,
      name: 'Viban',
      display_title: r.name,
      event: 'workflow_dispatch',
      status: r.status,
      conclusion: r.conclusion,
      head_branch: r.ref,
      html_url: `${this.htmlBase}/actions/runs/${r.id}`,
      created_at: r.createdAt,
      updated_at: r.updatedAt,
      run_started_at: r.startedAt ?? r.createdAt,
    };
  }

  private jobJson(r: StandInRun) {
    return {
      id: r.jobId,
      run_id: r.id,
      name: 'Run the task',
      status: r.status === 'queued' ? 'queued' : r.status,
      conclusion: r.conclusion,
      started_at: r.startedAt ?? null,
      completed_at: r.completedAt ?? null,
      steps: r.status === 'queued' ? [] : r.steps.map((s) => ({ name: s.name, number: s.number, status: s.status, conclusion: s.conclusion })),
    };
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
