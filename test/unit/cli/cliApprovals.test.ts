// Approvals asked on the terminal: the answer grammar and the one-at-a-time responder in-process
// (with a scripted line reader), then the whole thing end to end — `viban run --mode ask` under a
// real pseudo-terminal (node-pty), answering "y" then "n <reason>" to the real Claude CLI.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as pty from 'node-pty';
import type { ApprovalDecision } from '../../../src/executors/types';
import type { PendingApproval } from '../../../src/protocol/sessions';
import { ApprovalBroker } from '../../../src/sessions/approvals';
import type { SessionEvents } from '../../../src/sessions/sessionManager';
import { ApprovalResponder } from '../../../src/cli/approvals/approvalResponder';
import { approvalQuestion, noTerminalDecider, parseApprovalAnswer, terminalDecider, type LineReader } from '../../../src/cli/approvals/terminalDecider';
import { text, toolUse } from '../../support/scriptedAnthropicServer';
import { claudeWorld, type ClaudeWorld } from '../../support/claudeHarness';
import { CLAUDE_BIN, cliBundle, cliEnv, eventually, lastLine, listSessions, runCli, writeSettings } from './cliHarness';

function scriptedReader(answers: Array<string | undefined>): LineReader & { prompts: string[] } {
  const prompts: string[] = [];
  return {
    prompts,
    question: async (prompt) => {
      prompts.push(prompt);
      return answers.shift();
    },
  };
}

/** A SessionManager-shaped approval source over the real ApprovalBroker. */
function brokerSource() {
  const listeners = new Set<Partial<SessionEvents>>();
  const broker: ApprovalBroker = new ApprovalBroker(() => listeners.forEach((l) => l.approvals?.(broker.pending())));
  return {
    broker,
    source: {
      on: (l: Partial<SessionEvents>) => (listeners.add(l), () => void listeners.delete(l)),
      answerApproval: (s: string, r: string, d: ApprovalDecision) => void broker.answer(s, r, d),
      approvals: broker,
    },
  };
}

const approval = (requestId: string, toolName: string, input: unknown, sessionId = 's_1'): PendingApproval => ({ sessionId, requestId, toolName, input, taskId: 't_1' });

