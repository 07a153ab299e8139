// The real `claude` CLI for an e2e suite: a scripted Anthropic server on 127.0.0.1 started before
// the suite, and the environment that points the CLI at it (handed to code-server, so the
// extension host and every agent it starts inherit it).
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from './harness.mjs';
import { startScriptedAnthropicServer } from '../support/scriptedAnthropicServer.ts';
import { AGENTS_DIR } from '../../scripts/agentClis.mjs';

// From the ESM side, not test/support/agentClis.ts: loaded as ESM by tsx, its __dirname is not its folder.
export const CLAUDE_BIN = path.join(AGENTS_DIR, 'node_modules', '.bin', 'claude');

/**
 * Call at the top of a describe(), before useVSCode(). `env` is filled in a before() hook that
 * runs first, so pass the same object to useVSCode({ env }). `server()` is the scripted server.
 */
export function useScriptedClaude(extraEnv = {}) {
  let server;
  const env = {};
  const home = mkdtempSync(path.join(os.tmpdir(), 'viban-e2e-claude-home-'));
  before(async () => {
    server = await startScriptedAnthropicServer();
    Object.assign(env, server.env(home), extraEnv);
  });
  after(async () => server?.close());
  return {
    env,
    server: () => server,
    /** Workspace settings that make Viban run this claude binary. */
    settings: { 'viban.executors.paths': { 'claude-code': CLAUDE_BIN } },
  };
}
