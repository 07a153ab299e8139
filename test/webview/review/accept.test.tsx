import assert from 'node:assert/strict';
import { $, $$, FakeHost, boardState, byName, card, click, isDisabled, key, mountApp, snapshot, typeInto } from '../harness';
import { executorsMessage } from '../session/fixtures';
import { changes, commentsBox, messageBox, openReview, review, reviewMessage, workedTask } from './fixtures';

const button = (root: ParentNode, name: string) => byName(root, 'vscode-button', name);
// Preact sets the toolkit's `appearance` as a property; FAST reflects it to the attribute later.
const appearance = (el: Element) => (el as Element & { appearance?: string }).appearance ?? el.getAttribute('appearance');
const actionNames = (root: ParentNode) => $$(root, '.review-accept vscode-button').map((b) => b.textContent?.trim());

describe('review: accept, send back, discard', () => {
  it('worktree runs offer squash (primary), merge and pull request into the base; each posts acceptTask with the edited message', async () => {
    const { root, host, send } = await openReview();
    assert.deepEqual(actionNames(root), ['Squash and merge into main', 'Merge into main', 'Push and open pull request']);
    assert.equal(appearance(button(root, 'Squash and merge into main')), 'primary');
    assert.equal(appearance(button(root, 'Merge into main')), 'secondary');

    await typeInto(messageBox(root), 'Add the config parser');
    await click(button(root, 'Squash and merge into main'));
    const squash = host.last('acceptTask');
    assert.deepEqual(squash, { type: 'acceptTask', requestId: squash.requestId, taskId: 't1', action: 'squash', message: 'Add the config parser' });
    await send({ type: 'reply', inReplyTo: squash.requestId, ok: true });
    assert.equal($(root, '.review-done').textContent?.trim(), 'Squash-merged viban/t1-write-parser into main.');

    await click(button(root, 'Merge into main'));
    const merge = host.last('acceptTask');
    assert.equal(merge.action, 'merge');
    assert.equal(merge.message, 'Write parser\n\nParses the config file.', 'after an accepted action the proposal is back');
    await send({ type: 'reply', inReplyTo: merge.requestId, ok: true });

    await click(button(root, 'Push and open pull request'));
    assert.equal(host.last('acceptTask').action, 'pr');
  });

  it('Ctrl+Enter in the commit message runs the primary action', async () => {
    const { root, host } = await openReview();
    await key(messageBox(root), 'Enter', { ctrlKey: true });
    assert.equal(host.last('acceptTask').action, 'squash');
  });

  it('workspace runs offer just Commit', async () => {
    const { root, host } = await openReview({ task: workedTask({ worktree: undefined }), first: review({ mode: 'workspace', worktree: undefined }) });
    assert.deepEqual(actionNames(root), ['Commit']);
    await click(button(root, 'Commit'));
    const commit = host.last('acceptTask');
    assert.deepEqual(commit, { type: 'acceptTask', requestId: commit.requestId, taskId: 't1', action: 'commit', message: 'Write parser\n\nParses the config file.' });
  });

  it('the pull request action is off, with gh\'s reason, when gh cannot open one', async () => {
    const reason = 'gh is not logged in: run `gh auth login`.';
    const { root, host } = await openReview({ first: review({ gh: { installed: true, loggedIn: false, reason } }) });
    const pr = button(root, 'Push and open pull request');
    assert.ok(isDisabled(pr));
    assert.equal(pr.getAttribute('title'), reason);
    assert.equal($(root, '.review-gh').textContent, `Pull request: ${reason}`);
    await click(pr);
    assert.equal(host.ofType('acceptTask').length, 0);
    assert.ok(!isDisabled(button(root, 'Squash and merge into main')), 'the merges do not need gh');
  });

  it('shows the host\'s error in place; every action waits while a request is in flight', async () => {
    const { root, host, send } = await openReview();
    await click(button(root, 'Squash and merge into main'));
    for (const name of ['Squash and merge into main', 'Merge into main', 'Push and open pull request', 'Send back', 'Discard worktree']) {
      assert.ok(isDisabled(button(root, name)), `${name} is disabled while the merge runs`);
    }
    await click(button(root, 'Merge into main'));
    assert.equal(host.ofType('acceptTask').length, 1, 'no second request while one is in flight');

    const conflict = 'Merging viban/t1-write-parser into main conflicts in src/app.ts, src/parser.ts. Nothing was merged.';
    await send({ type: 'reply', inReplyTo: host.last('acceptTask').requestId, ok: false, error: conflict });
    assert.equal($(root, '.review-accept .form-error').textContent, conflict);
    assert.equal($(root, '.review-accept .form-error').getAttribute('role'), 'alert');
    assert.equal($$(root, '.banner').length, 0, 'the error is in the section, not a board notice');
    assert.ok(!isDisabled(button(root, 'Squash and merge into main')));
  });

  it('with no changes there is nothing to accept', async () => {
    const { root } = await openReview({ first: review({ files: [] }) });
    for (const name of ['Squash and merge into main', 'Merge into main', 'Push and open pull request']) assert.ok(isDisabled(button(root, name)));
    assert.match(changes(root).textContent ?? '', /Nothing to accept: there are no changes/);
  });

  it('an empty commit message cannot be accepted', async () => {
    const { root, send } = await openReview();
    await typeInto(messageBox(root), '   ');
    assert.ok(isDisabled(button(root, 'Squash and merge into main')));
    await send(reviewMessage(review({ proposedMessage: 'A fresh proposal' })));
    assert.equal(messageBox(root).value, '   ', 'the user\'s (empty) edit still wins over a push');
  });

  it('Send back posts the comments; on success the box clears and the new run is shown', async () => {
    const { root, host, send } = await openReview();
    assert.ok(isDisabled(button(root, 'Send back')), 'nothing to send yet');
    await typeInto(commentsBox(root), 'Please add tests for empty files.');
    await click(button(root, 'Send back'));
    const back = host.last('sendBack');
    assert.deepEqual(back, { type: 'sendBack', requestId: back.requestId, taskId: 't1', comments: 'Please add tests for empty files.' });

    await send({ type: 'reply', inReplyTo: back.requestId, ok: true, sessionId: 's2' });
    assert.equal(commentsBox(root).value, '');
    assert.equal(host.last('openSession').sessionId, 's2');
  });

  it('a failed Send back keeps the comments and says why', async () => {
    const { root, host, send } = await openReview();
    await typeInto(commentsBox(root), 'Rename the function.');
    await click(button(root, 'Send back'));
    await send({ type: 'reply', inReplyTo: host.last('sendBack').requestId, ok: false, error: 'Claude Code is not logged in.' });
    assert.equal(commentsBox(root).value, 'Rename the function.');
    assert.equal($(root, '.review-send-back .form-error').textContent, 'Claude Code is not logged in.');
  });

  it('Discard worktree posts discardTask (the host confirms) and shows a refusal', async () => {
    const { root, host, send } = await openReview();
    await click(button(root, 'Discard worktree'));
    const discard = host.last('discardTask');
    assert.deepEqual(discard, { type: 'discardTask', requestId: discard.requestId, taskId: 't1' });
    await send({ type: 'reply', inReplyTo: discard.requestId, ok: false, error: 'The worktree has uncommitted changes.' });
    assert.equal($(root, '.review-discard .form-error').textContent, 'The worktree has uncommitted changes.');
  });
});

describe('review: drafts survive a rebuilt webview', () => {
  it('keeps the edited commit message and review comments in the webview state, per task', async () => {
    const first = await openReview();
    await typeInto(messageBox(first.root), 'My own message');
    await typeInto(commentsBox(first.root), 'Please add a test');
    const saved = first.host.state as Record<string, unknown>;
    assert.equal(saved['reviewDraft:t1'], 'My own message');
    assert.equal(saved['reviewComments:t1'], 'Please add a test');

    // The view is hidden and rebuilt: a new app over the same saved state shows both drafts again.
    const host = Object.assign(new FakeHost(), { state: saved });
    const again = await mountApp(snapshot({ state: boardState([workedTask()]) }), host);
    await again.send(executorsMessage());
    if (!$$(again.root, 'section.review').length) await click(card(again.root, 't1'));
    await again.send(reviewMessage(review()));
    assert.equal(messageBox(again.root).value, 'My own message');
    assert.equal(commentsBox(again.root).value, 'Please add a test');
  });
});
