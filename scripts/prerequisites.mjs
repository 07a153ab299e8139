// What `npm start` and `npm test` need on a fresh machine, installed on first use: the npm
// dependencies, and the Debian packages behind code-server's native modules and the browser
// the end-to-end tests drive. Only Node built-ins here: this runs before the npm dependencies are installed.
import { spawn, spawnSync } from 'node:child_process';
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
 * Installs the npm dependencies from package-lock.json when node_modules is missing or older than
 * the lock: `npm ci` on a fresh clone (exactly the lock, what CI services run), `npm install` over
 * an existing node_modules (keeps it, adds and removes only what changed). npm prints nothing for
 * most of it, so a line says what is happening and another every 30 s that it still is.
 */
export async function ensureNodeModules() {
  const marker = path.join(repo, 'node_modules', '.package-lock.json');
  const lock = path.join(repo, 'package-lock.json');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  const fresh = !existsSync(path.join(repo, 'node_modules'));
  const command = fresh ? 'ci' : 'install';
  console.log(`--- installing dependencies (npm ${command}, from package-lock.json; ${fresh ? 'first run ' : ''}~1 min with a warm npm cache, a few without)…`);
  const started = Date.now();
  const seconds = () => Math.round((Date.now() - started) / 1000);
  const tick = setInterval(() => console.log(`    …still installing (${seconds()} s)`), 30_000);
  const code = await new Promise((resolve) => {
    const child = spawn('npm', [command, '--no-audit', '--no-fund'], { cwd: repo, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', () => resolve(127));
    child.on('close', (c) => resolve(c ?? 1));
  }).finally(() => clearInterval(tick));
  if (code !== 0) throw new Error(`npm ${command} failed (exit ${code}); see the output above.`);
  console.log(`--- dependencies installed in ${seconds()} s`);
}
