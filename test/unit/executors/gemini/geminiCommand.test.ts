import { strict as assert } from 'node:assert';
import fs from 'node:fs';
import path from 'node:path';
import {
  buildGeminiCommand, checkGeminiLogin, explainGeminiFailure, geminiAdapter, geminiApprovalMode, GEMINI_NOT_LOGGED_IN,
} from '../../../../src/executors/cli/gemini';
import type { CliFailure } from '../../../../src/executors/types';
import { removeTempDirs, tempDir } from '../../../support/agentSandboxes';

const failure = (over: Partial<CliFailure>): CliFailure => ({ request: { prompt: 'p', cwd: '/w' }, stderrTail: [], exitCode: 1, signal: null, ...over });

describe('Gemini CLI command and reasons', () => {
  after(removeTempDirs);

  it('builds argv with --flag=value so values starting with "-" stay values', () => {
    const cmd = buildGeminiCommand({ prompt: '-rf "x"\nline2', cwd: '/w', model: 'gemini-2.5-pro', resumeSessionId: '-id', permissionMode: 'auto-edit', env: { A: 'b' } }, '/bin/gemini');
    assert.deepEqual(cmd.args, ['--prompt=-rf "x"\nline2', '--output-format=stream-json', '--model=gemini-2.5-pro', '--resume=-id', '--approval-mode=auto_edit']);
    assert.equal(cmd.stdin, 'ignore');
    assert.equal(cmd.env.GEMINI_CLI_TRUST_WORKSPACE, 'true');
    assert.equal(cmd.env.A, 'b');
  });

  it('lets the request environment override the folder-trust default', () => {
    assert.equal(buildGeminiCommand({ prompt: 'p', cwd: '/w', env: { GEMINI_CLI_TRUST_WORKSPACE: 'false' } }, 'g').env.GEMINI_CLI_TRUST_WORKSPACE, 'false');
  });

  it('maps permission modes to approval modes', () => {
    assert.deepEqual((['plan', 'ask', 'auto-edit', 'full-auto', undefined] as const).map(geminiApprovalMode), ['plan', 'default', 'auto_edit', 'yolo', 'default']);
    assert.deepEqual([geminiAdapter.id, geminiAdapter.label, geminiAdapter.binary, geminiAdapter.npmPackage], ['gemini', 'Gemini CLI', 'gemini', '@google/gemini-cli']);
    assert.equal(geminiAdapter.capabilities.approvals, false);
  });

  it('explains each documented exit code and API errors', () => {
    assert.match(explainGeminiFailure(failure({ exitCode: 41, stderrTail: ['Please set an Auth method in your settings.json'] }))!, /not logged in.*no auth method selected/);
    for (const [code, re] of [[42, /input/], [44, /sandbox/], [52, /configuration/], [53, /turn limit/], [54, /tool/], [55, /trust/], [130, /cancelled/]] as const) {
      assert.match(explainGeminiFailure(failure({ exitCode: code }))!, re, String(code));
    }
    assert.match(explainGeminiFailure(failure({ exitCode: 173, resultText: '[API Error: {"error":{"code":429,"status":"RESOURCE_EXHAUSTED"}}]' }))!, /rate-limiting/);
    assert.equal(explainGeminiFailure(failure({ exitCode: 1, resultText: 'something else' })), undefined);
  });

  it('checks login from the environment and cached credentials', async () => {
    const home = tempDir('gemini-login');
    assert.deepEqual(await checkGeminiLogin({ HOME: home }), { loggedIn: false, reason: GEMINI_NOT_LOGGED_IN });
    assert.deepEqual(await checkGeminiLogin({ HOME: home, GEMINI_API_KEY: 'k' }), { loggedIn: true });
    assert.deepEqual(await checkGeminiLogin({ HOME: home, GOOGLE_GENAI_USE_VERTEXAI: 'true' }), { loggedIn: undefined });
    fs.mkdirSync(path.join(home, '.gemini'));
    fs.writeFileSync(path.join(home, '.gemini', 'oauth_creds.json'), '{}');
    assert.deepEqual(await checkGeminiLogin({ HOME: home }), { loggedIn: true });
  });
});
