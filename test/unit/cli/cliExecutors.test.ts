// `viban executors`: the real detection of the real Claude Code CLI, and the actionable reasons
// when it cannot be found or run.
import { strict as assert } from 'node:assert';
import { readFileSync, rmSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { runCli, tempWorkspace, writeSettings } from './cliHarness';
import { AGENT_BIN_DIR, agentBin, agentPackageJsonPath } from '../../support/agentClis';

const CLAUDE_VERSION = JSON.parse(readFileSync(agentPackageJsonPath('@anthropic-ai/claude-code'), 'utf8')).version as string;

describe('viban executors', function () {
  this.timeout(30000);
  let ws: string;
  let home: string;
  beforeEach(() => {
    ws = tempWorkspace();
    home = tempWorkspace('viban-cli-home-');
  });
  afterEach(() => {
    rmSync(ws, { recursive: true, force: true });
    rmSync(home, { recursive: true, force: true });
  });

  const pathWithClaude = [AGENT_BIN_DIR, dirname(process.execPath), '/usr/bin', '/bin'].join(delimiter);

  it('lists Claude Code as installed, with its version and login state', async () => {
    const env = { PATH: pathWithClaude, HOME: home, ANTHROPIC_API_KEY: 'test-key-for-detection' };
    const r = await runCli(['executors', '-w', ws], { env });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^ID\s+LABEL\s+INSTALLED\s+VERSION\s+LOGGED IN\s+REASON$/m);
    assert.match(r.stdout, new RegExp(`^claude-code\\s+Claude Code\\s+yes\\s+${CLAUDE_VERSION.replace(/\./g, '\\.')}\\s+yes\\s*$`, 'm'));

    const json = await runCli(['executors', '--json', '-w', ws], { env: { ...env, ANTHROPIC_API_KEY: '' } });
    const claude = JSON.parse(json.stdout).find((e: { id: string }) => e.id === 'claude-code');
    assert.equal(claude.installed, true);
    assert.equal(claude.version, CLAUDE_VERSION);
    assert.equal(claude.loggedIn, false, 'no key and an empty HOME');
    assert.match(claude.reason, /Claude Code is not logged in — run `claude` in a terminal and log in, or set ANTHROPIC_API_KEY/);
    assert.equal(claude.path, agentBin('claude'));
  });

  it('a CLI missing from PATH, or a configured path that points nowhere, says what to do', async () => {
    const env = { PATH: [join(ws, 'empty'), dirname(process.execPath)].join(delimiter), HOME: home };
    let r = await runCli(['executors', '--json', '-w', ws], { env });
    assert.equal(r.code, 0, r.stderr);
    let claude = JSON.parse(r.stdout).find((e: { id: string }) => e.id === 'claude-code');
    assert.equal(claude.installed, false);
    assert.equal(claude.reason, '`claude` not found on PATH — install it with `npm install -g @anthropic-ai/claude-code`, or set its path in the settings.');

    // Relative paths in .viban/settings.json are relative to the workspace.
    writeSettings(ws, { executors: { paths: { 'claude-code': 'tools/claude' } } });
    r = await runCli(['executors', '-w', ws], { env: { ...env, PATH: pathWithClaude } });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`^claude-code\\s+Claude Code\\s+no\\s+-\\s+-\\s+The configured path for Claude Code \\(${join(ws, 'tools/claude')}\\) is not an executable file`, 'm'));
  });

  it('the default executor comes from the settings; an unknown one is a usage error naming the known ones', async () => {
    writeSettings(ws, { executors: { default: 'no-such-agent' } });
    const r = await runCli(['run', 't_x', '--mode', 'plan', '-w', ws]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^viban: unknown executor "no-such-agent"; known: claude-code\b.* \(see `viban executors`\)$/m);
  });

  it('custom executors from .viban/settings.json are detected and run, with their placeholders filled', async () => {
    const script = "console.log('echo from ' + process.argv[2] + ': ' + process.argv[1].split('\\n')[0])";
    writeSettings(ws, { executors: { custom: [{ id: 'echo', label: 'Echo agent', command: process.execPath, args: ['-e', script, '{prompt}', '{workspace}'], outputFormat: 'text' }] } });
    const detected = await runCli(['executors', '--json', '-w', ws]);
    assert.equal(detected.code, 0, detected.stderr);
    const echo = JSON.parse(detected.stdout).find((e: { id: string }) => e.id === 'echo');
    assert.equal(echo.installed, true);
    assert.equal(echo.label, 'Echo agent');

    const taskId = (await runCli(['add', 'Say hi', '-w', ws])).stdout.trim().split('\n').pop()!;
    const r = await runCli(['run', taskId, '--executor', 'echo', '--mode', 'full-auto', '-w', ws]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^▶ Echo agent · task /m);
    assert.match(r.stdout, new RegExp(`^echo from ${ws}: Say hi$`, 'm'));
    assert.match(r.stdout, /^✓ Succeeded · /m);

    // The default executor can be a custom one too.
    writeSettings(ws, { executors: { default: 'echo', custom: [{ id: 'echo', label: 'Echo agent', command: process.execPath, args: ['-e', script, '{prompt}', '{workspace}'] }] } });
    const again = await runCli(['run', taskId, '--mode', 'plan', '-w', ws]);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /^▶ Echo agent · task /m);
  });

  it('an invalid custom executor entry is named with its file, index, id and field', async () => {
    writeSettings(ws, { executors: { custom: [{ id: 'bad', label: 'Bad', command: 'x', args: ['no prompt here'] }] } });
    const r = await runCli(['executors', '-w', ws]);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, `viban: invalid custom executor: ${join(ws, '.viban', 'settings.json')} executors.custom[0] ("bad"): "args" must contain {prompt} somewhere, or the agent never receives the task.\n`);
  });
});
