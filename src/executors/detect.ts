// Is an agent CLI usable? Find it (configured path or PATH), ask its version, and ask the adapter
// whether it is logged in — each answer with a reason a person can act on.
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';
import type { DetectResult } from './types';
import { startProcess, ProcessSpawnError } from './processRunner';

type Env = Record<string, string | undefined>;

function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, process.platform === 'win32' ? constants.F_OK : constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The first executable named `binary` on PATH (with PATHEXT on Windows), or undefined. */
export function findOnPath(binary: string, env: Env = process.env): string | undefined {
  if (isAbsolute(binary) || binary.includes('/')) return isExecutableFile(binary) ? binary : undefined;
  const dirs = (env.PATH ?? env.Path ?? '').split(delimiter).filter(Boolean);
  const exts = process.platform === 'win32' ? ['', ...(env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';')] : [''];
  for (const dir of dirs) {
    for (const ext of exts) {
      const candidate = join(dir, binary + ext);
      if (isExecutableFile(candidate)) return candidate;
    }
  }
  return undefined;
}

/** "2.1.330 (Claude Code)" -> "2.1.330"; "codex-cli 0.169.0" -> "0.169.0". */
export function parseVersion(text: string): string | undefined {
  return /(?:^|[^\w.])v?(\d+\.\d+(?:\.\d+)?(?:[-+][0-9A-Za-z.-]+)?)/.exec(text)?.[1];
}

export interface VersionOutput {
  version?: string;
  /** First line of what the command printed (stdout, else stderr). */
  text: string;
  exitCode: number | null;
}

/** Runs `<path> --version` with a timeout; never throws for a failing command (only for spawn errors). */
export async function readVersion(
  path: string,
  options: { args?: string[]; env?: Env; cwd?: string; timeoutMs?: number } = {},
): Promise<VersionOutput> {
  const out: string[] = [];
  const err: string[] = [];
  const proc = await startProcess({
    command: { file: path, args: options.args ?? ['--version'], env: options.env ?? process.env, cwd: options.cwd ?? process.cwd(), stdin: 'ignore' },
    onStdoutLine: (l) => void out.push(l),
    onStderrLine: (l) => void err.push(l),
    idleTimeoutMs: options.timeoutMs ?? 15000,
    onIdle: (p) => void p.stop(),
    gracefulTimeoutMs: 0,
    terminateTimeoutMs: 1000,
  });
  const exit = await proc.exited;
  const text = (out.find((l) => l.trim()) ?? err.find((l) => l.trim()) ?? '').trim();
  return { version: exit.exitCode === 0 ? parseVersion(text) : undefined, text, exitCode: exit.exitCode };
}

export interface DetectCliOptions {
  label: string;
  binary: string;
  npmPackage: string;
  /** A user-configured executable path; wins over PATH. */
  configuredPath?: string;
  env?: Env;
  versionArgs?: string[];
  checkLogin?(env: Env): Promise<{ loggedIn?: boolean; reason?: string }>;
}

/** Resolves the executable: the configured path if given (and usable), else PATH. */
export function resolveExecutable(opts: Pick<DetectCliOptions, 'binary' | 'configuredPath' | 'env' | 'label' | 'npmPackage'>):
  | { path: string }
  | { reason: string } {
  if (opts.configuredPath) {
    return isExecutableFile(opts.configuredPath)
      ? { path: opts.configuredPath }
      : { reason: `The configured path for ${opts.label} (${opts.configuredPath}) is not an executable file — fix the setting or clear it to use \`${opts.binary}\` from PATH.` };
  }
  const found = findOnPath(opts.binary, opts.env ?? process.env);
  return found
    ? { path: found }
    : { reason: `\`${opts.binary}\` not found on PATH — install it with \`npm install -g ${opts.npmPackage}\`, or set its path in the settings.` };
}

export async function detectCli(opts: DetectCliOptions): Promise<DetectResult> {
  const env = opts.env ?? process.env;
  const resolved = resolveExecutable(opts);
  if ('reason' in resolved) return { installed: false, reason: resolved.reason };
  let version: VersionOutput;
  try {
    version = await readVersion(resolved.path, { args: opts.versionArgs, env });
  } catch (e) {
    const why = e instanceof ProcessSpawnError ? e.message : String(e);
    return { installed: false, path: resolved.path, reason: `${opts.label} is installed but cannot start: ${why}` };
  }
  if (version.exitCode !== 0) {
    return {
      installed: false,
      path: resolved.path,
      reason: `\`${resolved.path} ${(opts.versionArgs ?? ['--version']).join(' ')}\` failed (exit ${version.exitCode})${version.text ? `: ${version.text}` : ''} — reinstall ${opts.npmPackage}.`,
    };
  }
  const login = opts.checkLogin ? await opts.checkLogin(env) : {};
  return { installed: true, path: resolved.path, version: version.version ?? version.text, loggedIn: login.loggedIn, reason: login.reason };
}
