import assert from 'node:assert/strict';
import { renderMarkdown } from '../../webview/ui/renderMarkdown';
import { $, $$, FakeHost, boardState, byName, card, click, key, mountApp, sampleTasks, snapshot, task, typeInto } from './harness';

const hostile = [
  '# Heading',
  'Some **bold** and a [safe link](https://example.com) and a [bad link](javascript:alert(1)).',
  '<img src=x onerror=alert(1)>',
  '<script>alert(2)</script>',
  '<a href="https://ok.example" onclick="alert(3)">ok</a>',
  '<div onmouseover="alert(4)" style="position:fixed">hover</div>',
  '<iframe src="https://evil.example"></iframe>',
].join('\n\n');

function assertInert(container: Element) {
  assert.equal(container.querySelectorAll('script, img, iframe, style, object, embed').length, 0);
  for (const el of Array.from(container.querySelectorAll('*'))) {
    for (const attr of Array.from(el.attributes)) {
      assert.ok(!/^on/i.test(attr.name), `event handler attribute ${attr.name} survived on <${el.tagName}>`);
      assert.notEqual(attr.name, 'style');
      assert.ok(!/^\s*javascript:/i.test(attr.value), `javascript: URL survived in ${attr.name}`);
    }
  }
}

describe('markdown rendering', () => {
  it('renders markdown and strips everything executable', () => {
    const holder = document.createElement('div');
    holder.innerHTML = renderMarkdown(hostile);
    assertInert(holder);
    assert.equal(holder.querySelector('h1')?.textContent, 'Heading');
    assert.equal(holder.querySelector('strong')?.textContent, 'bold');
    const links = Array.from(holder.querySelectorAll('a'));
    assert.equal(links.find((a) => a.textContent === 'safe link')?.getAttribute('href'), 'https://example.com');
    assert.equal(links.find((a) => a.textContent === 'safe link')?.getAttribute('rel'), 'noopener noreferrer');
    assert.equal(links.find((a) => a.textContent === 'bad link')?.hasAttribute('href'), false);
    assert.equal(holder.textContent?.includes('alert(2)'), false);
  });
});

describe('task detail', () => {
  const withHostileTask = () =>
    snapshot({ state: boardState([task({ id: 'x', columnId: 'todo', title: 'Hostile', description: hostile })]) });

  it('opens from a card click and shows the sanitised description in the live DOM', async () => {
    const { root } = await mountApp(withHostileTask());
    await click(card(root, 'x'));
    const detail = $(root, '.detail');
    assert.equal($(detail, '.detail-title').textContent, 'Hostile');
    const markdown = $(detail, '.markdown');
    assertInert(markdown);
    assert.equal($(markdown, 'strong').textContent, 'bold');
    // cards never run markdown: the preview is plain text
    assert.equal($$(root, '.card strong').length, 0);
    // the agent section (sessions, log, messages) and the changes section (nothing to review before a run)
    assert.ok(detail.textContent?.includes('No agent has worked on this task yet'));
    assert.ok(detail.textContent?.includes('No changes yet'));
  });

  it('edits the title inline (Enter saves) and the description (Save), posting updateTask', async () => {
    const { root, host } = await mountApp(snapshot());
    await click(card(root, 't1'));
    await click(byName(root, 'button', 'Edit title'));
    const field = $(root, '.detail-title-field');
    await typeInto(field, 'Write the parser');
    await key(field, 'Enter');
    const update = host.last('updateTask');
    assert.equal(update.taskId, 't1');
    assert.equal(update.title, 'Write the parser');
    assert.equal(update.description, undefined);

    await click(byName(root, 'button', 'Edit description'));
    const area = $(root, '.description-editor vscode-text-area');
    await typeInto(area, 'New **text**');
    assert.equal($(root, '.description-preview strong').textContent, 'text'); // live preview
    await click(byName(root, 'vscode-button', 'Save'));
    assert.deepEqual({ ...host.last('updateTask'), requestId: '' }, { type: 'updateTask', taskId: 't1', description: 'New **text**', requestId: '' });
  });

  it('Cancel and Escape discard a description edit without posting', async () => {
    const { root, host } = await mountApp(snapshot());
    await click(card(root, 't1'));
    await click(byName(root, 'button', 'Edit description'));
    await typeInto($(root, '.description-editor vscode-text-area'), 'changed');
    await click(byName(root, 'vscode-button', 'Cancel'));
    assert.equal($$(root, '.description-editor').length, 0);
    assert.equal(host.ofType('updateTask').length, 0);
  });

  it('Delete posts deleteTask without confirming in the webview', async () => {
    const { root, host } = await mountApp(snapshot());
    await click(card(root, 't2'));
    await click(byName(root, 'vscode-button', 'Delete task'));
    assert.equal(host.last('deleteTask').taskId, 't2');
  });

  it('once the host has deleted it, its details close (no "Task not found" for the task just deleted here)', async () => {
    const { root, send } = await mountApp(snapshot());
    await click(card(root, 't2'));
    // Cancelled in the host's modal: the board still has it, the details stay.
    await click(byName(root, 'vscode-button', 'Delete task'));
    await send({ type: 'snapshot', snapshot: snapshot() });
    assert.equal($$(root, 'section.detail').length, 1);
    await send({ type: 'snapshot', snapshot: snapshot({ state: boardState(sampleTasks().filter((t) => t.id !== 't2')) }) });
    assert.equal($$(root, 'section.detail').length, 0);
    assert.doesNotMatch(root.textContent ?? '', /Task not found/);
  });

  it('Escape returns to the board; in the sidebar the detail replaces the board and Back returns', async () => {
    const editor = await mountApp(snapshot());
    await click(card(editor.root, 't1'));
    assert.equal($$(editor.root, '.board').length, 1, 'editor: board stays beside the detail');
    await key($(editor.root, '.detail'), 'Escape');
    assert.equal($$(editor.root, '.detail').length, 0);
    editor.unmount();

    const { root } = await mountApp(snapshot({ host: 'sidebar' }));
    await click(card(root, 't1'));
    assert.equal($$(root, '.board').length, 0);
    await click(byName(root, 'button', 'Back to board'));
    assert.equal($$(root, '.board').length, 1);
  });

  it('showTask from the host opens that task, and the selection is persisted', async () => {
    const { root, host, send } = await mountApp(snapshot());
    await send({ type: 'showTask', taskId: 't5' });
    assert.equal($(root, '.detail-title').textContent, 'Ship v0');
    assert.equal((host.state as { selectedTaskId: string }).selectedTaskId, 't5');
  });

  it('restores the selected task from getState after the webview is re-created', async () => {
    const { root } = await mountApp(snapshot(), Object.assign(new FakeHost(), { state: { selectedTaskId: 't4' } }));
    assert.equal($(root, '.detail-title').textContent, 'Refactor store');
  });
});
