// A real VS Code for this repo without a desktop VS Code: code-server (VS Code's own workbench and
// Node extension host, served over HTTP) from npm, with this repo loaded as an installed extension.
// Recipe and the reasons behind each step: ../shared/notes/real-vscode.md.
//
// CLI:
//   node scripts/vscode-web.mjs [install]            install code-server into the cache (idempotent)
//   node scripts/vscode-web.mjs serve [folder] [--port N] [--restricted]
//   node scripts/vscode-web.mjs path                 print the code-server entry point
// Env: VIBAN_CACHE_DIR (default ~/.cache/viban), VIBAN_CODE_SERVER_DIR (the install folder itself).
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import { copyFile, cp, lstat, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.100.3';
// What @vscode/ripgrep 1.15.11 (pulled in by VS Code 1.100) looks for before it tries to download.
const RIPGREP_CACHE = path.join('vscode-ripgrep-cache-1.15.11', 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz');

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
export const extensionFolderName = `${manifest.publisher}.${manifest.name}-${manifest.version}`;

export function cacheRoot() {
  return process.env.VIBAN_CACHE_DIR || path.join(os.homedir(), '.cache', 'viban');
}

export function codeServerDir() {
  return process.env.VIBAN_CODE_SERVER_DIR || path.join(cacheRoot(), `code-server-${CODE_SERVER_VERSION}`);
}

const entryPoint = (dir) => path.join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const markerFile = (dir) => path.join(dir, '.viban-installed');
const log = (msg) => process.stderr.write(`[vscode-web] ${msg}\n`);

export class SetupError extends Error {}

function has(cmd, args = ['--version']) {
  return spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;
}

function checkPrerequisites() {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new SetupError(`code-server setup here targets linux-x64 (this is ${process.platform}-${process.arch}); install VS Code instead and use "code".`);
  }
  const major = Number(process.versions.node.split('.')[0]);
  if (major !== 20) log(`warning: Node ${process.version}; code-server ${CODE_SERVER_VERSION} is made for Node 20.`);
  const missing = [];
  if (!has('rg')) missing.push('ripgrep');
  if (!existsSync('/usr/include/gssapi/gssapi.h') && !existsSync('/usr/include/gssapi.h')) missing.push('libkrb5-dev');
  if (!has('make')) missing.push('make');
  if (!has('g++')) missing.push('g++');
  if (!has('python3')) missing.push('python3');
  if (!has('tar')) missing.push('tar');
  if (missing.length) {
    throw new SetupError(`missing system packages for code-server: ${missing.join(', ')}\n  fix: apt-get update && apt-get install -y ${missing.join(' ')}`);
  }
}

/** Packs Debian's rg as the archive @vscode/ripgrep's postinstall would otherwise download. */
async function seedRipgrepCache(tmpdir) {
  const archive = path.join(tmpdir, RIPGREP_CACHE);
  if (existsSync(archive)) return archive;
  const which = spawnSync('sh', ['-c', 'command -v rg'], { encoding: 'utf8' });
  const rg = which.stdout.trim();
  if (!rg) throw new SetupError('rg not found: apt-get install -y ripgrep');
  const staging = await mkdtemp(path.join(tmpdir, 'viban-rg-'));
  try {
    await copyFile(rg, path.join(staging, 'rg')); // copyFile follows a symlinked rg
    await mkdir(path.dirname(archive), { recursive: true });
    const tar = spawnSync('tar', ['-czf', archive, '-C', staging, 'rg'], { encoding: 'utf8' });
    if (tar.status !== 0) throw new SetupError(`could not pack ${rg} into ${archive}: ${tar.stderr}`);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  log(`packed ${rg} as ${archive}`);
  return archive;
}

function isInstalled(dir) {
  try {
    return readFileSync(markerFile(dir), 'utf8').trim() === CODE_SERVER_VERSION && existsSync(entryPoint(dir));
  } catch {
    return false;
  }
}

/** Two processes installing at once (parallel test runs) must not interleave npm installs. */
async function withLock(dir, fn) {
  const lock = `${dir}.lock`;
  const deadline = Date.now() + 15 * 60_000;
  for (;;) {
    try {
      await mkdir(lock);
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      if (Date.now() > deadline) throw new SetupError(`timed out waiting for ${lock} (remove it if no install is running)`);
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  try {
    return await fn();
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}

/**
 * Installs code-server into its own folder (never the repo's node_modules) on first use.
 * Returns the path of code-server's Node entry point. Instant when already installed.
 */
export async function ensureCodeServer({ dir = codeServerDir(), quiet = false } = {}) {
  if (isInstalled(dir)) return entryPoint(dir);
  checkPrerequisites();
  await mkdir(path.dirname(dir), { recursive: true });
  return withLock(dir, async () => {
    if (isInstalled(dir)) return entryPoint(dir);
    const started = Date.now();
    log(`installing code-server@${CODE_SERVER_VERSION} into ${dir} (about 2 minutes, once)…`);
    const tmpdir = os.tmpdir();
    await seedRipgrepCache(tmpdir);
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'package.json'), JSON.stringify({ name: 'viban-code-server', private: true }, null, 2) + '\n');
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const args = ['install', '--no-audit', '--no-fund', '--no-save', '--loglevel=error', `code-server@${CODE_SERVER_VERSION}`];
    const env = {
      ...process.env,
      TMPDIR: tmpdir, // @vscode/ripgrep reads its cache from os.tmpdir(): make it the one we seeded
      npm_config_unsafe_perm: 'true', // code-server's postinstall refuses to run as root otherwise
      npm_config_yes: 'true', // a nested `npx node-gyp` would wait for a yes on stdin
      CI: process.env.CI ?? 'true',
    };
    const code = await new Promise((resolve, reject) => {
      const child = spawn(npm, args, { cwd: dir, env, stdio: ['ignore', quiet ? 'ignore' : 'inherit', 'inherit'] });
      const tick = setInterval(() => log(`…still installing (${Math.round((Date.now() - started) / 1000)} s)`), 30_000);
      child.on('error', reject);
      child.on('close', (c) => {
        clearInterval(tick);
        resolve(c);
      });
    });
    if (code !== 0 || !existsSync(entryPoint(dir))) {
      throw new SetupError(
        `npm install code-server@${CODE_SERVER_VERSION} failed (exit ${code}) in ${dir}.\n` +
          '  common causes: libkrb5-dev, python3, make or g++ missing (apt-get install -y libkrb5-dev python3 make g++);\n' +
          `  no ripgrep cache (${path.join(tmpdir, RIPGREP_CACHE)}); no access to the npm registry.`,
      );
    }
    await writeFile(markerFile(dir), CODE_SERVER_VERSION + '\n');
    log(`code-server@${CODE_SERVER_VERSION} installed in ${Math.round((Date.now() - started) / 1000)} s`);
    return entryPoint(dir);
  });
}

async function assertPortFree(port) {
  await new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', (err) => reject(new SetupError(`127.0.0.1:${port} is not available (${err.code}): pick another port`)));
    srv.listen(port, '127.0.0.1', () => srv.close(resolve));
  });
}

export async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Quiet, deterministic workbench: nothing opens by itself, nothing phones home. */
export function userSettings({ trusted }) {
  return {
    'workbench.startupEditor': 'none',
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoUpdate': false,
    'extensions.autoCheckUpdates': false,
    'extensions.ignoreRecommendations': true,
    'security.workspace.trust.enabled': !trusted,
    'security.workspace.trust.startupPrompt': 'never',
    'git.openRepositoryInParentFolders': 'never',
    'git.autofetch': false,
    'chat.commandCenter.enabled': false,
    'github.copilot.enable': { '*': false },
    'window.commandCenter': true,
    'editor.minimap.enabled': false,
    'files.hotExit': 'off',
    'window.confirmBeforeClose': 'never',
  };
}

/**
 * Makes this repo an installed extension of `extensionDir`. A symlink keeps the repo's
 * node_modules (node-pty) reachable and picks up rebuilds without another copy; pass
 * `copy: true` to get a self-contained copy of package.json + dist + media instead.
 */
export async function linkExtension(extensionDir, { copy = false } = {}) {
  await mkdir(extensionDir, { recursive: true });
  const target = path.join(extensionDir, extensionFolderName);
  const stat = await lstat(target).catch(() => null);
  if (stat) await rm(target, { recursive: true, force: true });
  if (copy) {
    await mkdir(target, { recursive: true });
    for (const item of ['package.json', 'dist', 'media', 'README.md', 'LICENSE']) {
      if (existsSync(path.join(repoRoot, item))) await cp(path.join(repoRoot, item), path.join(target, item), { recursive: true });
    }
    if (existsSync(path.join(repoRoot, 'node_modules', 'node-pty'))) {
      await cp(path.join(repoRoot, 'node_modules', 'node-pty'), path.join(target, 'node_modules', 'node-pty'), { recursive: true });
    }
  } else {
    await symlink(repoRoot, target, 'dir');
  }
  return target;
}

async function waitForHttp(url, child, output, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`code-server exited (${child.exitCode ?? child.signalCode}) before serving:\n${output.text.slice(-4000)}`);
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`code-server did not answer ${url} within ${timeoutMs / 1000} s:\n${output.text.slice(-4000)}`);
}

