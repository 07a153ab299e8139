// The per-run MCP configuration each agent CLI gets, checked by the real CLIs themselves: Codex
// reads back the `-c mcp_servers.*` overrides Viban passes (`codex mcp list --json`), and OpenCode
// really starts and connects to `viban mcp` from OPENCODE_CONFIG_CONTENT (`opencode mcp list`).
// Claude Code's --mcp-config is proven end to end in mcpAgentRun.test.ts.
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { buildClaudeArgs } from '../../../src/executors/cli/claude/claudeCommand';
import { buildCodexArgs } from '../../../src/executors/cli/codex/codexCommand';
import { buildGeminiCommand } from '../../../src/executors/cli/gemini/geminiCommand';
import { buildOpencodeCommand } from '../../../src/executors/cli/opencode/opencodeCommand';
import type { RunRequest } from '../../../src/executors/types';
import { agentMcpProvider, allowedToolsFor, nodeForAgents } from '../../../src/mcp/agentMcpLaunch';
import { agentBin } from '../../support/agentClis';
import { codexEnv, opencodeEnv, removeTempDirs, tempDir, tempGitRepo } from '../../support/agentSandboxes';
import { cliBundle } from '../cli/cliHarness';

const run = promisify(execFile);

async function requestFor(ws: string, permissionMode: RunRequest['permissionMode'] = 'auto-edit'): Promise<RunRequest> {
  const provider = agentMcpProvider({ root: ws, node: nodeForAgents(), cliScript: cliBundle() });
  return { prompt: 'hi', cwd: ws, permissionMode, mcpServers: await provider({ sessionId: 's_testrun001', permissionMode }) };
}

describe('mcp/agent MCP configuration per run', function () {
  this.timeout(90_000);
  after(removeTempDirs);

  it('allowed tools follow the permission mode', () => {
    assert.deepEqual(allowedToolsFor('ask'), ['list_tasks', 'get_task', 'get_session', 'list_memory']);
    assert.deepEqual(allowedToolsFor('plan'), allowedToolsFor('ask'));
    assert.ok(allowedToolsFor('auto-edit').includes('create_task'));
    assert.ok(!allowedToolsFor('auto-edit').includes('start_run'), 'queuing another paid run is asked for');
    assert.ok(allowedToolsFor('full-auto').includes('start_run'));
  });

  it('Claude Code: one --mcp-config JSON and the allowed viban tools, before the permission flags', async () => {
    const ws = tempDir('mcp-claude');
    const args = buildClaudeArgs(await requestFor(ws, 'ask'));
    const config = args.find((a) => a.startsWith('--mcp-config='))!;
    const parsed = JSON.parse(config.slice('--mcp-config='.length));
    assert.deepEqual(parsed.mcpServers.viban.args, [cliBundle(), 'mcp', '--workspace', ws]);
    assert.equal(parsed.mcpServers.viban.env.VIBAN_SESSION_ID, 's_testrun001');
    assert.ok(args.includes('--allowedTools=mcp__viban__list_tasks,mcp__viban__get_task,mcp__viban__get_session,mcp__viban__list_memory'));
    assert.ok(args.indexOf(config) < args.indexOf('--permission-prompt-tool'));
    // Without servers, nothing is added.
    assert.ok(!buildClaudeArgs({ prompt: 'x', cwd: ws }).some((a) => a.startsWith('--mcp-config') || a.startsWith('--allowedTools')));
  });

  it('Codex: the real CLI reads the -c mcp_servers overrides as the viban stdio server', async () => {
    const ws = tempGitRepo();
    const args = buildCodexArgs(await requestFor(ws));
    const overrides = args.flatMap((a, i) => (a === '-c' ? ['-c', args[i + 1]] : []));
    assert.equal(overrides.length, 6);
    const { stdout } = await run(agentBin('codex'), [...overrides, 'mcp', 'list', '--json'], { env: codexEnv('http://127.0.0.1:9/v1'), cwd: ws });
    const viban = JSON.parse(stdout).find((s: { name: string }) => s.name === 'viban');
    assert.ok(viban, stdout);
    assert.equal(viban.transport.type, 'stdio');
    assert.equal(viban.transport.command, nodeForAgents().command);
    assert.deepEqual(viban.transport.args, [cliBundle(), 'mcp', '--workspace', ws]);
    assert.deepEqual(viban.transport.env, { VIBAN_SESSION_ID: 's_testrun001' });
  });

  it('OpenCode: the real CLI starts viban mcp from OPENCODE_CONFIG_CONTENT and connects to it', async () => {
    const ws = tempGitRepo();
    const command = buildOpencodeCommand(await requestFor(ws), agentBin('opencode'));
    const home = tempDir('opencode-home');
    const env = { ...opencodeEnv(home), OPENCODE_CONFIG_CONTENT: command.env.OPENCODE_CONFIG_CONTENT!, PWD: ws, NO_COLOR: '1' };
    const { stdout } = await run(agentBin('opencode'), ['mcp', 'list'], { env, cwd: ws });
    const plain = stdout.replace(/\u001b\[[0-9;]*m/g, '');
    assert.match(plain, /✓ viban\s+connected/, plain);
  });

  it('OpenCode: an inline config the user already set is kept, with viban added', async () => {
    const ws = tempDir('mcp-oc');
    const req = await requestFor(ws);
    const command = buildOpencodeCommand({ ...req, env: { OPENCODE_CONFIG_CONTENT: JSON.stringify({ model: 'mine/m', mcp: { other: { type: 'remote', url: 'http://127.0.0.1:1' } } }) } }, 'opencode');
    const merged = JSON.parse(command.env.OPENCODE_CONFIG_CONTENT!);
    assert.equal(merged.model, 'mine/m');
    assert.deepEqual(Object.keys(merged.mcp).sort(), ['other', 'viban']);
  });

  it('Gemini CLI: no per-run mechanism, so its command is unchanged', async () => {
    const ws = tempDir('mcp-gemini');
    const withServers = buildGeminiCommand(await requestFor(ws), 'gemini');
    const without = buildGeminiCommand({ prompt: 'hi', cwd: ws, permissionMode: 'auto-edit' }, 'gemini');
    assert.deepEqual(withServers.args, without.args);
    assert.deepEqual(withServers.env, without.env);
  });
});
