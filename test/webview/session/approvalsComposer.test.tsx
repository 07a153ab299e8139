import assert from 'node:assert/strict';
import type { PendingApproval } from '../../../src/protocol/sessions';
import { $, $$, boardState, byName, card, click, isDisabled, key, mountApp, snapshot, task, typeInto } from '../harness';
import { e, meta, openTask, showSession } from './fixtures';

const bash: PendingApproval = { sessionId: 's1', requestId: 'req-1', toolName: 'Bash', input: { command: 'rm -rf build && npm run build' }, taskId: 't1' };
const write: PendingApproval = { sessionId: 's1', requestId: 'req-2', toolName: 'Write', input: { file_path: 'src/new.ts', content: 'export const a = 1;\nexport const b = 2;\n' }, taskId: 't1' };

describe('approval cards', () => {
  it('shows a banner card with the Bash command and focuses it; Allow posts answerApproval', async () => {
    const m = await openTask();
    await showSession(m, [meta({ id: 's1', status: 'waiting_for_user' })], [e({ kind: 'approval_request', id: 'ap', requestId: 'req-1', toolName: 'Bash', input: bash.input }, 0)]);
    await m.send({ type: 'approvals', pending: [bash, { ...bash, taskId: 'other', sessionId: 'sx', requestId: 'zz' }] });
    const banner = $(m.root, '.approval-banner');
    assert.match(banner.textContent ?? '', /Waiting for you/);
    assert.equal($(banner, '.approval-command').textContent, 'rm -rf build && npm run build');
    assert.equal(document.activeElement, $(banner, '.approval-card'), 'the card takes focus when it appears');
    assert.equal($$(m.root, '.approval-card').length, 1, 'one answerable card: the one pinned above the log');
    assert.equal($(m.root, '.vlist .log-approval-waiting .log-disclosure').textContent, 'Asks to use Bash — waiting for your answer above');
    assert.match($(m.root, '.detail-meta').textContent ?? '', /Waiting for you\s*allow Bash\?/, 'the header says the same as the card, at once');

    await click(byName(banner, 'vscode-button', 'Allow'));
    const answer = m.host.last('answerApproval');
    assert.deepEqual(answer, { type: 'answerApproval', requestId: answer.requestId, sessionId: 's1', approvalId: 'req-1', decision: 'allow' });

    // answered: the host drops it from pending; the log keeps a collapsed record
    await m.send({ type: 'approvals', pending: [] });
    assert.equal($$(m.root, '.approval-banner').length, 0);
    assert.equal($(m.root, '.log-approval-past .log-disclosure').textContent, 'Asked to use Bash');
  });

  it('Allow for the rest of the session, and Deny with a reason; buttons wait for the answer to land', async () => {
    const m = await openTask();
    await m.send({ type: 'approvals', pending: [bash] });
    await click(byName(m.root, 'vscode-button', 'Allow Bash for the rest of this session'));
    const always = m.host.last('answerApproval');
    assert.equal(always.decision, 'allow_always');
    await click(byName(m.root, 'vscode-button', 'Deny'));
    assert.equal(m.host.ofType('answerApproval').length, 1, 'no second answer while the first is in flight');

    await m.send({ type: 'reply', inReplyTo: always.requestId, ok: false, error: 'That approval was already answered or the session has ended.' });
    assert.equal($(m.root, '.approval-card .form-error').textContent, 'That approval was already answered or the session has ended.');

    await typeInto($(m.root, '.approval-reason'), 'Do not delete build, run npm test instead');
    await click(byName(m.root, 'vscode-button', 'Deny'));
    const deny = m.host.last('answerApproval');
    assert.deepEqual(deny, { type: 'answerApproval', requestId: deny.requestId, sessionId: 's1', approvalId: 'req-1', decision: 'deny', message: 'Do not delete build, run npm test instead' });
  });

  it('previews a Write as the file path and a diff', async () => {
    const m = await openTask();
    await m.send({ type: 'approvals', pending: [write] });
    const cardEl = $(m.root, '.approval-card');
    assert.equal($(cardEl, '.diff-path').textContent, 'src/new.ts');
    assert.equal($$(cardEl, '.diff-add').length, 2);
    assert.match($(cardEl, '.diff-stat').textContent ?? '', /\+2/);
  });

  it('does not steal focus from the composer the user is typing in', async () => {
    const m = await openTask();
    await showSession(m, [meta({ id: 's1' })], [e({ kind: 'user', id: 'u', text: 'go' }, 0)]);
    const input = $(m.root, '.composer-input');
    input.tabIndex = 0;
    input.focus();
    assert.equal(document.activeElement, input);
    await m.send({ type: 'approvals', pending: [bash] });
    assert.equal(document.activeElement, input);
  });
});

describe('composer', () => {
  it('Enter sends, Shift+Enter does not; pending while in flight; an error offers Retry', async () => {
    const m = await openTask();
    await showSession(m, [meta({ id: 's1', status: 'succeeded' })], [e({ kind: 'user', id: 'u', text: 'go' }, 0)]);
    const input = $(m.root, '.composer-input');
    await typeInto(input, 'line one');
    await key(input, 'Enter', { shiftKey: true });
    assert.equal(m.host.ofType('sendMessage').length, 0);

    await key(input, 'Enter');
    const sent = m.host.last('sendMessage');
    assert.deepEqual(sent, { type: 'sendMessage', requestId: sent.requestId, taskId: 't1', text: 'line one' });
    assert.match($(m.root, '.composer-footer').textContent ?? '', /Sending…/);

    await m.send({ type: 'reply', inReplyTo: sent.requestId, ok: false, error: 'Claude Code cannot resume: not logged in.' });
    assert.match($(m.root, '.composer-error').textContent ?? '', /not logged in/);
    await click(byName(m.root, 'button', 'Retry'));
    const retry = m.host.last('sendMessage');
    assert.notEqual(retry.requestId, sent.requestId);
    assert.equal(retry.text, 'line one');

    await m.send({ type: 'reply', inReplyTo: retry.requestId, ok: true, sessionId: 's2' });
    assert.equal((input as HTMLInputElement).value, '', 'cleared once sent');
    assert.equal(m.host.last('openSession').sessionId, 's2', 'the follow-up session is opened');
  });

  it('is disabled with a hint in an untrusted workspace', async () => {
    const m = await openTask({ trusted: false });
    await showSession(m, [meta({ id: 's1', status: 'succeeded' })], []);
    assert.ok(isDisabled($(m.root, '.composer-input')));
    assert.match($(m.root, '.composer-hint').textContent ?? '', /Trust this workspace/);
  });
});

describe('board cards and agents', () => {
  it('shows "Waiting for you" and the agent status line, with a spinner while it works', async () => {
    const tasks = [
      task({ id: 'w', columnId: 'doing', title: 'Needs me', agentStatus: 'waiting_for_user', agentStatusMessage: 'Waiting for you: allow Bash?' }),
      task({ id: 'x', columnId: 'doing', title: 'Busy', agentStatus: 'executing', agentStatusMessage: 'Running npm test' }),
    ];
    const { root } = await mountApp(snapshot({ state: boardState(tasks) }));
    const waiting = card(root, 'w');
    assert.equal($(waiting, '.card-badge.status-waiting_for_user').textContent, 'Waiting for you');
    assert.equal($(waiting, '.card-status-line').textContent, 'allow Bash?', 'the line adds what the badge does not say');
    const busy = card(root, 'x');
    assert.equal($(busy, '.card-status-line').textContent, 'Running npm test');
    assert.ok($(busy, '.card-status-line .codicon').classList.contains('codicon-modifier-spin'));
  });
});
