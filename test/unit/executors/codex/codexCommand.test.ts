import { strict as assert } from 'node:assert';
import fs from 'node:fs';
import path from 'node:path';
import {
  buildCodexCommand, checkCodexLogin, codexAdapter, codexSandbox, CODEX_NOT_LOGGED_IN, explainCodexFailure,
} from '../../../../src/executors/cli/codex';
import type { CliFailure, RunRequest } from '../../../../src/executors/types';
import { removeTempDirs, tempDir } from '../../../support/agentSandboxes';

const failure = (over: Partial<CliFailure>): CliFailure => ({
  request: { prompt: 'p', cwd: '/w' },
  stderrTail: [],
  exitCode: 1,
  signal: null,
  ...over,
});

describe('Codex command and reasons', () => {
  after(removeTempDirs);

  it('builds exec argv with the prompt after --, stdin ignored, env merged', () => {
    const req: RunRequest = { prompt: '--help me', cwd: '/w', model: 'gpt-5', permissionMode: 'plan', env: { X: '1' } };
    const cmd = buildCodexCommand(req, '/bin/codex');
    assert.deepEqual(cmd.args, ['exec', '--json', '--skip-git-repo-check', '-m', 'gpt-5', '-s', 'read-only', '-C', '/w', '--', '--help me']);
    assert.equal(cmd.stdin, 'ignore');
    assert.equal(cmd.file, '/bin/codex');
    assert.equal(cmd.cwd, '/w');
    assert.equal(cmd.env.X, '1');
    assert.equal(cmd.env.PATH, process.env.PATH);
  });

  it('puts sandbox and folder before `resume`, which does not accept them itself', () => {
    const cmd = buildCodexCommand({ prompt: 'again', cwd: '/w', resumeSessionId: 'th-1', permissionMode: 'full-auto' }, 'codex');
    assert.deepEqual(cmd.args, ['exec', '--json', '--skip-git-repo-check', '-s', 'danger-full-access', '-C', '/w', 'resume', '--', 'th-1', 'again']);
  });

  it('maps permission modes to sandboxes; ask cannot prompt, so approvals are off', () => {
    assert.deepEqual(
      (['plan', 'ask', 'auto-edit', 'full-auto', undefined] as const).map(codexSandbox),
      ['read-only', 'workspace-write', 'workspace-write', 'danger-full-access', 'workspace-write'],
    );
    assert.equal(codexAdapter.capabilities.approvals, false);
    assert.equal(codexAdapter.capabilities.cost, false);
    assert.deepEqual([codexAdapter.id, codexAdapter.label, codexAdapter.binary, codexAdapter.npmPackage], ['codex', 'Codex', 'codex', '@openai/codex']);
  });

  it('explains failures a person can act on, and stays silent on unknown ones', () => {
    assert.ok(explainCodexFailure(failure({ resultText: 'Missing environment variable: `OPENAI_API_KEY`.' }))?.startsWith(CODEX_NOT_LOGGED_IN));
    assert.match(explainCodexFailure(failure({ resultText: 'unexpected status 401 Unauthorized: bad key' }))!, /could not authenticate/);
    assert.match(explainCodexFailure(failure({ resultText: 'unexpected status 429 Too Many Requests' }))!, /rate-limiting/);
    assert.match(explainCodexFailure(failure({ stderrTail: ['Not inside a trusted directory and --skip-git-repo-check was not specified.'] }))!, /git init/);
    assert.match(
      explainCodexFailure(failure({ request: { prompt: 'p', cwd: '/w', resumeSessionId: 'abc' }, stderrTail: ['Error: No saved session found with ID abc'] }))!,
      /could not resume thread abc/,
    );
    assert.match(explainCodexFailure(failure({ resultText: 'stream disconnected before completion: error sending request' }))!, /could not reach/);
    assert.equal(explainCodexFailure(failure({ resultText: 'the model refused' })), undefined);
  });

  it('checks login from the environment, auth.json and a custom provider without spawning codex', async () => {
    const home = tempDir('codex-login');
    assert.deepEqual(await checkCodexLogin({ CODEX_HOME: home }), { loggedIn: false, reason: CODEX_NOT_LOGGED_IN });
    assert.deepEqual(await checkCodexLogin({ CODEX_HOME: home, OPENAI_API_KEY: 'k' }), { loggedIn: true });
    fs.writeFileSync(path.join(home, 'config.toml'), 'model_provider = "mock"\n');
    assert.deepEqual(await checkCodexLogin({ CODEX_HOME: home }), { loggedIn: undefined });
    fs.writeFileSync(path.join(home, 'auth.json'), JSON.stringify({ OPENAI_API_KEY: null, tokens: { id_token: 'x' } }));
    assert.deepEqual(await checkCodexLogin({ CODEX_HOME: home }), { loggedIn: true });
  });
});
