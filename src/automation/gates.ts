// Gates decide whether a card may leave its column: evaluated after a stage run's steps, each
// with `required` and a failure message. Five kinds (issue #13): file_exists (a glob), content_check
// (markdown headings), artifact_exists, metric_threshold (a named step output) and command.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
// Loaded with require(): a bundler then takes tinyglobby's CommonJS build, whose fdir does not
// need import.meta.url (undefined in our CommonJS bundles).
import tinyglobby = require('tinyglobby');
import { GATE_CONFIG_SCHEMAS, type Artifact, type Gate, type GateResult } from '../protocol/automation';
import { describeZodError } from '../protocol/messages';
import { runGateCommand } from './commandGate';

export interface GateContext {
  /** The run's worktree, or the workspace. */
  cwd: string;
  artifacts: Artifact[];
  /** Named values the steps reported (later steps win). */
  outputs: Record<string, unknown>;
  signal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
}

const DEFAULT_COMMAND_TIMEOUT_S = 10 * 60;
/** Never worth walking for a gate, and huge in a real project. */
const GLOB_IGNORE = ['**/node_modules/**', '**/.git/**', '.viban/**'];

export async function evaluateGates(gates: Gate[], ctx: GateContext): Promise<GateResult[]> {
  const results: GateResult[] = [];
  for (const gate of gates) results.push(await evaluateGate(gate, ctx));
  return results;
}

export async function evaluateGate(gate: Gate, ctx: GateContext): Promise<GateResult> {
  const result = (passed: boolean, detail: string): GateResult => ({
    id: gate.id,
    name: gate.name,
    type: gate.type,
    required: gate.required,
    passed,
    message: passed ? detail : [gate.failureMessage, detail].filter(Boolean).join(' — '),
  });
  const parsed = GATE_CONFIG_SCHEMAS[gate.type].safeParse(gate.config);
  if (!parsed.success) return result(false, `The gate's config is not valid: ${describeZodError(parsed.error)}`);
  try {
    switch (gate.type) {
      case 'file_exists': {
        const { pattern } = GATE_CONFIG_SCHEMAS.file_exists.parse(gate.config);
        const found = await firstMatch(pattern, ctx.cwd);
        return found ? result(true, `Found ${found}`) : result(false, `No file matches ${pattern}`);
      }
      case 'content_check': {
        const { file, requiredSections } = GATE_CONFIG_SCHEMAS.content_check.parse(gate.config);
        const text = await fs.readFile(path.resolve(ctx.cwd, file), 'utf8').catch(() => undefined);
        if (text === undefined) return result(false, `${file} does not exist`);
        const headings = new Set(markdownHeadings(text).map(normalizeHeading));
        const missing = requiredSections.filter((s) => !headings.has(normalizeHeading(s)));
        return missing.length ? result(false, `${file} is missing the section${missing.length > 1 ? 's' : ''} ${missing.map((m) => `"${m}"`).join(', ')}`) : result(true, `${file} has ${requiredSections.length} required section${requiredSections.length > 1 ? 's' : ''}`);
      }
      case 'artifact_exists': {
        const { artifactType, label } = GATE_CONFIG_SCHEMAS.artifact_exists.parse(gate.config);
        const hit = ctx.artifacts.find((a) => a.type === artifactType && (!label || a.label.toLowerCase() === label.toLowerCase()));
        return hit ? result(true, `${artifactType} "${hit.label}": ${hit.value}`) : result(false, `No ${artifactType} artifact${label ? ` labelled "${label}"` : ''}`);
      }
      case 'metric_threshold': {
        const { metric, operator, threshold } = GATE_CONFIG_SCHEMAS.metric_threshold.parse(gate.config);
        const raw = ctx.outputs[metric];
        const value = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
        if (!Number.isFinite(value)) return result(false, `No numeric value "${metric}" was reported${raw === undefined ? '' : ` (got ${JSON.stringify(raw)})`}`);
        const ok = compare(value, operator, threshold);
        return result(ok, `${metric} = ${value} (needs ${operator} ${threshold})`);
      }
      case 'command': {
        const { run, expectExit, timeoutSeconds } = GATE_CONFIG_SCHEMAS.command.parse(gate.config);
        const r = await runGateCommand(run, ctx.cwd, (timeoutSeconds ?? DEFAULT_COMMAND_TIMEOUT_S) * 1000, ctx.signal, ctx.env);
        if (r.error) return result(false, `\`${run}\` could not start: ${r.error}`);
        if (r.cancelled) return result(false, `\`${run}\` was cancelled`);
        if (r.timedOut) return result(false, `\`${run}\` did not finish within ${timeoutSeconds ?? DEFAULT_COMMAND_TIMEOUT_S} s and was stopped`);
        if (r.exitCode === expectExit) return result(true, `\`${run}\` exited ${r.exitCode}`);
        return result(false, `\`${run}\` exited ${r.exitCode ?? 'by a signal'}, expected ${expectExit}${r.tail ? `:\n${r.tail.split('\n').slice(-12).join('\n')}` : ''}`);
      }
    }
  } catch (err) {
    return result(false, `The gate could not be evaluated: ${(err as Error).message}`);
  }
}

/** The first file matching a glob: a plain path is a stat, a pattern is one walk. */
async function firstMatch(pattern: string, cwd: string): Promise<string | undefined> {
  if (!/[*?[\]{}!]/.test(pattern)) {
    const ok = await fs.stat(path.resolve(cwd, pattern)).then((s) => s.isFile(), () => false);
    return ok ? pattern : undefined;
  }
  const files = await tinyglobby.glob(pattern, { cwd, onlyFiles: true, ignore: GLOB_IGNORE, dot: false, expandDirectories: false });
  return files.sort()[0];
}

/** ATX headings outside fenced code blocks. */
export function markdownHeadings(text: string): string[] {
  const out: string[] = [];
  let fence: string | undefined;
  for (const line of text.split(/\r?\n/)) {
    const f = /^\s{0,3}(`{3,}|~{3,})/.exec(line);
    if (f) {
      if (!fence) fence = f[1][0];
      else if (f[1][0] === fence) fence = undefined;
      continue;
    }
    if (fence) continue;
    const h = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (h) out.push(h[1]);
  }
  return out;
}

const normalizeHeading = (s: string) => s.replace(/^#+\s*/, '').replace(/[*_`]/g, '').trim().toLowerCase().replace(/\s+/g, ' ');

function compare(v: number, op: string, t: number): boolean {
  switch (op) {
    case '>=': return v >= t;
    case '>': return v > t;
    case '<=': return v <= t;
    case '<': return v < t;
    case '==': return v === t;
    default: return v !== t;
  }
}
