// Real git repositories in temp folders for the git core's tests.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** A fresh temp folder; remove it with removeSandbox. realpath'd, so paths compare with git's. */
export function makeSandbox(): string {
  return realpathSync(mkdtempSync(path.join(os.tmpdir(), 'viban-git-')));
}

export function removeSandbox(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Runs git synchronously for test setup and assertions; throws with stderr on failure. */
export function git(dir: string, ...args: string[]): string {
  return execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8', env: { ...process.env, GIT_TERMINAL_PROMPT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
}

export function write(dir: string, file: string, content: string | Buffer): void {
  mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  writeFileSync(path.join(dir, file), content);
}

/** `git init -b main` with a local identity and one commit of `files`. */
export function initRepo(dir: string, files: Record<string, string> = { 'README.md': '# demo\n' }): string {
  mkdirSync(dir, { recursive: true });
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'user.name', 'Viban Test');
  git(dir, 'config', 'user.email', 'test@viban.invalid');
  git(dir, 'config', 'commit.gpgsign', 'false');
  for (const [file, content] of Object.entries(files)) write(dir, file, content);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'initial');
  return dir;
}

export function commitFile(dir: string, file: string, content: string, message = `edit ${file}`): string {
  write(dir, file, content);
  git(dir, 'add', '--', file);
  git(dir, 'commit', '-q', '-m', message);
  return git(dir, 'rev-parse', 'HEAD').trim();
}

export const head = (dir: string) => git(dir, 'rev-parse', 'HEAD').trim();
export const status = (dir: string) => git(dir, 'status', '--porcelain');
export const lines = (n: number, prefix = 'line') => Array.from({ length: n }, (_, i) => `${prefix} ${i + 1}\n`).join('');
