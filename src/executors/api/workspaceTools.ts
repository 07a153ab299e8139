// What each workspace tool does, given input the model produced. Every path goes through the
// path guard; every output is bounded. A mistake the model can fix comes back as a tool error
// (isError) instead of ending the run.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { applyFilePatches } from './patchFiles';
import { assertWritable, resolveInWorkspace, ToolInputError, type GuardedPath } from './pathGuard';
import { runCommand } from './runCommand';
import { globToRegExp, looksBinary, walk } from './workspaceWalk';

export interface ToolContext {
  /** Real path of the workspace. */
  root: string;
  /** The workspace as the request spelled it (for messages and absolute paths through symlinks). */
  declaredRoot: string;
  signal: AbortSignal;
  env: Record<string, string | undefined>;
  commandTimeoutMs: number;
}

export interface ToolOutcome {
  output: string;
  isError: boolean;
  exitCode?: number;
}

const MAX_LIST = 500;
const MAX_READ_BYTES = 256 * 1024;
const MAX_READ_LINES = 2000;
const MAX_SEARCH_FILE_BYTES = 1024 * 1024;
const MAX_SEARCH_FILES = 20_000;

type Input = Record<string, unknown>;
const ok = (output: string): ToolOutcome => ({ output, isError: false });

export async function runTool(name: string, rawInput: unknown, ctx: ToolContext): Promise<ToolOutcome> {
  const input = (rawInput && typeof rawInput === 'object' ? rawInput : {}) as Input;
  const guard = (p: unknown) => resolveInWorkspace(ctx.root, p, ctx.declaredRoot);
  try {
    switch (name) {
      case 'list_files':
        return ok(await listFiles(await guard(input.path ?? '.'), input, ctx));
      case 'read_file':
        return ok(await readFile(await guard(input.path), input));
      case 'search':
        return ok(await search(await guard(input.path ?? '.'), input, ctx));
      case 'write_file':
        return ok(await writeFile(await guard(input.path), input.content));
      case 'apply_patch':
        if (typeof input.patch !== 'string') throw new ToolInputError('`patch` must be a unified diff string.');
        return ok(await applyFilePatches(input.patch, guard));
      case 'run_command': {
        const seconds = Number(input.timeout_seconds);
        const timeoutMs = Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds * 1000, ctx.commandTimeoutMs * 3) : ctx.commandTimeoutMs;
        const r = await runCommand(input.command, { cwd: ctx.root, env: ctx.env, signal: ctx.signal, timeoutMs });
        return { output: r.output, isError: r.exitCode !== 0, ...(r.exitCode !== null && { exitCode: r.exitCode }) };
      }
      default:
        return { output: `Unknown tool "${name}". Available: list_files, read_file, search, write_file, apply_patch, run_command.`, isError: true };
    }
  } catch (err) {
    if (err instanceof ToolInputError || (err as Error).name === 'PatchError') return { output: (err as Error).message, isError: true };
    const e = err as NodeJS.ErrnoException;
    if (e.code) return { output: `${name} failed: ${e.code} ${e.message}`, isError: true };
    throw err;
  }
}

async function listFiles(dir: GuardedPath, input: Input, ctx: ToolContext): Promise<string> {
  const stat = await fs.stat(dir.abs).catch(() => undefined);
  if (!stat) throw new ToolInputError(`${dir.rel} does not exist.`);
  if (!stat.isDirectory()) return dir.rel;
  const pattern = typeof input.pattern === 'string' && input.pattern.trim() ? globToRegExp(input.pattern) : undefined;
  const lines: string[] = [];
  let more = false;
  // A pattern matches paths relative to the listed folder, so "*.ts" under src/ means src/**/*.ts.
  const base = dir.rel === '.' ? '' : `${dir.rel}/`;
  for await (const e of walk(ctx.root, dir.abs, { maxEntries: 20_000, recursive: !!pattern || input.recursive === true })) {
    if (pattern && (e.isDir || !pattern.test(e.rel.slice(base.length)))) continue;
    if (lines.length >= MAX_LIST) {
      more = true;
      break;
    }
    lines.push(e.isDir ? `${e.rel}/` : e.isSymlink ? `${e.rel} (symlink)` : e.rel);
  }
  if (!lines.length) return pattern ? `No files match ${String(input.pattern)} in ${dir.rel}.` : `${dir.rel} is empty.`;
  return lines.join('\n') + (more ? `\n[more than ${MAX_LIST} entries; narrow the path or pattern]` : '');
}

