// The real agent CLIs the tests drive (Claude Code, Codex, Gemini CLI, OpenCode), installed into
// test/agents/node_modules from test/agents/package-lock.json — not into the main node_modules.
// Why apart: opencode-ai names platform packages for other systems that the registry does not
// serve, so its lock entries make `npm ci` refuse any lock that holds them; and the Claude Code
// package declares node >=22 (its CLI is a native binary, run by no Node at all), which made every
// install on Node 20 warn EBADENGINE. Only the tests need them; the extension finds the user's own.
//
// CLI: node scripts/agentClis.mjs   (installs when missing or older than the lock; instant otherwise)
import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const AGENTS_DIR = path.join(repo, 'test', 'agents');
/** The binaries test/support/agentClis.ts hands to the tests. */
export const AGENT_BINARIES = ['claude', 'codex', 'gemini', 'opencode'];

/**
 * Why `dir` needs an install, or undefined when it is complete: node_modules present, written after
 * the lock (npm writes node_modules/.package-lock.json on every install), and every binary there.
 */
export function agentInstallNeeded(dir = AGENTS_DIR, binaries = AGENT_BINARIES) {
  const marker = path.join(dir, 'node_modules', '.package-lock.json');
  if (!existsSync(marker)) return 'not installed yet';
  if (statSync(marker).mtimeMs < statSync(path.join(dir, 'package-lock.json')).mtimeMs) return 'package-lock.json changed';
  const missing = binaries.filter((b) => !existsSync(path.join(dir, 'node_modules', '.bin', b)));
  return missing.length ? `missing ${missing.join(', ')}` : undefined;
}

/**
 * Drops npm's EBADENGINE warning blocks (every line of one starts "npm warn EBADENGINE"): the one
 * package that triggers it on Node 20 is Claude Code, whose engines field does not apply to its
 * native binary. Other warnings and errors pass through.
 */
export function withoutEngineWarnings(text) {
  return text
    .split('\n')
    .filter((line) => !/^npm warn EBADENGINE\b/i.test(line))
    .join('\n');
}

/** One install at a time per folder (two `npm test`s at once would interleave two npm installs). */
async function withLock(lockDir, fn) {
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    try {
      await mkdir(lockDir);
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${lockDir} (remove it if no install is running)`);
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  try {
    return await fn();
  } finally {
    await rm(lockDir, { recursive: true, force: true });
  }
}

/**
 * Installs the agent CLIs when agentInstallNeeded() says so; returns the node_modules/.bin folder.
 * `npm install --no-save` from the lock, not `npm ci`: the same opencode-ai platform entries that
 * kept these out of the main lock make `npm ci` refuse this one. `--engine-strict=false` so a
 * user's engine-strict setting cannot turn Claude Code's node >=22 declaration into a failure.
 */
export async function ensureAgentClis({ dir = AGENTS_DIR, log = (line) => console.log(line) } = {}) {
  const bin = path.join(dir, 'node_modules', '.bin');
  if (!agentInstallNeeded(dir)) return bin;
  return withLock(path.join(dir, '.install.lock'), async () => {
    const reason = agentInstallNeeded(dir);
    if (!reason) return bin;
    const started = Date.now();
    log(`--- installing the agent CLIs the tests drive into ${path.relative(repo, dir)}/node_modules (${reason}; about 2 minutes, once)…`);
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const args = ['install', '--no-save', '--no-audit', '--no-fund', '--engine-strict=false'];
    const { code, droppedEngineWarning } = await new Promise((resolve, reject) => {
      const child = spawn(npm, args, { cwd: dir, stdio: ['ignore', 'inherit', 'pipe'] });
      let carry = '';
      let dropped = false;
      child.stderr.setEncoding('utf8');
      const pass = (text) => {
        const kept = withoutEngineWarnings(text);
        if (kept !== text) dropped = true;
        if (kept.trim()) process.stderr.write(kept.endsWith('\n') ? kept : kept + '\n');
      };
      child.stderr.on('data', (chunk) => {
        const lines = (carry + chunk).split('\n');
        carry = lines.pop();
        if (lines.length) pass(lines.join('\n'));
      });
      child.on('error', reject);
      child.on('close', (c) => {
        if (carry) pass(carry);
        resolve({ code: c, droppedEngineWarning: dropped });
      });
    });
    const stillNeeded = agentInstallNeeded(dir);
    if (code !== 0 || stillNeeded) {
      throw new Error(`npm install in ${dir} failed (exit ${code}${stillNeeded ? `; ${stillNeeded}` : ''}); see the output above.`);
    }
    if (droppedEngineWarning) log('    (Claude Code declares node >=22; its CLI is a native binary and the tests run it on Node 20 — README, "Node versions")');
    log(`--- agent CLIs installed in ${Math.round((Date.now() - started) / 1000)} s`);
    return bin;
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  ensureAgentClis().catch((err) => {
    console.error(`agent CLIs: ${err.message}`);
    process.exit(1);
  });
}