const running = new Set();
function killGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // group already gone
  }
}
process.on('exit', () => {
  for (const child of running) killGroup(child, 'SIGKILL');
});

/**
 * Starts code-server on `workspace` with this repo's extension installed (`installExtension:
 * false` leaves it out, e.g. when the page loads it as a development extension instead).
 * Returns { url (workbench with ?folder=), baseUrl, port, pid, userDataDir, extensionDir, logFile,
 * output() (last 100 kB of its stdout+stderr), exited (promise of the exit code), stop() }.
 */
export async function startCodeServer({
  workspace,
  port,
  extensionDir,
  userDataDir,
  trusted = true,
  installExtension = true,
  copyExtension = false,
  settings = {},
  /** Extra environment for code-server and so for the extension host and the agents it runs. */
  env = {},
  echo = false,
  timeoutMs = 90_000,
} = {}) {
  const entry = await ensureCodeServer();
  const scratch = extensionDir && userDataDir ? null : await mkdtemp(path.join(os.tmpdir(), 'viban-vscode-'));
  extensionDir ??= path.join(scratch, 'extensions');
  userDataDir ??= path.join(scratch, 'user-data');
  if (port) await assertPortFree(port);
  else port = await freePort();

  if (installExtension) await linkExtension(extensionDir, { copy: copyExtension });
  else await mkdir(extensionDir, { recursive: true });
  // Settings a person added in a kept user-data-dir (npm start) survive; ours win over them.
  const settingsFile = path.join(userDataDir, 'User', 'settings.json');
  let existing = {};
  try {
    existing = JSON.parse(await readFile(settingsFile, 'utf8'));
  } catch {
    // none yet (or not plain JSON: replaced)
  }
  await mkdir(path.dirname(settingsFile), { recursive: true });
  await writeFile(settingsFile, JSON.stringify({ ...existing, ...userSettings({ trusted }), ...settings }, null, 2) + '\n');

  const args = [
    entry,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--extensions-dir', extensionDir,
    '--user-data-dir', userDataDir,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    '--ignore-last-opened',
  ];
  if (trusted) args.push('--disable-workspace-trust');
  if (workspace) args.push(workspace);

  const logFile = path.join(userDataDir, 'code-server.log');
  const logStream = createWriteStream(logFile, { flags: 'a' });
  const child = spawn(process.execPath, args, {
    detached: true, // its own process group, so stop() takes the extension host and pty children too
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env, VSCODE_PROXY_URI: '', PASSWORD: '' },
  });
  running.add(child);
  const output = { text: '' };
  const onData = (d) => {
    output.text = (output.text + d.toString()).slice(-100_000);
    logStream.write(d);
    if (echo) process.stderr.write(d);
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise((resolve) => child.on('exit', resolve));

  const baseUrl = `http://127.0.0.1:${port}`;
  let stopped = false;
  async function stop() {
    if (stopped) return;
    stopped = true;
    killGroup(child, 'SIGTERM');
    const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
    killGroup(child, 'SIGKILL'); // stragglers in the group (extension host children)
    running.delete(child);
    logStream.end();
    if (scratch) await rm(scratch, { recursive: true, force: true }).catch(() => {});
  }

  try {
    await waitForHttp(`${baseUrl}/healthz`, child, output, timeoutMs);
  } catch (err) {
    await stop();
    throw err;
  }
  const url = workspace ? `${baseUrl}/?folder=${encodeURIComponent(workspace).replace(/%2F/g, '/')}` : baseUrl;
  return { url, baseUrl, port, pid: child.pid, extensionDir, userDataDir, logFile, output: () => output.text, exited, stop };
}

