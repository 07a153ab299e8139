import { strict as assert } from 'node:assert';
import fs from 'node:fs';
import path from 'node:path';
import {
  buildOpencodeCommand, checkOpencodeLogin, explainOpencodeFailure, opencodeAdapter, opencodePermission, OPENCODE_NOT_LOGGED_IN,
} from '../../../../src/executors/cli/opencode';
import type { CliFailure } from '../../../../src/executors/types';
import { removeTempDirs, tempDir } from '../../../support/agentSandboxes';

const failure = (over: Partial<CliFailure>): CliFailure => ({ request: { prompt: 'p', cwd: '/w' }, stderrTail: [], exitCode: 1, signal: null, ...over });

describe('OpenCode command and reasons', () => {
  after(removeTempDirs);

  it('builds run argv with the message after -- and PWD pinned to the folder', () => {
    const cmd = buildOpencodeCommand({ prompt: '-p "x"', cwd: '/w', model: 'mock/m1', resumeSessionId: 'ses_1', env: { PWD: '/elsewhere', A: '1' } }, '/bin/opencode');
    assert.deepEqual(cmd.args, ['run', '--format', 'json', '--thinking', '-m', 'mock/m1', '--session=ses_1', '--', '-p "x"']);
    assert.equal(cmd.env.PWD, '/w');
    assert.equal(cmd.env.A, '1');
    assert.equal(cmd.stdin, 'ignore');
  });

  it('maps permission modes to agent, env rules and --auto', () => {
    assert.deepEqual(opencodePermission('plan'), { args: ['--agent', 'plan'], env: {} });
    assert.deepEqual(opencodePermission('ask'), { args: [], env: {} });
    assert.deepEqual(JSON.parse(opencodePermission('auto-edit').env.OPENCODE_PERMISSION!), { edit: 'allow', bash: 'ask' });
    assert.deepEqual(opencodePermission('full-auto'), { args: ['--auto'], env: {} });
    assert.equal(buildOpencodeCommand({ prompt: 'p', cwd: '/w', permissionMode: 'auto-edit' }, 'o').env.OPENCODE_PERMISSION, '{"edit":"allow","bash":"ask"}');
    assert.deepEqual([opencodeAdapter.id, opencodeAdapter.label, opencodeAdapter.binary, opencodeAdapter.npmPackage], ['opencode', 'OpenCode', 'opencode', 'opencode-ai']);
  });

  it('explains failures from the normalized error text and stderr', () => {
    const described = "The model provider rejected OpenCode's API key (HTTP 401) — check the key";
    assert.equal(explainOpencodeFailure(failure({ resultText: described })), described);
    assert.equal(explainOpencodeFailure(failure({ stderrTail: ['ProviderAuthError: missing key'] })), OPENCODE_NOT_LOGGED_IN);
    assert.match(explainOpencodeFailure(failure({ request: { prompt: 'p', cwd: '/w', resumeSessionId: 'ses_9' }, stderrTail: ['NotFoundError: session not found'] }))!, /could not continue session ses_9/);
    assert.equal(explainOpencodeFailure(failure({ resultText: 'odd' })), undefined);
  });

  it('checks login from provider keys and stored credentials, never claiming "logged out"', async () => {
    const home = tempDir('opencode-login');
    assert.deepEqual(await checkOpencodeLogin({ HOME: home }), { loggedIn: undefined });
    assert.deepEqual(await checkOpencodeLogin({ HOME: home, ANTHROPIC_API_KEY: 'k' }), { loggedIn: true });
    fs.mkdirSync(path.join(home, '.local', 'share', 'opencode'), { recursive: true });
    fs.writeFileSync(path.join(home, '.local', 'share', 'opencode', 'auth.json'), JSON.stringify({ openai: { type: 'api', key: 'k' } }));
    assert.deepEqual(await checkOpencodeLogin({ HOME: home }), { loggedIn: true });
  });
});
