// `npm start`: build, prepare the demo workspace, and open it in VS Code with this extension.
// With `code` on PATH that is a desktop Extension Development Host; without it, code-server
// serves the same VS Code in a browser at http://127.0.0.1:3210 until Ctrl+C.
//
// Options: --port N (or VIBAN_PORT), --folder DIR (a workspace instead of the demo), --reset-demo,
//          --restricted (workspace trust on, as for an untrusted folder), --no-build.
import { spawn, spawnSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { createDemoWorkspace, defaultDemoFolder } from './demo-workspace.mjs';
import { cacheRoot, repoRoot, SetupError, startCodeServer } from './vscode-web.mjs';
import { ensureNodeModules, ensureSystemPackages } from './prerequisites.mjs';

const args = process.argv.slice(2);
const option = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const port = Number(option('--port') ?? process.env.VIBAN_PORT ?? 3210);

function build() {
  console.log('› building (node esbuild.mjs, ~5 s)');
  const started = Date.now();
  const res = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: repoRoot, stdio: 'inherit' });
  if (res.status === 0) console.log(`› built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (res.status !== 0) {
    console.error('build failed: fix the errors above, then run npm start again');
    process.exit(res.status ?? 1);
  }
}

/**
 * "GitHub" for the demo, offline (demo/demo-github.ts): the REST stand-in plus a pretend runner
 * that runs the committed workflow's job here. Its API base goes into the demo's settings and its
 * made-up token into the window's environment, so "Run on GitHub Actions" works on a demo card.
 * Best effort: without it the rest of the demo is unchanged.
 */
async function startDemoGitHub(folder) {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'demo', 'demo-github.ts'), folder], { cwd: repoRoot, stdio: ['pipe', 'pipe', 'inherit'] });
  const ready = await new Promise((resolve) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => {
      try {
        resolve(JSON.parse(line));
      } catch {
        resolve(undefined);
      }
    });
    child.once('exit', () => resolve(undefined));
  });
  if (!ready) {
    console.warn('› the offline GitHub for "Run on GitHub Actions" did not start (see above); the rest of the demo works');
    child.kill();
    return undefined;
  }
  const settingsFile = path.join(folder, '.vscode', 'settings.json');
  const settings = JSON.parse(await readFile(settingsFile, 'utf8'));
  await writeFile(settingsFile, JSON.stringify({ ...settings, 'viban.remote.github.apiUrl': ready.apiUrl, 'viban.remote.pollSeconds': 2 }, null, 2) + '\n');
  // code-server keeps GITHUB_TOKEN for itself: the window reads VIBAN_GITHUB_TOKEN.
  process.env.VIBAN_GITHUB_TOKEN = ready.token;
  console.log(`› offline GitHub for "Run on GitHub Actions": ${ready.apiUrl} (from a terminal in the demo: GITHUB_API_URL=${ready.apiUrl} GITHUB_TOKEN=${ready.token} viban run demo-4 --remote github --executor claude-code)`);
  return { ...ready, stop: () => child.kill('SIGTERM') };
}

function hasDesktopCode() {
  return spawnSync('code', ['--version'], { stdio: 'ignore' }).status === 0;
}

async function main() {
  await ensureNodeModules();
  if (!args.includes('--no-build')) build();
  const folderArg = option('--folder');
  const folder = folderArg
    ? path.resolve(folderArg)
    : await createDemoWorkspace(defaultDemoFolder(), { reset: args.includes('--reset-demo'), automation: true, history: true });
  console.log(`› workspace: ${folder}`);
  const github = folderArg ? undefined : await startDemoGitHub(folder);
  process.once('exit', () => github?.stop());

  if (hasDesktopCode() && !process.env.VIBAN_USE_CODE_SERVER) {
    console.log('› opening VS Code (Extension Development Host)');
    const child = spawn('code', [`--extensionDevelopmentPath=${repoRoot}`, folder], { stdio: 'inherit' });
    child.on('exit', (code) => process.exit(code ?? 0));
    return;
  }

  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new SetupError(`invalid port "${port}"`);
  console.log('› no desktop `code` on PATH: serving VS Code through code-server');
  ensureSystemPackages(['ripgrep', 'libkrb5-dev', 'python3', 'make', 'g++']);
  let server;
  let stopping = false;
  try {
    // Kept between runs (open editors, layout, logs), unlike the throwaway ones of the e2e tests.
    server = await startCodeServer({
      workspace: folder,
      port,
      trusted: !args.includes('--restricted'),
      ...(github && { env: { VIBAN_GITHUB_TOKEN: github.token } }),
      extensionDir: path.join(cacheRoot(), 'start', 'extensions'),
      userDataDir: path.join(cacheRoot(), 'start', 'user-data'),
    });
  } catch (err) {
    if (/not available|EADDRINUSE/i.test(String(err.message))) {
      throw new SetupError(`port ${port} is busy: run with --port <other> (or VIBAN_PORT=<other>)`);
    }
    throw err;
  }
  server.exited.then((code) => {
    if (stopping) return;
    console.error(`code-server exited unexpectedly (${code}); its log: ${server.logFile}`);
    process.exit(1);
  });
  console.log('');
  console.log('  Viban is running in VS Code (code-server). Open:');
  console.log('');
  console.log(`    ${server.url}`);
  console.log('');
  console.log(`  then click the Viban icon in the activity bar. Logs: ${server.logFile}`);
  console.log('  Runs go to a background worker (viban.worker.mode): reload the window mid-run and it goes on;');
  console.log('  the Workers item in the status bar lists it.');
  console.log('  Press Ctrl+C to stop.');

  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\n› stopping code-server');
    await server.stop();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((err) => {
  console.error(err instanceof SetupError ? `error: ${err.message}` : err);
  process.exit(1);
});
