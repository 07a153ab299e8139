// The test set-up's install of the agent CLIs (scripts/agentClis.mjs): when it installs, that a
// complete install is left alone (instant, no npm), and the one npm warning it drops.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AGENT_BINARIES, agentInstallNeeded, ensureAgentClis, withoutEngineWarnings } from '../../../scripts/agentClis.mjs';
import { AGENT_BIN_DIR, agentBin } from '../../support/agentClis';

describe('agent CLI install (test/agents)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'viban-agents-'));
    writeFileSync(join(dir, 'package-lock.json'), '{}\n');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** node_modules as npm leaves it: the hidden lockfile, and a .bin entry per binary given. */
  function installed(binaries: readonly string[], markerAgeMs = 0) {
    mkdirSync(join(dir, 'node_modules', '.bin'), { recursive: true });
    const marker = join(dir, 'node_modules', '.package-lock.json');
    writeFileSync(marker, '{}\n');
    const at = new Date(Date.now() - markerAgeMs);
    utimesSync(marker, at, at);
    for (const b of binaries) writeFileSync(join(dir, 'node_modules', '.bin', b), '');
  }

  it('says why an install is needed: none yet, a newer lock, a missing binary', () => {
    assert.equal(agentInstallNeeded(dir), 'not installed yet');
    installed(AGENT_BINARIES, 60_000);
    assert.equal(agentInstallNeeded(dir), 'package-lock.json changed');
    rmSync(join(dir, 'node_modules'), { recursive: true });
    installed(AGENT_BINARIES.filter((b) => b !== 'gemini'));
    assert.equal(agentInstallNeeded(dir), 'missing gemini');
  });

  it('leaves a complete install alone: no npm run, nothing logged, the .bin folder returned', async () => {
    installed(AGENT_BINARIES);
    assert.equal(agentInstallNeeded(dir), undefined);
    const logged: string[] = [];
    const bin = await ensureAgentClis({ dir, log: (l: string) => logged.push(l) });
    assert.equal(bin, join(dir, 'node_modules', '.bin'));
    assert.deepEqual(logged, []);
  });

  it("drops npm's EBADENGINE block and keeps every other line", () => {
    const npmOutput = [
      'npm warn EBADENGINE Unsupported engine {',
      "npm warn EBADENGINE   package: '@anthropic-ai/claude-code@2.1.330',",
      "npm warn EBADENGINE   required: { node: '>=22.0.0' },",
      "npm warn EBADENGINE   current: { node: 'v20.20.2', npm: '11.19.1' }",
      'npm warn EBADENGINE }',
      'npm warn deprecated glob@7.2.3: Glob versions prior to v9 are no longer supported',
      'npm error code E404',
    ].join('\n');
    assert.equal(withoutEngineWarnings(npmOutput), 'npm warn deprecated glob@7.2.3: Glob versions prior to v9 are no longer supported\nnpm error code E404');
  });

  it('the tests find every agent CLI in test/agents, installed by the set-up', () => {
    assert.equal(AGENT_BIN_DIR, join(__dirname, '..', '..', 'agents', 'node_modules', '.bin'));
    assert.equal(agentInstallNeeded(join(__dirname, '..', '..', 'agents')), undefined);
    for (const b of AGENT_BINARIES) assert.equal(agentBin(b), join(AGENT_BIN_DIR, b));
  });
});
