// Command building, the stdin protocol, login detection and failure wording — no process needed.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  buildClaudeCommand, checkClaudeLogin, claudeCodeAdapter, ClaudeStdinSession, ClaudeStreamNormalizer, createClaudeCodeExecutor,
  explainClaudeFailure, FULL_AUTO_AS_ROOT, NOT_LOGGED_IN,
} from '../../../../src/executors/cli/claude';
import { CLAUDE_BIN } from '../../../support/claudeHarness';

const req = { prompt: 'do "it" $(now)\n', cwd: '/work' };

describe('Claude Code adapter', () => {
  it('identifies itself', () => {
    assert.deepEqual([claudeCodeAdapter.id, claudeCodeAdapter.label, claudeCodeAdapter.binary, claudeCodeAdapter.npmPackage], ['claude-code', 'Claude Code', 'claude', '@anthropic-ai/claude-code']);
    assert.equal(claudeCodeAdapter.capabilities.approvals, true);
  });

  describe('command', () => {
    it('streams JSON both ways, keeps the prompt off argv, pipes stdin', () => {
      const c = buildClaudeCommand({ ...req, env: { FOO: 'bar' } }, '/bin/claude');
      assert.equal(c.file, '/bin/claude');
      assert.deepEqual(c.args.slice(0, 9), ['-p', '--output-format', 'stream-json', '--verbose', '--include-partial-messages', '--input-format', 'stream-json', '--replay-user-messages', '--permission-prompt-tool']);
      assert.ok(!c.args.includes(req.prompt));
      assert.equal(c.stdin, 'pipe');
      assert.equal(c.cwd, '/work');
      assert.equal(c.env.FOO, 'bar');
      assert.equal(c.env.PATH, process.env.PATH);
    });

    it('maps resume, model, max turns', () => {
      const c = buildClaudeCommand({ ...req, resumeSessionId: 'abc-123', model: 'claude-sonnet-4-5', maxTurns: 7 }, 'claude');
      assert.ok(c.args.includes('--resume=abc-123'));
      assert.deepEqual(c.args.slice(c.args.indexOf('--model'), c.args.indexOf('--model') + 2), ['--model', 'claude-sonnet-4-5']);
      assert.deepEqual(c.args.slice(c.args.indexOf('--max-turns'), c.args.indexOf('--max-turns') + 2), ['--max-turns', '7']);
    });

    it('maps every permission mode', () => {
      const tail = (mode?: 'ask' | 'auto-edit' | 'plan' | 'full-auto') => buildClaudeCommand({ ...req, permissionMode: mode }, 'claude').args.slice(8).join(' ');
      assert.equal(tail(), '--permission-prompt-tool stdio');
      assert.equal(tail('ask'), '--permission-prompt-tool stdio');
      assert.equal(tail('auto-edit'), '--permission-mode acceptEdits --permission-prompt-tool stdio');
      assert.equal(tail('plan'), '--permission-mode plan --permission-prompt-tool stdio');
      assert.equal(tail('full-auto'), '--permission-mode bypassPermissions');
    });
  });

  describe('stdin protocol', () => {
    const session = () => {
      const n = new ClaudeStreamNormalizer();
      return { n, s: new ClaudeStdinSession(req, n) };
    };

    it('sends the prompt as the first stream-json user line, byte for byte', () => {
      const { s } = session();
      const [line] = s.initialLines();
      assert.deepEqual(JSON.parse(line), { type: 'user', message: { role: 'user', content: req.prompt }, parent_tool_use_id: null, session_id: '' });
      assert.ok(!line.includes('\n'));
    });

    it('answers approvals in the control_response shape the CLI expects', () => {
      const { n, s } = session();
      n.push(JSON.stringify({ type: 'control_request', request_id: 'r1', request: { subtype: 'can_use_tool', tool_name: 'Write', input: { a: 1 }, permission_suggestions: [{ type: 'setMode', mode: 'acceptEdits', destination: 'session' }] } }));
      assert.equal(n.pendingApprovals.length, 1);
      assert.deepEqual(JSON.parse(s.approvalResponse('r1', { behavior: 'allow' }, { a: 1 })), {
        type: 'control_response', response: { subtype: 'success', request_id: 'r1', response: { behavior: 'allow', updatedInput: { a: 1 } } },
      });
      assert.equal(n.pendingApprovals.length, 0);
      assert.deepEqual(JSON.parse(s.approvalResponse('r2', { behavior: 'deny', message: 'no' }, {})).response.response, { behavior: 'deny', message: 'no' });
      assert.deepEqual(JSON.parse(s.approvalResponse('r3', { behavior: 'deny' }, {})).response.response.message, 'The user denied this tool use.');
    });

    it('"allow always" hands the CLI its own rule suggestions back', () => {
      const { n, s } = session();
      const suggestions = [{ type: 'setMode', mode: 'acceptEdits', destination: 'session' }];
      n.push(JSON.stringify({ type: 'control_request', request_id: 'r1', request: { subtype: 'can_use_tool', tool_name: 'Edit', input: {}, permission_suggestions: suggestions } }));
      assert.deepEqual(JSON.parse(s.approvalResponse('r1', { behavior: 'allow', always: true }, {})).response.response.updatedPermissions, suggestions);
    });

    it('is done only after a result once every sent turn was echoed and nothing is queued', () => {
      const { n, s } = session();
      s.initialLines();
      const replay = JSON.stringify({ type: 'user', isReplay: true, message: { role: 'user', content: 'x' }, session_id: 's' });
      const result = (q: number, err = false) => JSON.stringify({ type: 'result', is_error: err, queued_turn_count: q, session_id: 's' });
      assert.equal(s.done, false);
      n.push(replay);
      assert.equal(s.done, false);
      s.userMessage('more');
      n.push(result(0));
      assert.equal(s.done, false, 'the follow-up was not consumed yet');
      n.push(replay);
      n.push(result(1));
      assert.equal(s.done, false, 'the CLI says a turn is queued');
      n.push(result(0));
      assert.equal(s.done, true);
      n.push('{"type":"system","subtype":"status","session_id":"s"}');
      assert.equal(s.done, false, 'only right after a result');
    });

    it('is done after an error result even if the CLI never took the prompt', () => {
      const { n, s } = session();
      s.initialLines();
      n.push(JSON.stringify({ type: 'result', is_error: true, result: 'boom', session_id: 's' }));
      assert.equal(s.done, true);
    });

    it('interrupts with a control_request', () => {
      assert.deepEqual(JSON.parse(session().s.interrupt()).request, { subtype: 'interrupt' });
    });
  });

  describe('login check (cheap, honest)', () => {
    let home: string;
    beforeEach(() => (home = realpathSync(mkdtempSync(join(tmpdir(), 'viban-home-')))));
    afterEach(() => rmSync(home, { recursive: true, force: true }));

    it('an API key or token in the environment counts as logged in', async () => {
      assert.deepEqual(await checkClaudeLogin({ HOME: home, ANTHROPIC_API_KEY: 'k' }, 'linux'), { loggedIn: true });
      assert.deepEqual(await checkClaudeLogin({ HOME: home, CLAUDE_CODE_OAUTH_TOKEN: 't' }, 'linux'), { loggedIn: true });
    });

    it('stored OAuth credentials or an account in ~/.claude.json count as logged in', async () => {
      mkdirSync(join(home, '.claude'));
      writeFileSync(join(home, '.claude', '.credentials.json'), JSON.stringify({ claudeAiOauth: { accessToken: 'a' } }));
      assert.deepEqual(await checkClaudeLogin({ HOME: home }, 'linux'), { loggedIn: true });
      rmSync(join(home, '.claude'), { recursive: true });
      writeFileSync(join(home, '.claude.json'), JSON.stringify({ oauthAccount: { emailAddress: 'a@b' } }));
      assert.deepEqual(await checkClaudeLogin({ HOME: home }, 'linux'), { loggedIn: true });
    });

    it('a ~/.claude.json without auth (the CLI writes one on first start) is not a login', async () => {
      writeFileSync(join(home, '.claude.json'), JSON.stringify({ firstStartTime: 'x', userID: 'u' }));
      assert.deepEqual(await checkClaudeLogin({ HOME: home }, 'linux'), { loggedIn: false, reason: NOT_LOGGED_IN });
    });

    it('says "cannot tell" where credentials live elsewhere (macOS Keychain, Bedrock/Vertex)', async () => {
      assert.deepEqual(await checkClaudeLogin({ HOME: home }, 'darwin'), { loggedIn: undefined });
      assert.deepEqual(await checkClaudeLogin({ HOME: home, CLAUDE_CODE_USE_BEDROCK: '1' }, 'linux'), { loggedIn: undefined });
    });

    it('detect() of the real CLI with an empty HOME says how to log in', async () => {
      const r = await createClaudeCodeExecutor({ configuredPath: CLAUDE_BIN, env: { PATH: dirname(process.execPath), HOME: home } }).detect();
      assert.deepEqual([r.installed, r.version, r.loggedIn, r.reason], [true, '2.1.330', process.platform === 'darwin' ? undefined : false, process.platform === 'darwin' ? undefined : NOT_LOGGED_IN]);
    });
  });

  describe('failure wording', () => {
    const f = (resultText?: string, stderr: string[] = []) => explainClaudeFailure({ request: req, resultText, stderrTail: stderr, exitCode: 1, signal: null });
    it('not logged in', () => assert.equal(f('Not logged in · Please run /login'), NOT_LOGGED_IN));
    it('root refuses full auto', () => assert.equal(f(undefined, ['--dangerously-skip-permissions cannot be used with root/sudo privileges for security reasons']), FULL_AUTO_AS_ROOT));
    it('anything else is left to the generic message', () => assert.equal(f('Something odd'), undefined));
  });
});
