import assert from 'node:assert/strict';
import { $, $$, boardState, card, click, mountApp, snapshot, task } from '../harness';

describe('card: what the agent changed', () => {
  const tasks = () => [
    task({ id: 'a', columnId: 'todo', title: 'Parser', changes: { files: 3, insertions: 42, deletions: 7 }, prUrl: 'https://github.com/acme/app/pull/7' }),
    task({ id: 'b', columnId: 'todo', title: 'Login', changes: { files: 1, insertions: 1, deletions: 0 }, needsReview: 'Merge conflict in src/login.ts' }),
    task({ id: 'c', columnId: 'todo', title: 'Plain', changes: { files: 0, insertions: 0, deletions: 0 } }),
  ];

  it('shows the summary line, a PR link and a Needs review badge, and says them to screen readers', async () => {
    const { root } = await mountApp(snapshot({ state: boardState(tasks()) }));
    assert.equal($(card(root, 'a'), '.card-changes').textContent, '3 files \u00b7 +42 \u22127');
    assert.equal($(card(root, 'b'), '.card-changes').textContent, '1 file \u00b7 +1 \u22120');
    assert.equal($$(card(root, 'c'), '.card-changes').length, 0, 'nothing changed: no line');

    const pr = $(root, '.card-item[data-item-id="a"] a.card-pr') as HTMLAnchorElement;
    assert.equal(pr.getAttribute('href'), 'https://github.com/acme/app/pull/7');
    assert.equal(pr.textContent?.trim(), 'PR');
    assert.equal(pr.getAttribute('aria-label'), 'Pull request for "Parser"');
    assert.equal($$(root, '.card-item[data-item-id="b"] .card-pr').length, 0);

    const badge = $(card(root, 'b'), '.card-badge.needs-review');
    assert.equal(badge.textContent?.trim(), 'Needs review');
    assert.equal(badge.getAttribute('title'), 'Merge conflict in src/login.ts');

    assert.equal(card(root, 'a').getAttribute('aria-label'), 'Parser, Pull request open, 3 files changed, 42 added, 7 removed', 'the card says its status like its badge');
    assert.equal(card(root, 'b').getAttribute('aria-label'), 'Login, 1 file changed, 1 added, 0 removed, needs review');
  });

  it('the PR link sits beside the card: following it does not open the task, and it takes the card\'s tab stop', async () => {
    const { root } = await mountApp(snapshot({ state: boardState(tasks()) }));
    const pr = $(root, '.card-item[data-item-id="a"] a.card-pr');
    assert.equal(pr.closest('.card'), null, 'not nested in the card button');
    assert.equal(pr.tabIndex, 0, 'the first card is the active one');
    assert.equal($(root, '.card-item[data-item-id="a"] .card-move').tabIndex, 0);
    pr.addEventListener('click', (e) => e.preventDefault()); // jsdom would try to navigate
    await click(pr);
    assert.equal($$(root, '.detail').length, 0);
  });

  it('a pull request URL that is not a web link gets no link', async () => {
    const { root } = await mountApp(snapshot({ state: boardState([task({ id: 'x', columnId: 'todo', title: 'X', prUrl: 'javascript:alert(1)' })]) }));
    assert.equal($$(root, '.card-pr').length, 0);
    await click(card(root, 'x'));
    assert.equal($$(root, '.detail').length, 1);
  });
});
