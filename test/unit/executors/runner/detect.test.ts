import { strict as assert } from 'node:assert';
import { chmodSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { detectCli, findOnPath, parseVersion, readVersion } from '../../../../src/executors/detect';
import { CLAUDE_BIN } from '../../../support/claudeHarness';

describe('detect', () => {
  let dir: string;
  beforeEach(() => (dir = realpathSync(mkdtempSync(join(tmpdir(), 'viban-detect-')))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const script = (name: string, body: string, mode = 0o755) => {
    const p = join(dir, name);
    writeFileSync(p, `#!/bin/sh\n${body}\n`);
    chmodSync(p, mode);
    return p;
  };

  it('parses versions out of the usual --version lines', () => {
    assert.equal(parseVersion('2.1.330 (Claude Code)'), '2.1.330');
    assert.equal(parseVersion('codex-cli 0.169.0'), '0.169.0');
    assert.equal(parseVersion('v1.2.3-beta.1'), '1.2.3-beta.1');
    assert.equal(parseVersion('no digits here'), undefined);
  });

  it('finds the first executable on PATH, skipping non-executable files', () => {
    const a = join(dir, 'a');
    const b = join(dir, 'b');
    mkdirSync(a);
    mkdirSync(b);
    writeFileSync(join(a, 'agent'), 'x'); // not executable
    writeFileSync(join(b, 'agent'), '#!/bin/sh\n');
    chmodSync(join(b, 'agent'), 0o755);
    assert.equal(findOnPath('agent', { PATH: [a, b].join(':') }), join(b, 'agent'));
    assert.equal(findOnPath('agent', { PATH: a }), undefined);
    assert.equal(findOnPath('agent', {}), undefined);
  });

  it('detects the real claude CLI: installed, version from --version', async () => {
    const r = await detectCli({ label: 'Claude Code', binary: 'claude', npmPackage: '@anthropic-ai/claude-code', env: { ...process.env, PATH: dirname(CLAUDE_BIN) } });
    assert.equal(r.installed, true);
    assert.equal(r.version, '2.1.330');
    assert.equal(r.path, CLAUDE_BIN);
  });

  it('not on PATH: says which package to install', async () => {
    const r = await detectCli({ label: 'Claude Code', binary: 'claude', npmPackage: '@anthropic-ai/claude-code', env: { PATH: dir } });
    assert.equal(r.installed, false);
    assert.equal(r.reason, '`claude` not found on PATH — install it with `npm install -g @anthropic-ai/claude-code`, or set its path in the settings.');
  });

  it('a configured path wins over PATH, and a bad one says to fix the setting', async () => {
    const good = script('my-agent', 'echo "my-agent 9.8.7"');
    const ok = await detectCli({ label: 'X', binary: 'claude', npmPackage: 'x', configuredPath: good, env: { PATH: '' } });
    assert.deepEqual([ok.installed, ok.version, ok.path], [true, '9.8.7', good]);
    const bad = await detectCli({ label: 'X', binary: 'claude', npmPackage: 'x', configuredPath: join(dir, 'missing') });
    assert.equal(bad.installed, false);
    assert.match(bad.reason!, /configured path for X .* is not an executable file/);
  });

  it('a --version that fails is reported with its output', async () => {
    const broken = script('broken', 'echo "library not found" >&2; exit 2');
    const r = await detectCli({ label: 'X', binary: 'x', npmPackage: 'x-pkg', configuredPath: broken });
    assert.equal(r.installed, false);
    assert.match(r.reason!, /failed \(exit 2\): library not found — reinstall x-pkg/);
  });

  it('a hanging --version is stopped by the timeout', async () => {
    const hang = script('hang', 'sleep 30');
    const t0 = Date.now();
    const v = await readVersion(hang, { timeoutMs: 200 });
    assert.notEqual(v.exitCode, 0);
    assert.ok(Date.now() - t0 < 5000);
  });

  it('passes the login check through', async () => {
    const good = script('agent', 'echo 1.0.0');
    const r = await detectCli({ label: 'X', binary: 'x', npmPackage: 'x', configuredPath: good, checkLogin: async () => ({ loggedIn: false, reason: 'log in please' }) });
    assert.deepEqual([r.installed, r.loggedIn, r.reason], [true, false, 'log in please']);
  });
});
