import assert from 'node:assert/strict';
import { $, $$, FakeHost, byName, click, mountApp, snapshot } from '../harness';
import { e, meta, openTask, rowTexts, rows, showSession } from './fixtures';

describe('session log rendering', () => {
  it('watches the task when the detail opens, opens the newest session, and stops watching on close', async () => {
    const m = await openTask();
    assert.deepEqual(m.host.last('watchTask'), { type: 'watchTask', taskId: 't1' });
    await m.send({
      type: 'sessions',
      taskId: 't1',
      sessions: [meta({ id: 'old', status: 'succeeded', startedAt: '2025-01-01T09:00:00.000Z' }), meta({ id: 'new', status: 'running' })],
    });
    assert.deepEqual(m.host.last('openSession'), { type: 'openSession', sessionId: 'new', tail: 500 });
    const picker = $(m.root, 'select.session-picker') as HTMLSelectElement;
    assert.deepEqual(Array.from(picker.options).map((o) => o.value), ['new', 'old'], 'newest first');

    picker.value = 'old';
    await (await import('preact/test-utils')).act(() => void picker.dispatchEvent(new Event('change', { bubbles: true })));
    assert.deepEqual(m.host.last('closeSession'), { type: 'closeSession', sessionId: 'new' });
    assert.equal(m.host.last('openSession').sessionId, 'old');

    await click(byName(m.root, 'button', 'Close task details'));
    assert.deepEqual(m.host.last('watchTask'), { type: 'watchTask', taskId: null });
    assert.deepEqual(m.host.last('closeSession'), { type: 'closeSession', sessionId: 'old' });
  });

  it('renders the prompt bubble as sanitised markdown, not raw asterisks and backticks', async () => {
    const m = await openTask();
    await showSession(m, [meta({ id: 's1', status: 'succeeded' })], [
      e({ kind: 'user', id: 'u', text: 'Fix **the parser** in `src/parse.ts`\n\n- keep <script>alert(1)</script> out' }, 0),
    ]);
    const bubble = $(m.root, '.log-user-bubble');
    assert.equal($(bubble, 'strong').textContent, 'the parser');
    assert.equal($(bubble, 'code').textContent, 'src/parse.ts');
    assert.equal($$(bubble, 'li').length, 1);
    assert.equal(bubble.querySelectorAll('script').length, 0);
    assert.ok(!/[*`]/.test(bubble.textContent ?? ''), `raw markdown left: ${bubble.textContent}`);
  });

  it('renders user bubbles, sanitised markdown, collapsed thinking, muted system/raw, highlighted errors and the result footer', async () => {
    const m = await openTask();
    await showSession(m, [meta({ id: 's1', status: 'succeeded' })], [
      e({ kind: 'user', id: 'u', text: 'Please fix it' }, 0),
      e({ kind: 'thinking', id: 'th', text: 'secret plan' }, 1),
      e({ kind: 'assistant', id: 'a', text: 'Done **bold** <script>alert(1)</script><img src=x onerror=alert(2)>' }, 2),
      e({ kind: 'system', id: 'sys', text: 'Claude Code session abc' }, 3),
      e({ kind: 'raw', id: 'raw', line: '{"unknown":1}' }, 4),
      e({ kind: 'stderr', id: 'se1', text: 'warning: x' }, 5),
      e({ kind: 'stderr', id: 'se2', text: 'warning: y' }, 6),
      e({ kind: 'error', id: 'err', text: 'API error 500' }, 7),
      e({ kind: 'result', id: 'res', isError: false, costUsd: 0.0123, usage: { inputTokens: 1234, outputTokens: 567 }, numTurns: 3, durationMs: 12_400 }, 8),
    ]);
    const root = m.root;
    assert.equal($(root, '.log-user-bubble').textContent, 'Please fix it');
    const md = $(root, '.log-assistant .markdown');
    assert.equal($(md, 'strong').textContent, 'bold');
    assert.equal(md.querySelectorAll('script, img').length, 0);

    const thinking = $(root, '.log-thinking .log-disclosure');
    assert.equal(thinking.getAttribute('aria-expanded'), 'false');
    assert.ok(!root.textContent?.includes('secret plan'), 'thinking starts collapsed');
    await click(thinking);
    assert.equal($(root, '.log-thinking-text').textContent, 'secret plan');

    assert.equal($(root, '.log-system').textContent, 'Claude Code session abc');
    assert.equal($(root, '.log-raw').textContent, '{"unknown":1}');
    const stderr = $(root, '.log-stderr .log-disclosure');
    assert.equal(stderr.textContent, 'stderr (2 lines)');
    assert.equal(stderr.getAttribute('aria-expanded'), 'false');
    assert.equal($(root, '.log-error .log-error-text').textContent, 'API error 500');
    assert.equal($(root, '.log-result').textContent, 'Done · $0.01 · 1,234 in / 567 out tokens · 3 turns · 12.4 s');
    assert.equal($(root, '.session-status-line').textContent?.startsWith('succeeded'), true);
  });

  it('shows a tool call as one compact row that expands to input and output with the exit code', async () => {
    const m = await openTask();
    await showSession(m, [meta({ id: 's1' })], [
      e({ kind: 'tool_use', id: 'tool:1', toolUseId: '1', name: 'Bash', input: { command: 'npm test' }, status: 'running' }, 0),
      e({ kind: 'tool_use', id: 'tool:2', toolUseId: '2', name: 'Edit', input: { file_path: 'src/app.ts', old_string: 'a\nb', new_string: 'a\nc' }, status: 'running' }, 1),
    ]);
    assert.equal(rows(m.root).length, 2);
    const bash = $(m.root, '.log-tool');
    assert.ok(bash.classList.contains('tool-running'));
    assert.equal($(bash, '.log-tool-name').textContent, 'Bash');
    assert.equal($(bash, '.log-tool-detail').textContent, 'npm test');

    await m.send({ type: 'sessionLog', sessionId: 's1', mode: 'append', entries: [e({ kind: 'tool_result', id: 'r1', toolUseId: '1', output: '1 failing', isError: true, exitCode: 1 }, 2)] });
    assert.equal(rows(m.root).length, 2, 'the result joins its tool row');
    assert.ok($(m.root, '.log-tool').classList.contains('tool-failed'));
    assert.equal($(m.root, '.log-tool .log-tool-exit').textContent, 'exit 1');

    await click($(m.root, '.log-tool-header'));
    const body = $(m.root, '.log-tool-body');
    assert.equal($(body, '.log-pre').textContent, 'npm test');
    assert.match($(body, '.log-tool-output').textContent ?? '', /Error · exit code 1/);
    assert.equal($(body, '.log-tool-output .log-pre').textContent, '1 failing');

    const edit = $$(m.root, '.log-tool')[1];
    assert.equal($(edit, '.log-tool-stat').textContent, '+1 −1');
    await click($(edit, '.log-tool-header'));
    assert.deepEqual($$(edit, '.diff-del, .diff-add').map((l) => l.className.split(' ')[1] + ':' + l.textContent?.replace(/^[-+]\s*(removed|added): /, '')), ['diff-del:b', 'diff-add:c']);
  });

  it('streams deltas into one message and a final full message replaces them', async () => {
    const m = await openTask();
    await showSession(m, [meta({ id: 's1' })], [e({ kind: 'user', id: 'u', text: 'go' }, 0)]);
    for (let i = 0; i < 3; i++) {
      await m.send({ type: 'sessionLog', sessionId: 's1', mode: 'append', entries: [e({ kind: 'assistant', id: 'a', text: `part${i} `, delta: true }, i + 1)] });
    }
    assert.equal($(m.root, '.log-assistant .markdown').textContent?.trim(), 'part0 part1 part2');
    assert.ok($(m.root, '.log-assistant').classList.contains('streaming'));
    await m.send({ type: 'sessionLog', sessionId: 's1', mode: 'append', entries: [e({ kind: 'assistant', id: 'a', text: 'All done.' }, 4)] });
    assert.deepEqual(rowTexts(m.root).map((t) => t.trim()), ['go', 'All done.']);
    assert.ok(!$(m.root, '.log-assistant').classList.contains('streaming'));
  });

  it('replays after the webview is re-created: the remembered task shows its stored log, then continues live', async () => {
    const m = await mountApp(snapshot(), Object.assign(new FakeHost(), { state: { selectedTaskId: 't1' } }));
    assert.deepEqual(m.host.last('watchTask'), { type: 'watchTask', taskId: 't1' });
    await showSession(m, [meta({ id: 's1' })], [e({ kind: 'user', id: 'u', text: 'stored' }, 0)]);
    await m.send({ type: 'sessionLog', sessionId: 's1', mode: 'append', entries: [e({ kind: 'assistant', id: 'a', text: 'live' }, 1)] });
    assert.deepEqual(rowTexts(m.root).map((t) => t.trim()), ['stored', 'live']);
  });

  it('ignores log batches for a session that is not open', async () => {
    const m = await openTask();
    await showSession(m, [meta({ id: 's1' })], [e({ kind: 'user', id: 'u', text: 'mine' }, 0)]);
    await m.send({ type: 'sessionLog', sessionId: 'other', mode: 'append', entries: [e({ kind: 'user', id: 'x', text: 'not mine' }, 1)] });
    assert.deepEqual(rowTexts(m.root), ['mine']);
  });

  it('status line: live status with Stop (posts stopSession) and Open in Terminal; an interrupted session says why', async () => {
    const m = await openTask();
    await showSession(m, [meta({ id: 's1', status: 'waiting_for_user', model: 'opus' })], []);
    assert.match($(m.root, '.session-status-line').textContent ?? '', /^waiting for you · Claude Code · opus/);
    await click(byName(m.root, 'vscode-button', 'Stop'));
    const stop = m.host.last('stopSession');
    assert.deepEqual(stop, { type: 'stopSession', requestId: stop.requestId, sessionId: 's1' });
    assert.ok(byName(m.root, 'vscode-button', 'Stopping…'));

    await click(byName(m.root, 'vscode-button', 'Open in Terminal'));
    const term = m.host.last('openInTerminal');
    assert.deepEqual(term, { type: 'openInTerminal', requestId: term.requestId, taskId: 't1', executorId: 'claude-code' });

    await m.send({ type: 'sessionUpdated', session: meta({ id: 's1', status: 'interrupted', error: 'Interrupted: the window closed.', endedAt: '2025-01-01T10:00:12.400Z' }) });
    assert.match($(m.root, '.session-status-line').textContent ?? '', /^interrupted · Claude Code.*12\.4 s/);
    assert.equal($(m.root, '.session-status-error').textContent, 'Interrupted: the window closed.');
    assert.equal($$(m.root, 'vscode-button').filter((b) => b.textContent?.includes('Stop')).length, 0);
  });
});
