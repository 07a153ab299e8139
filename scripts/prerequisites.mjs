// What `npm start` and `npm test` need on a fresh machine, installed on first use: the npm
// dependencies, and the Debian packages behind code-server's native modules and the browser
// the end-to-end tests drive. Only Node built-ins here: this runs before the npm dependencies are installed.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
const dpkgHas = (pkg) => spawnSync('dpkg', ['-s', pkg], { stdio: 'ignore' }).status === 0;

/** Debian packages, each with how to tell it is there. */
const PACKAGES = {
  ripgrep: () => has('rg'), // packed as @vscode/ripgrep's cached download
  'libkrb5-dev': () => dpkgHas('libkrb5-dev'), // a native module of code-server
  git: () => has('git'),
  python3: () => has('python3'),
  make: () => has('make'),
  'g++': () => has('g++'),
  chromium: () => has('chromium'), // the end-to-end tests' browser
};

export function ensureSystemPackages(names) {
  const missing = names.filter((n) => !PACKAGES[n]());
  if (!missing.length) return;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!root || !has('apt-get')) {
    throw new Error(`missing system packages: ${missing.join(', ')}. Install them (on Debian/Ubuntu: sudo apt-get install -y ${missing.join(' ')}) and run this again.`);
  }
  console.log(`› installing ${missing.join(', ')} with apt-get (first run only)`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update', '-q'], ['install', '-y', '-q', ...missing]]) {
    const r = spawnSync('apt-get', args, { stdio: ['ignore', 'inherit', 'inherit'], env });
    if (r.status !== 0) throw new Error(`apt-get ${args[0]} failed (exit ${r.status}); see the output above.`);
  }
}

/**
 * Installs the npm dependencies (from package-lock.json) when node_modules is missing or older than
 * the lock. `npm install`, not `npm ci`: opencode-ai names platform packages for other systems that
 * this registry does not serve, and `npm ci` refuses a lock without them.
 */
export function ensureNodeModules() {
  const marker = path.join(repo, 'node_modules', '.package-lock.json');
  const lock = path.join(repo, 'package-lock.json');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  console.log('› installing npm dependencies (npm install, from package-lock.json)');
  const r = spawnSync('npm', ['install', '--no-audit', '--no-fund'], { cwd: repo, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) throw new Error(`npm install failed (exit ${r.status}); see the output above.`);
}
