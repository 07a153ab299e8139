import assert from 'node:assert/strict';
import { $, $$, byName, click, isDisabled } from '../harness';
import { claude, codexMissing, executorsMessage, gemini, openTask } from './fixtures';

const sentence = (root: ParentNode) => $(root, '.run-sentence').textContent;
const startButton = (root: ParentNode) => byName(root, 'vscode-button', 'Start');
const radio = (root: ParentNode, value: string) => $(root, `.run-card input[type="radio"][value="${value}"]`) as HTMLInputElement;

describe('confirmation card', () => {
  it('Run asks for fresh detection and says in plain words what will happen, for each mode', async () => {
    const { root, host } = await openTask();
    await click(byName(root, 'vscode-button', 'Run'));
    assert.equal(host.ofType('detectExecutors').length, 1);
    assert.equal(sentence(root), 'Claude Code will work on "Write parser" in /work/app, with its default model. It will ask you before it edits files or runs commands.');

    await click(byName(root, 'vscode-button', 'Change'));
    const expected: Record<string, string> = {
      'auto-edit': 'It may edit files on its own, and will ask you before it runs commands.',
      plan: 'It will only read and propose a plan; it changes nothing.',
      'full-auto': 'It may edit files and run commands without asking you.',
      ask: 'It will ask you before it edits files or runs commands.',
    };
    for (const [mode, words] of Object.entries(expected)) {
      await click(radio(root, mode));
      assert.equal(sentence(root), `Claude Code will work on "Write parser" in /work/app, with its default model. ${words}`);
    }
  });

  it('Change: pick another executor and a suggested model; a missing executor is disabled with its reason', async () => {
    const { root } = await openTask();
    await click(byName(root, 'vscode-button', 'Run'));
    await click(byName(root, 'vscode-button', 'Change'));
    const codex = radio(root, 'codex');
    assert.equal(codex.disabled, true);
    // The hint is markdown: its code span is rendered as code, not as literal backticks.
    const hint = $(root, `#${codex.getAttribute('aria-describedby')}`);
    assert.equal(hint.textContent, 'codex not found on PATH — install @openai/codex');
    assert.equal($(hint, 'code').textContent, 'codex');

    await click(radio(root, 'gemini'));
    assert.match(sentence(root) ?? '', /^Gemini CLI will work on/);
    await click(byName(root, 'button', 'gemini-2.5-flash'));
    assert.match(sentence(root) ?? '', /with the model gemini-2\.5-flash\./);
  });

  it('Start posts the exact startRun, then opens the new session; an error stays in the card', async () => {
    const { root, host, send } = await openTask();
    await click(byName(root, 'vscode-button', 'Run'));
    await click(byName(root, 'vscode-button', 'Change'));
    await click(byName(root, 'button', 'opus'));
    await click(radio(root, 'auto-edit'));
    await click(startButton(root));
    const run = host.last('startRun');
    assert.deepEqual(run, { type: 'startRun', requestId: run.requestId, taskId: 't1', executorId: 'claude-code', permissionMode: 'auto-edit', model: 'opus', isolation: 'workspace' });

    await send({ type: 'reply', inReplyTo: run.requestId, ok: false, error: 'Claude Code is not logged in. Run `claude` once.' });
    assert.equal($(root, '.run-card .form-error').textContent, 'Claude Code is not logged in. Run `claude` once.');
    assert.equal($$(root, '.banner').length, 0, 'a run error is shown in the card, not as a board notice');

    await click(startButton(root));
    await send({ type: 'reply', inReplyTo: host.last('startRun').requestId, ok: true, sessionId: 's-new' });
    assert.equal($$(root, '.run-card').length, 0);
    assert.equal(host.last('openSession').sessionId, 's-new');
  });

  it('"Don\'t ask again" is saved on Start; with it set, Run starts at once with the defaults', async () => {
    const first = await openTask();
    await click(byName(first.root, 'vscode-button', 'Run'));
    await click($(first.root, '.run-skip input'));
    await click(startButton(first.root));
    assert.deepEqual(first.host.last('setSkipConfirmation'), { type: 'setSkipConfirmation', executorId: 'claude-code', skip: true });
    first.unmount();

    const { root, host } = await openTask({ executors: executorsMessage([claude, gemini], { skipConfirmation: ['claude-code'], defaultPermissionMode: 'plan' }) });
    await click(byName(root, 'vscode-button', 'Run'));
    assert.equal($$(root, '.run-card').length, 0);
    const run = host.last('startRun');
    assert.deepEqual(run, { type: 'startRun', requestId: run.requestId, taskId: 't1', executorId: 'claude-code', permissionMode: 'plan', isolation: 'workspace' });
  });

  it('Full auto warns once (remembered), and Claude Code as root refuses it: Start is disabled and Auto-edit suggested', async () => {
    const { root, host } = await openTask({ executors: executorsMessage([claude, gemini], { runningAsRoot: true }) });
    await click(byName(root, 'vscode-button', 'Run'));
    await click(byName(root, 'vscode-button', 'Change'));
    await click(radio(root, 'full-auto'));
    assert.match($(root, '.run-root').textContent ?? '', /Claude Code refuses Full auto when VS Code runs as root/);
    assert.ok(isDisabled(startButton(root)));

    await click(radio(root, 'gemini'));
    assert.equal($$(root, '.run-root').length, 0);
    assert.match($(root, '.run-full-auto').textContent ?? '', /without asking/);
    assert.ok(isDisabled(startButton(root)), 'Start waits for the acknowledgement');
    await click(byName(root, 'vscode-button', 'I understand'));
    assert.equal($$(root, '.run-full-auto').length, 0);
    assert.ok(!isDisabled(startButton(root)));
    assert.equal((host.state as { fullAutoAcknowledged: boolean }).fullAutoAcknowledged, true);

    await click(radio(root, 'claude-code'));
    await click(byName(root, 'button', 'Use Auto-edit'));
    assert.match(sentence(root) ?? '', /may edit files on its own, and will ask you before it runs commands/);
    assert.ok(!isDisabled(startButton(root)));
  });

  it('Cancel closes the card without starting anything', async () => {
    const { root, host } = await openTask();
    await click(byName(root, 'vscode-button', 'Run'));
    await click(byName(root, 'vscode-button', 'Cancel'));
    assert.equal($$(root, '.run-card').length, 0);
    assert.equal(host.ofType('startRun').length, 0);
  });

  it('an untrusted workspace disables Run and says why', async () => {
    const { root } = await openTask({ trusted: false });
    assert.ok(isDisabled(byName(root, 'vscode-button', 'Run')));
    assert.match($(root, '.run-hint').textContent ?? '', /Restricted Mode/);
  });

  it('with only missing executors, Start stays disabled and the reason is shown', async () => {
    const { root } = await openTask({ executors: executorsMessage([codexMissing]) });
    await click(byName(root, 'vscode-button', 'Run'));
    assert.match($(root, '.run-warning').textContent ?? '', /not found on PATH/);
    assert.ok(isDisabled(startButton(root)));
  });
});
