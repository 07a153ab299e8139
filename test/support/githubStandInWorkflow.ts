// Runs the job of a GitHub Actions workflow on this machine, step by step, the way a runner
// does: the YAML as written (parsed with js-yaml), `${{ }}` expressions evaluated against the
// inputs, secrets, vars, env and earlier steps' outputs, each `run:` script executed by
// `bash --noprofile --norc -eo pipefail` (Actions' bash) with GITHUB_* set as Actions sets them,
// GITHUB_ENV / GITHUB_OUTPUT / GITHUB_STEP_SUMMARY honoured, `if:` conditions applied. The three
// actions the workflow may use are performed here by what they do: checkout clones the origin
// (a local bare repository), setup-node checks node is there, upload-artifact zips the matched
// files (skipping hidden paths unless include-hidden-files is true, as v4 does).
import { spawn } from 'node:child_process';
import { mkdtempSync, promises as fs, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { zipSync } from 'fflate';
import { glob } from 'tinyglobby';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const yaml = require('js-yaml') as { load(text: string): unknown };

export interface WorkflowStep {
  name: string;
  id?: string;
  if?: string;
  uses?: string;
  run?: string;
  env?: Record<string, unknown>;
  with?: Record<string, unknown>;
}

export interface JobContext {
  inputs: Record<string, string>;
  secrets: Record<string, string>;
  vars: Record<string, string>;
  /** The `github` context: token, event, repository… */
  github: Record<string, unknown>;
}

export interface StepResult {
  name: string;
  outcome: 'success' | 'failure' | 'skipped';
  output: string;
}

export interface RunJobOptions {
  workflowText: string;
  jobId?: string;
  ctx: JobContext;
  /** The folder the job works in (GITHUB_WORKSPACE); checkout clones into it. */
  workspace: string;
  /** What checkout clones from. */
  originUrl: string;
  /** Environment of the runner machine itself (PATH, HOME…). */
  baseEnv: NodeJS.ProcessEnv;
  /** GITHUB_* values (GITHUB_API_URL, GITHUB_REPOSITORY, GITHUB_RUN_ID, GITHUB_SERVER_URL…). */
  githubEnv: Record<string, string>;
  onStepStart?: (index: number, step: WorkflowStep) => void | Promise<void>;
  onStepEnd?: (index: number, result: StepResult) => void | Promise<void>;
  onArtifact?: (name: string, zip: Uint8Array, files: string[]) => void | Promise<void>;
}

export function parseWorkflow(text: string): any {
  return yaml.load(text);
}

// ---- expressions: the subset GitHub's language the workflow uses ----

type Value = string | boolean | null;

export function evaluate(expr: string, scope: (name: string) => Value, status: { failed: boolean }): Value {
  const tokens = expr.match(/'(?:[^']|'')*'|\|\||&&|==|!=|!|\(|\)|[A-Za-z_][\w.-]*(?:\(\))?|\S/g) ?? [];
  let i = 0;
  const peek = () => tokens[i];
  const primary = (): Value => {
    const t = tokens[i++];
    if (t === '(') {
      const v = or();
      i++;
      return v;
    }
    if (t === '!') return !truthy(primary());
    if (t.startsWith("'")) return t.slice(1, -1).replace(/''/g, "'");
    if (t === 'always()') return true;
    if (t === 'success()') return !status.failed;
    if (t === 'failure()') return status.failed;
    if (t === 'true' || t === 'false') return t === 'true';
    if (t === 'null') return null;
    return scope(t);
  };
  const eq = (): Value => {
    let v = primary();
    while (peek() === '==' || peek() === '!=') {
      const op = tokens[i++];
      const r = primary();
      const same = String(v ?? '') === String(r ?? '');
      v = op === '==' ? same : !same;
    }
    return v;
  };
  const and = (): Value => {
    let v = eq();
    while (peek() === '&&') {
      i++;
      const r = eq();
      v = truthy(v) ? r : v;
    }
    return v;
  };
  const or = (): Value => {
    let v = and();
    while (peek() === '||') {
      i++;
      const r = and();
      v = truthy(v) ? v : r;
    }
    return v;
  };
  return or();
}

const truthy = (v: Value) => v !== null && v !== false && v !== '';

export function interpolate(text: string, scope: (name: string) => Value, status: { failed: boolean }): string {
  return text.replace(/\$\{\{\s*([\s\S]*?)\s*\}\}/g, (_, expr: string) => {
    const v = evaluate(expr, scope, status);
    return v === null ? '' : String(v);
  });
}

// ---- running the job ----

