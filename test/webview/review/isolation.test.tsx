import assert from 'node:assert/strict';
import { act } from 'preact/test-utils';
import type { RunConfig } from '../../../src/protocol/messages';
import type { Task } from '../../../src/protocol/model';
import { $, $$, boardState, byName, card, click, mountApp, snapshot, task, type Mounted } from '../harness';
import { claude, executorsMessage, gemini } from '../session/fixtures';
import { worktree } from './fixtures';

const repo = { isRepo: true, branches: ['main', 'develop', 'release/1.2'], current: 'main' };

async function openCard(config: Partial<RunConfig>, t: Task = task({ id: 't1', columnId: 'todo', title: 'Write parser' })): Promise<Mounted> {
  const m = await mountApp(snapshot({ state: boardState([t]) }));
  await m.send(executorsMessage([claude, gemini], config));
  await click(card(m.root, 't1'));
  await click(byName(m.root, 'vscode-button', 'Run'));
  return m;
}

const sentence = (root: ParentNode) => $(root, '.run-sentence').textContent ?? '';
const where = (root: ParentNode, value: string) => $(root, `.run-where input[type="radio"][value="${value}"]`) as HTMLInputElement;
const start = (root: ParentNode) => click(byName(root, 'vscode-button', 'Start'));

describe('confirmation card: where the agent works', () => {
  it('defaults to a new worktree from the current branch when the setting says so; Start carries isolation and base', async () => {
    const { root, host } = await openCard({ git: repo, defaultIsolation: 'worktree' });
    assert.equal(where(root, 'worktree').checked, true);
    assert.equal(where(root, 'workspace').checked, false);
    assert.equal(
      sentence(root),
      'Claude Code will work on "Write parser" in its own worktree on a new branch from main, with its default model. It will ask you before it edits files or runs commands.',
    );
    await start(root);
    const run = host.last('startRun');
    assert.deepEqual(run, { type: 'startRun', requestId: run.requestId, taskId: 't1', executorId: 'claude-code', permissionMode: 'ask', isolation: 'worktree', baseBranch: 'main' });
  });

  it('defaults to this workspace otherwise; the user can switch to a worktree and back', async () => {
    const { root, host } = await openCard({ git: repo, defaultIsolation: 'workspace' });
    assert.equal(where(root, 'workspace').checked, true);
    assert.match(sentence(root), /will work on "Write parser" in \/work\/app, with/);
    await click(where(root, 'worktree'));
    assert.match(sentence(root), /in its own worktree on a new branch from main, with/);
    await click(where(root, 'workspace'));
    await start(root);
    const run = host.last('startRun');
    assert.equal(run.isolation, 'workspace');
    assert.equal('baseBranch' in run, false, 'no base branch for a workspace run');
  });

  it('the base branch picker lists the branches, starts at the current one, and the choice goes into the sentence and startRun', async () => {
    const { root, host } = await openCard({ git: { ...repo, current: 'develop' }, defaultIsolation: 'worktree' });
    const picker = $(root, '.run-where vscode-dropdown');
    assert.deepEqual($$(picker, 'vscode-option').map((o) => o.textContent), ['main', 'develop', 'release/1.2']);
    assert.match(sentence(root), /from develop,/);
    await act(() => {
      (picker as HTMLSelectElement).value = 'release/1.2';
      picker.dispatchEvent(new Event('change', { bubbles: true }));
    });
    assert.match(sentence(root), /in its own worktree on a new branch from release\/1\.2, with/);
    await start(root);
    assert.equal(host.last('startRun').baseBranch, 'release/1.2');
  });

  it('not a git repository: the worktree choice is disabled with the explanation, and the run stays in the workspace', async () => {
    const explanation = '/work/app is not a git repository: run `git init` and make a first commit to give each task its own worktree.';
    const { root, host } = await openCard({ git: { isRepo: false, explanation, branches: [] }, defaultIsolation: 'worktree' });
    const wt = where(root, 'worktree');
    assert.equal(wt.disabled, true);
    const reason = $(root, `#${wt.getAttribute('aria-describedby')}`);
    assert.equal(reason.textContent, explanation.replace(/`/g, ''));
    assert.equal($(reason, 'code').textContent, 'git init');
    assert.equal(where(root, 'workspace').checked, true);
    assert.match(sentence(root), /in \/work\/app, with/);
    assert.equal($$(root, '.run-where vscode-dropdown').length, 0);
    await start(root);
    const run = host.last('startRun');
    assert.equal(run.isolation, 'workspace');
    assert.equal(run.baseBranch, undefined);
  });

  it('a task with a worktree continues there: no choice and no base picker', async () => {
    const { root, host } = await openCard({ git: repo, defaultIsolation: 'workspace' }, task({ id: 't1', columnId: 'todo', title: 'Write parser', worktree }));
    assert.match(sentence(root), /will work on "Write parser" in its worktree on viban\/t1-write-parser, with/);
    assert.equal($$(root, '.run-where input[type="radio"]').length, 0);
    assert.equal($$(root, '.run-where vscode-dropdown').length, 0);
    assert.match($(root, '.run-where').textContent ?? '', /continues in its worktree on viban\/t1-write-parser \(from main\)/);
    await start(root);
    const run = host.last('startRun');
    assert.equal(run.isolation, 'worktree');
    assert.equal('baseBranch' in run, false, 'the worktree already has its base');
  });

  it('"Don\'t ask again" runs start at once in the default place', async () => {
    const m = await mountApp(snapshot({ state: boardState([task({ id: 't1', columnId: 'todo', title: 'Write parser' })]) }));
    await m.send(executorsMessage([claude], { git: repo, defaultIsolation: 'worktree', skipConfirmation: ['claude-code'] }));
    await click(card(m.root, 't1'));
    await click(byName(m.root, 'vscode-button', 'Run'));
    assert.equal($$(m.root, '.run-card').length, 0);
    const run = m.host.last('startRun');
    assert.equal(run.isolation, 'worktree');
    assert.equal(run.baseBranch, 'main');
  });
});
