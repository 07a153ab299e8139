// `npm ci` — the clean install contributors and CI services run — accepts the committed lock file
// on the supported Node without an engine warning, and the agent CLIs the tests drive stay out of
// it (test/agents has its own lock, installed by the test set-up: scripts/agentClis.mjs).
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../../support/agentClis';

const AGENT_PACKAGES = ['@anthropic-ai/claude-code', '@google/gemini-cli', '@openai/codex', 'opencode-ai'];
const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8'));

describe('npm ci with the committed lock file', function () {
  this.timeout(120_000);

  it('is accepted (lock in sync with package.json) and warns of no engine on this Node', () => {
    const dir = mkdtempSync(join(tmpdir(), 'viban-npm-ci-'));
    try {
      copyFileSync(join(REPO_ROOT, 'package.json'), join(dir, 'package.json'));
      copyFileSync(join(REPO_ROOT, 'package-lock.json'), join(dir, 'package-lock.json'));
      // --dry-run: npm validates the lock against package.json and every package's engines, then
      // stops before fetching; --offline: the lock has all it needs for that.
      const r = spawnSync('npm', ['ci', '--dry-run', '--offline', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: dir, encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      assert.doesNotMatch(r.stderr, /EBADENGINE/, r.stderr);
      assert.match(r.stdout, /added \d+ packages/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('holds none of the agent CLIs; test/agents pins each, and its lock has what it pins', () => {
    const manifest = readJson(join(REPO_ROOT, 'package.json'));
    const lock = readJson(join(REPO_ROOT, 'package-lock.json'));
    const agents = readJson(join(REPO_ROOT, 'test', 'agents', 'package.json'));
    const agentsLock = readJson(join(REPO_ROOT, 'test', 'agents', 'package-lock.json'));
    for (const name of AGENT_PACKAGES) {
      assert.equal(manifest.devDependencies[name] ?? manifest.dependencies[name], undefined, `${name} in package.json`);
      assert.equal(lock.packages[`node_modules/${name}`], undefined, `${name} in package-lock.json`);
      assert.match(agents.dependencies[name], /^\d+\.\d+\.\d+$/, `${name}: an exact version in test/agents/package.json`);
      assert.equal(agentsLock.packages[`node_modules/${name}`]?.version, agents.dependencies[name], `${name} in test/agents/package-lock.json`);
    }
  });
});