async function main(argv) {
  const [cmd = 'install', ...rest] = argv;
  const flag = (name) => {
    const i = rest.indexOf(name);
    if (i < 0) return undefined;
    const [value] = rest.splice(i, 2).slice(1);
    return value;
  };
  if (cmd === 'install') {
    const entry = await ensureCodeServer();
    console.log(`code-server ${CODE_SERVER_VERSION} ready: ${entry}`);
  } else if (cmd === 'path') {
    console.log(await ensureCodeServer({ quiet: true }));
  } else if (cmd === 'serve') {
    const restricted = rest.includes('--restricted');
    const port = Number(flag('--port') ?? process.env.VIBAN_PORT ?? 0) || undefined;
    const folder = rest.find((a) => !a.startsWith('--'));
    const server = await startCodeServer({ workspace: folder && path.resolve(folder), port, trusted: !restricted });
    console.log(`VS Code (code-server) with Viban: ${server.url}`);
    console.log('Ctrl+C to stop.');
    const shutdown = () => server.stop().then(() => process.exit(0));
    process.on('SIGINT', shutdown);
    process.on('SIGTERM', shutdown);
  } else {
    console.error('usage: node scripts/vscode-web.mjs [install | path | serve [folder] [--port N] [--restricted]]');
    process.exit(2);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((err) => {
    console.error(err instanceof SetupError ? `error: ${err.message}` : err);
    process.exit(1);
  });
}