describe('terminal approvals', function () {
  this.timeout(60000);

  it('parses y / a / n with or without a reason, and nothing else', () => {
    assert.deepEqual(parseApprovalAnswer('y'), { behavior: 'allow' });
    assert.deepEqual(parseApprovalAnswer(' YES '), { behavior: 'allow' });
    assert.deepEqual(parseApprovalAnswer('a'), { behavior: 'allow', always: true });
    assert.deepEqual(parseApprovalAnswer('always'), { behavior: 'allow', always: true });
    assert.deepEqual(parseApprovalAnswer('n'), { behavior: 'deny' });
    assert.deepEqual(parseApprovalAnswer('n use a branch'), { behavior: 'deny', message: 'use a branch' });
    assert.deepEqual(parseApprovalAnswer('no: not in main'), { behavior: 'deny', message: 'not in main' });
    for (const bad of ['', 'maybe', 'nope', 'yy', 'allow']) assert.equal(parseApprovalAnswer(bad), undefined, bad);
  });

  it('asks in words, re-asks after an unclear answer, and denies when input ends', async () => {
    assert.equal(approvalQuestion({ toolName: 'Write', input: { file_path: '/w/src/a.ts', content: 'x' } }, '/w'), 'Allow Write to src/a.ts? [y]es / [a]lways / [n]o (reason) ');
    assert.equal(approvalQuestion({ toolName: 'Bash', input: { command: 'npm test' } }, '/w'), 'Allow Bash: npm test? [y]es / [a]lways / [n]o (reason) ');
    assert.equal(approvalQuestion({ toolName: 'Edit', input: { file_path: '/elsewhere/b.ts' } }, '/w'), 'Allow Edit /elsewhere/b.ts? [y]es / [a]lways / [n]o (reason) ');

    let finished = 0;
    const reader = scriptedReader(['sure', 'n too risky']);
    const decide = terminalDecider(reader, { cwd: '/w', beforeAsk: () => finished++ });
    assert.deepEqual(await decide(approval('r1', 'Bash', { command: 'rm -rf build' })), { behavior: 'deny', message: 'too risky' });
    assert.deepEqual(reader.prompts, ['Allow Bash: rm -rf build? [y]es / [a]lways / [n]o (reason) ', 'Please answer y, a or n (optionally followed by a reason): ']);
    assert.equal(finished, 1, 'an open streamed line is ended before the question');
    assert.deepEqual(await terminalDecider(scriptedReader([undefined]))(approval('r2', 'Bash', {})), { behavior: 'deny', message: 'No answer: the terminal input was closed.' });

    const said: string[] = [];
    assert.equal((await noTerminalDecider((t) => said.push(t), '/w')(approval('r3', 'Bash', { command: 'make' }))).behavior, 'deny');
    assert.match(said[0], /^\? Bash: make: denied \(no terminal to ask on; rerun with --mode full-auto/);
  });

  it('answers its own session\'s requests one at a time, in order, and "always" is remembered by the broker', async () => {
    const { broker, source } = brokerSource();
    const reader = scriptedReader(['y', 'a']);
    const responder = new ApprovalResponder(source, terminalDecider(reader));
    const first = broker.ask(approval('r1', 'Write', { file_path: 'a' }));
    const other = broker.ask(approval('x1', 'Write', {}, 's_other')); // another session: not ours
    responder.attach('s_1');
    const second = broker.ask(approval('r2', 'Bash', { command: 'ls' }));
    assert.deepEqual(await first, { behavior: 'allow' });
    assert.deepEqual(await second, { behavior: 'allow', always: true });
    assert.equal(reader.prompts.length, 2, 'one question per request, never two at once');
    assert.deepEqual(await broker.ask(approval('r3', 'Bash', { command: 'ls -la' })), { behavior: 'allow', always: true });
    assert.deepEqual(broker.pending().map((p) => p.requestId), ['x1']);
    broker.endSession('s_other', 'ended');
    assert.equal((await other).behavior, 'deny');
    responder.close();
  });

  it('a question whose session ended meanwhile is not answered twice', async () => {
    const { broker, source } = brokerSource();
    let release: (v: string) => void = () => undefined;
    const responder = new ApprovalResponder(source, terminalDecider({ question: () => new Promise((r) => (release = r)) }));
    responder.attach('s_1');
    const asked = broker.ask(approval('r1', 'Write', {}));
    await eventually(() => (release !== undefined ? true : undefined), 'the question');
    broker.endSession('s_1', 'The user stopped the session.');
    assert.deepEqual(await asked, { behavior: 'deny', message: 'The user stopped the session.' });
    release('y'); // late answer: ignored, no throw
    await responder.idle();
    responder.close();
  });

  describe('end to end under a real terminal', () => {
    let world: ClaudeWorld | undefined;
    let term: pty.IPty | undefined;
    afterEach(async () => {
      term?.kill('SIGKILL');
      term = undefined;
      await world?.dispose();
      world = undefined;
    });

    it('viban run --mode ask: "y" lets a Write happen, "n <reason>" stops one and the model hears why', async () => {
      world = await claudeWorld();
      const ws = world.repo;
      writeSettings(ws, { executors: { paths: { 'claude-code': CLAUDE_BIN } } });
      const taskId = lastLine((await runCli(['add', 'Write two files', '-w', ws])).stdout);
      const allowed = join(ws, 'allowed.txt');
      const denied = join(ws, 'denied.txt');
      world.server.push(
        { blocks: [toolUse('Write', { file_path: allowed, content: 'yes\n' })] },
        { blocks: [toolUse('Write', { file_path: denied, content: 'no\n' })] },
        { blocks: [text('Understood, only allowed.txt.')] },
      );
      let screen = '';
      term = pty.spawn(process.execPath, [cliBundle(), 'run', taskId, '--mode', 'ask', '-w', ws], {
        cols: 200,
        rows: 50,
        cwd: ws,
        env: cliEnv(world.env),
      });
      term.onData((d) => (screen += d));
      const exited = new Promise<number>((r) => term!.onExit((e) => r(e.exitCode)));
      // Without colour (NO_COLOR); readline still moves the cursor around its prompt.
      const plain = () => screen.replace(/\r/g, '').replace(/\u001b\[[0-9;]*[A-Za-z]/g, '');

      await eventually(() => (/Allow Write to allowed\.txt\? \[y\]es \/ \[a\]lways \/ \[n\]o \(reason\)/.test(plain()) ? true : undefined), `the first question; screen:\n${plain()}`, 30000);
      term.write('y\r');
      await eventually(() => (/Allow Write to denied\.txt\?/.test(plain()) ? true : undefined), `the second question; screen:\n${plain()}`, 30000);
      term.write('n keep denied.txt free\r');
      assert.equal(await exited, 0, plain());

      assert.equal(readFileSync(allowed, 'utf8'), 'yes\n');
      assert.equal(existsSync(denied), false);
      const out = plain();
      assert.match(out, /→ Write: allowed\.txt\n[\s\S]*✓ allowed/);
      assert.match(out, /✗ denied: keep denied\.txt free/);
      assert.match(out, /Understood, only allowed\.txt\./);
      assert.match(out, /✓ Succeeded · /);
      const third = world.server.mainRequests()[2].body;
      assert.match(JSON.stringify(third.messages[third.messages.length - 1]), /keep denied\.txt free/);
      const [meta] = listSessions(ws);
      assert.equal(meta.status, 'succeeded');
      assert.equal(meta.permissionMode, 'ask');
    });

    it('Ctrl+C while a question is on screen stops the run (exit 130) and nothing is written', async () => {
      world = await claudeWorld();
      const ws = world.repo;
      writeSettings(ws, { executors: { paths: { 'claude-code': CLAUDE_BIN } } });
      const taskId = lastLine((await runCli(['add', 'Write a file', '-w', ws])).stdout);
      const file = join(ws, 'never.txt');
      world.server.push({ blocks: [toolUse('Write', { file_path: file, content: 'x\n' })] }, { blocks: [text('ok')] });
      let screen = '';
      term = pty.spawn(process.execPath, [cliBundle(), 'run', taskId, '-w', ws], { cols: 200, rows: 50, cwd: ws, env: cliEnv(world.env) });
      term.onData((d) => (screen += d));
      const exited = new Promise<number>((r) => term!.onExit((e) => r(e.exitCode)));
      await eventually(() => (/Allow Write to never\.txt\?/.test(screen) ? true : undefined), `the question; screen:\n${screen}`, 30000);
      term.write('\x03'); // Ctrl+C: in raw mode it reaches readline, not the process
      assert.equal(await exited, 130, screen);
      assert.match(screen, /Stopping the agent…/);
      assert.match(screen, /■ Stopped · /);
      assert.equal(existsSync(file), false);
      const [meta] = listSessions(ws);
      assert.equal(meta.status, 'stopped');
      assert.equal(meta.pid, undefined);
    });
  });
});