async function readFile(file: GuardedPath, input: Input): Promise<string> {
  const stat = await fs.stat(file.abs).catch(() => undefined);
  if (!stat) throw new ToolInputError(`${file.rel} does not exist.`);
  if (stat.isDirectory()) throw new ToolInputError(`${file.rel} is a folder; use list_files.`);
  const handle = await fs.open(file.abs, 'r');
  let buf: Buffer;
  try {
    buf = Buffer.alloc(Math.min(stat.size, MAX_READ_BYTES * 8));
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    buf = buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
  if (looksBinary(buf)) throw new ToolInputError(`${file.rel} looks like a binary file (${stat.size} bytes); not reading it.`);
  const all = buf.toString('utf8').split('\n');
  if (all[all.length - 1] === '') all.pop();
  const total = all.length;
  const start = Math.max(1, Math.floor(Number(input.start_line) || 1));
  const wantedEnd = Math.floor(Number(input.end_line) || total);
  let end = Math.min(total, wantedEnd, start + MAX_READ_LINES - 1);
  let text = all.slice(start - 1, end).join('\n');
  if (text.length > MAX_READ_BYTES) {
    text = text.slice(0, MAX_READ_BYTES);
    end = start + text.split('\n').length - 2;
    text = text.slice(0, text.lastIndexOf('\n'));
  }
  if (start > total && total > 0) throw new ToolInputError(`${file.rel} has only ${total} lines.`);
  const partial = start > 1 || end < total || stat.size > buf.length;
  return partial ? `${text}\n[lines ${start}-${end} of ${stat.size > buf.length ? 'more than ' : ''}${total} in ${file.rel}]` : text;
}

async function search(where: GuardedPath, input: Input, ctx: ToolContext): Promise<string> {
  if (typeof input.query !== 'string' || !input.query) throw new ToolInputError('`query` is required.');
  const flags = input.case_sensitive === true ? '' : 'i';
  let re: RegExp;
  try {
    re = new RegExp(input.regex === true ? input.query : input.query.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), flags);
  } catch (err) {
    throw new ToolInputError(`Invalid regular expression: ${(err as Error).message}`);
  }
  const glob = typeof input.glob === 'string' && input.glob.trim() ? globToRegExp(input.glob) : undefined;
  const max = Math.min(500, Math.max(1, Math.floor(Number(input.max_results) || 100)));
  const hits: string[] = [];
  const stat = await fs.stat(where.abs).catch(() => undefined);
  if (!stat) throw new ToolInputError(`${where.rel} does not exist.`);
  const files = stat.isDirectory() ? walk(ctx.root, where.abs, { maxEntries: MAX_SEARCH_FILES, recursive: true }) : single(where);
  // A glob is relative to the searched folder, as in list_files.
  const base = where.rel === '.' || !stat.isDirectory() ? '' : `${where.rel}/`;
  for await (const f of files) {
    if (f.isDir || f.isSymlink || (glob && !glob.test(f.rel.slice(base.length)))) continue;
    const st = await fs.stat(f.abs).catch(() => undefined);
    if (!st || st.size > MAX_SEARCH_FILE_BYTES) continue;
    const buf = await fs.readFile(f.abs).catch(() => undefined);
    if (!buf || looksBinary(buf)) continue;
    const lines = buf.toString('utf8').split('\n');
    for (let i = 0; i < lines.length; i++) {
      if (!re.test(lines[i])) continue;
      const line = lines[i].length > 240 ? `${lines[i].slice(0, 240)}…` : lines[i];
      hits.push(`${f.rel}:${i + 1}: ${line}`);
      if (hits.length >= max) return `${hits.join('\n')}\n[stopped at ${max} results; narrow the search]`;
    }
  }
  return hits.length ? hits.join('\n') : `No matches for ${JSON.stringify(input.query)}.`;
}

async function* single(p: GuardedPath) {
  yield { abs: p.abs, rel: p.rel, isDir: false, isSymlink: false };
}

async function writeFile(file: GuardedPath, content: unknown): Promise<string> {
  if (typeof content !== 'string') throw new ToolInputError('`content` must be a string (the whole new file).');
  assertWritable(file);
  const existed = await fs.stat(file.abs).then((s) => {
    if (s.isDirectory()) throw new ToolInputError(`${file.rel} is a folder.`);
    return true;
  }, () => false);
  await fs.mkdir(path.dirname(file.abs), { recursive: true });
  await fs.writeFile(file.abs, content, 'utf8');
  return `${existed ? 'Overwrote' : 'Created'} ${file.rel} (${Buffer.byteLength(content)} bytes).`;
}