export async function runJob(opts: RunJobOptions): Promise<{ results: StepResult[]; env: Record<string, string>; summary: string }> {
  const doc = parseWorkflow(opts.workflowText);
  const jobId = opts.jobId ?? Object.keys(doc.jobs)[0];
  const job = doc.jobs[jobId];
  const steps: WorkflowStep[] = job.steps;
  const files = mkdtempSync(path.join(tmpdir(), 'viban-runner-files-'));
  const summaryFile = path.join(files, 'summary.md');
  writeFileSync(summaryFile, '');
  const status = { failed: false };
  const stepsCtx: Record<string, { outputs: Record<string, string>; outcome: string }> = {};
  const env: Record<string, string> = {};
  const lookup = (name: string): Value => {
    const [head, ...rest] = name.split('.');
    let v: unknown =
      head === 'inputs' ? opts.ctx.inputs : head === 'secrets' ? opts.ctx.secrets : head === 'vars' ? opts.ctx.vars : head === 'github' ? opts.ctx.github : head === 'env' ? env : head === 'steps' ? stepsCtx : undefined;
    for (const part of rest) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[part] : undefined;
    return v === undefined ? null : typeof v === 'boolean' ? v : v === null ? null : String(v);
  };
  for (const [k, v] of Object.entries(job.env ?? {})) env[k] = interpolate(String(v), lookup, status);

  const results: StepResult[] = [];
  await fs.mkdir(opts.workspace, { recursive: true });
  for (let index = 0; index < steps.length; index++) {
    const step = steps[index];
    const condition = step.if === undefined ? 'success()' : String(step.if).replace(/^\$\{\{\s*|\s*\}\}$/g, '');
    if (!truthy(evaluate(condition, lookup, status))) {
      const result: StepResult = { name: step.name, outcome: 'skipped', output: '' };
      results.push(result);
      if (step.id) stepsCtx[step.id] = { outputs: {}, outcome: 'skipped' };
      await opts.onStepEnd?.(index, result);
      continue;
    }
    await opts.onStepStart?.(index, step);
    const stepEnv: Record<string, string> = { ...env };
    for (const [k, v] of Object.entries(step.env ?? {})) stepEnv[k] = interpolate(String(v), lookup, status);
    const withs: Record<string, string> = {};
    for (const [k, v] of Object.entries(step.with ?? {})) withs[k] = interpolate(String(v), lookup, status);
    const outputFile = path.join(files, `output-${index}`);
    const envFile = path.join(files, `env-${index}`);
    writeFileSync(outputFile, '');
    writeFileSync(envFile, '');
    let outcome: StepResult['outcome'] = 'success';
    let output = '';
    try {
      if (step.uses) output = await performAction(step.uses, withs, opts);
      else {
        const script = path.join(files, `step-${index}.sh`);
        writeFileSync(script, step.run ?? '');
        const r = await exec('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], opts.workspace, {
          ...opts.baseEnv,
          ...opts.githubEnv,
          GITHUB_WORKSPACE: opts.workspace,
          GITHUB_OUTPUT: outputFile,
          GITHUB_ENV: envFile,
          GITHUB_STEP_SUMMARY: summaryFile,
          CI: 'true',
          GITHUB_ACTIONS: 'true',
          ...stepEnv,
        });
        output = r.output;
        if (r.code !== 0) outcome = 'failure';
      }
    } catch (err) {
      output += `\n${(err as Error).message}`;
      outcome = 'failure';
    }
    if (outcome === 'failure') status.failed = true;
    Object.assign(env, parseKeyValues(readFileSync(envFile, 'utf8')));
    if (step.id) stepsCtx[step.id] = { outputs: parseKeyValues(readFileSync(outputFile, 'utf8')), outcome };
    const result = { name: step.name, outcome, output };
    results.push(result);
    await opts.onStepEnd?.(index, result);
  }
  const summary = readFileSync(summaryFile, 'utf8');
  await fs.rm(files, { recursive: true, force: true });
  return { results, env, summary };
}

/** NAME=value lines (and NAME<<DELIM heredocs), as GITHUB_ENV and GITHUB_OUTPUT hold them. */
function parseKeyValues(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([\w-]+)<<(\S+)$/.exec(lines[i]);
    if (heredoc) {
      const body: string[] = [];
      for (i++; i < lines.length && lines[i] !== heredoc[2]; i++) body.push(lines[i]);
      out[heredoc[1]] = body.join('\n');
      continue;
    }
    const eq = lines[i].indexOf('=');
    if (eq > 0) out[lines[i].slice(0, eq)] = lines[i].slice(eq + 1);
  }
  return out;
}

async function performAction(uses: string, withs: Record<string, string>, opts: RunJobOptions): Promise<string> {
  const name = uses.split('@')[0];
  if (name === 'actions/checkout') {
    const args = ['clone', '--quiet', ...(withs.ref ? ['--branch', withs.ref] : []), opts.originUrl, opts.workspace];
    const r = await exec('git', args, path.dirname(opts.workspace), opts.baseEnv);
    if (r.code !== 0) throw new Error(`checkout failed: ${r.output}`);
    return r.output;
  }
  if (name === 'actions/setup-node') {
    const r = await exec('node', ['--version'], opts.workspace, opts.baseEnv);
    if (!r.output.startsWith(`v${withs['node-version']}`)) throw new Error(`setup-node wanted ${withs['node-version']}, this machine has ${r.output}`);
    return r.output;
  }
  if (name === 'actions/upload-artifact') {
    const patterns = (withs.path ?? '').split('\n').map((l) => l.trim()).filter(Boolean);
    const hidden = withs['include-hidden-files'] === 'true';
    const matched = (await glob(patterns, { cwd: opts.workspace, dot: true, onlyFiles: true })).filter((f) => hidden || !f.split('/').some((part) => part.startsWith('.')));
    if (!matched.length) {
      if (withs['if-no-files-found'] === 'error') throw new Error('No files were found with the provided path');
      return 'No files were found with the provided path. No artifacts will be uploaded.';
    }
    // Like upload-artifact: paths inside the zip are relative to the files' common folder.
    const dirs = matched.map((f) => path.posix.dirname(f).split('/'));
    const common: string[] = [];
    for (let i = 0; dirs.every((d) => d[i] !== undefined && d[i] === dirs[0][i]); i++) common.push(dirs[0][i]);
    const entries: Record<string, Uint8Array> = {};
    for (const f of matched) entries[path.posix.relative(common.join('/') || '.', f)] = readFileSync(path.join(opts.workspace, f));
    await opts.onArtifact?.(withs.name, zipSync(entries), Object.keys(entries));
    return `Uploaded ${matched.length} files as ${withs.name}`;
  }
  throw new Error(`this runner does not perform ${uses}`);
}

function exec(file: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(file, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', (err) => resolve({ code: 127, output: `${output}${err.message}` }));
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}
