// Where the tests find the real agent CLIs: test/agents/node_modules/.bin, installed by the test
// set-up (scripts/agentClis.mjs: `npm test`, the unit layer's mocha set-up, test/e2e/run.mjs),
// never the main node_modules — see test/agents/package.json for why they are kept apart.
import { existsSync } from 'node:fs';
import path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '../..');

/** The folder holding claude, codex, gemini and opencode. */
export const AGENT_BIN_DIR = path.join(REPO_ROOT, 'test', 'agents', 'node_modules', '.bin');

/** The path of one agent CLI the tests run (claude, codex, gemini, opencode). */
export function agentBin(name: string): string {
  return path.join(AGENT_BIN_DIR, name);
}

/** The installed version of an agent CLI's npm package (e.g. '@anthropic-ai/claude-code'). */
export function agentPackageJsonPath(npmPackage: string): string {
  return path.join(REPO_ROOT, 'test', 'agents', 'node_modules', npmPackage, 'package.json');
}

/** A clear error instead of an ENOENT deep inside a test when the set-up has not run. */
export function assertAgentClisInstalled(names: readonly string[] = ['claude', 'codex', 'gemini', 'opencode']): void {
  const missing = names.filter((n) => !existsSync(agentBin(n)));
  if (missing.length) {
    throw new Error(`agent CLIs not installed (${missing.join(', ')} missing in ${AGENT_BIN_DIR}): run \`node scripts/agentClis.mjs\` (npm test does it)`);
  }
}
