import assert from 'node:assert/strict';
import { $, $$, byName, click, isDisabled, key, typeInto } from '../harness';
import { changes, fileRows, files, messageBox, openReview, review, reviewMessage, workedTask, worktree } from './fixtures';

describe('changes section: what the agent changed', () => {
  it('watches the open task\'s review, and stops when the detail closes', async () => {
    const { root, host } = await openReview({ first: null });
    assert.deepEqual(host.last('watchReview'), { type: 'watchReview', taskId: 't1' });
    assert.match(changes(root).textContent ?? '', /Looking for changes/);
    await click(byName(root, 'button', 'Close task details'));
    assert.deepEqual(host.last('watchReview'), { type: 'watchReview', taskId: null });
  });

  it('lists the files with status, counts and accessible names, and the summary line', async () => {
    const { root } = await openReview({
      first: review({
        files: [
          ...files,
          { path: 'src/new-name.ts', oldPath: 'src/old-name.ts', status: 'renamed', insertions: 0, deletions: 0, binary: false },
          { path: 'media/logo.png', status: 'added', insertions: 0, deletions: 0, binary: true },
        ],
      }),
    });
    assert.equal($(root, '.review-summary').textContent, '5 files, +42 \u22127');
    assert.deepEqual(
      fileRows(root).map((b) => b.getAttribute('aria-label')),
      [
        'src/app.ts, modified, 12 added, 3 removed',
        'src/parser.ts, added, 30 added, 0 removed',
        'docs/old.md, deleted, 0 added, 4 removed',
        'src/new-name.ts, renamed from src/old-name.ts, 0 added, 0 removed',
        'media/logo.png, added, binary',
      ],
    );
    const rows = fileRows(root);
    assert.deepEqual(rows.map((r) => $(r, '.review-status-letter').textContent), ['M', 'A', 'D', 'R', 'A']);
    assert.ok($(rows[0], '.codicon').classList.contains('codicon-diff-modified'));
    assert.ok(rows[2].classList.contains('status-deleted'), 'the row carries its status for the git decoration colour');
    assert.equal($(rows[0], '.review-counts').textContent, '+12 \u22123');
    assert.equal($(rows[4], '.review-binary').textContent, 'binary');
    assert.equal($$(rows[4], '.review-counts').length, 0);
    assert.match($(rows[3], '.review-old-path').textContent ?? '', /src\/old-name\.ts/);
  });

  it('says where the work is, and opens the worktree in a new window', async () => {
    const { root, host } = await openReview();
    const where = $(root, '.review-where').textContent ?? '';
    assert.match(where, /In its own worktree on viban\/t1-write-parser \(from main\)/);
    assert.ok(where.includes(worktree.path));
    await click(byName(root, 'button', 'Open in new window'));
    assert.deepEqual(host.last('openWorktree'), { type: 'openWorktree', taskId: 't1' });
  });

  it('a click or Enter on a file opens its diff (once)', async () => {
    const { root, host } = await openReview();
    await click(fileRows(root)[1]);
    assert.deepEqual(host.last('openDiff'), { type: 'openDiff', taskId: 't1', path: 'src/parser.ts' });
    await key(fileRows(root)[0], 'Enter');
    assert.deepEqual(host.ofType('openDiff').map((m) => m.path), ['src/parser.ts', 'src/app.ts']);
  });

  it('live pushes update the list and the summary but keep the message the user is editing', async () => {
    const { root, send } = await openReview();
    assert.equal(messageBox(root).value, 'Write parser\n\nParses the config file.');

    // Not edited yet: the proposal follows the agent.
    await send(reviewMessage(review({ proposedMessage: 'Write parser\n\nAlso handles comments.' })));
    assert.equal(messageBox(root).value, 'Write parser\n\nAlso handles comments.');

    await typeInto(messageBox(root), 'Parser: my own words');
    const more = [...files, { path: 'test/parser.test.ts', status: 'added' as const, insertions: 20, deletions: 0, binary: false }];
    await send(reviewMessage(review({ files: more, proposedMessage: 'Write parser\n\nNow with tests.' })));
    assert.equal(fileRows(root).length, 4);
    assert.equal($(root, '.review-summary').textContent, '4 files, +62 \u22127');
    assert.equal(messageBox(root).value, 'Parser: my own words');
  });

  it('ignores a push for a task that is no longer open', async () => {
    const { root, send } = await openReview();
    await send(reviewMessage(review({ taskId: 't2', files: [] })));
    assert.equal(fileRows(root).length, 3);
  });

  it('shows the host\'s error, the needs-review warning and the pull request link', async () => {
    const { root } = await openReview({
      first: review({
        error: 'Could not compute the changes: git diff failed',
        files: [],
        needsReview: 'Merge conflict in src/app.ts',
        prUrl: 'https://github.com/acme/app/pull/7',
      }),
    });
    assert.equal($(root, 'section.review .form-error').textContent, 'Could not compute the changes: git diff failed');
    assert.match($(root, '.review-warning').textContent ?? '', /Needs review: Merge conflict in src\/app\.ts/);
    const link = $(root, '.review-pr a') as HTMLAnchorElement;
    assert.equal(link.getAttribute('href'), 'https://github.com/acme/app/pull/7');
    assert.equal(link.textContent, 'https://github.com/acme/app/pull/7');
  });

  it('a pull request URL that is not a web link is shown as text, not as a link', async () => {
    const { root } = await openReview({ first: review({ prUrl: 'javascript:alert(1)' }) });
    assert.equal($$(root, '.review-pr a').length, 0);
    assert.match($(root, '.review-pr').textContent ?? '', /javascript:alert\(1\)/);
  });

  it('not a git repository: the explanation, and no actions', async () => {
    const explanation = '/work/app is not a git repository, so Viban cannot show or accept the changes.';
    const { root } = await openReview({
      task: workedTask({ worktree: undefined }),
      first: review({ mode: 'workspace', worktree: undefined, git: { isRepo: false, explanation, branches: [] }, files: [] }),
    });
    assert.equal($(root, '.review-not-repo').textContent, explanation);
    assert.equal($$(changes(root), 'vscode-button').length, 0);
    assert.equal($$(changes(root), 'vscode-text-area').length, 0);
    assert.equal($$(changes(root), '.review-summary').length, 0);
  });

  it('before any run there is nothing to review', async () => {
    const { root } = await openReview({ task: workedTask({ worktree: undefined, lastSessionId: undefined }), first: review({ mode: 'workspace', worktree: undefined, files: [] }) });
    assert.match(changes(root).textContent ?? '', /No changes yet: run an agent on this task/);
    assert.equal($$(changes(root), 'vscode-button').length, 0);
  });

  it('workspace runs say so: the changes are the folder\'s uncommitted changes', async () => {
    const { root } = await openReview({ task: workedTask({ worktree: undefined }), first: review({ mode: 'workspace', worktree: undefined }) });
    assert.match($(root, '.review-where').textContent ?? '', /In this workspace: these are all its uncommitted changes/);
    assert.equal($$(root, '.review-where .link-button').length, 0, 'no worktree to open');
    assert.equal($$(root, 'vscode-button').filter((b) => b.textContent?.trim() === 'Discard worktree').length, 0);
  });

  it('in Restricted Mode the actions are off and the section says why', async () => {
    const { root } = await openReview({ trusted: false });
    assert.ok(isDisabled(byName(root, 'vscode-button', 'Squash and merge into main')));
    assert.ok(isDisabled(byName(root, 'vscode-button', 'Discard worktree')));
    assert.match(changes(root).textContent ?? '', /Trust this workspace to accept, send back or discard work/);
    assert.equal(fileRows(root).length, 3, 'the changes can still be read and diffed');
  });
});
