// computeBriefing over a hand-built store snapshot: the branches a CLI run cannot easily reach
// (a run waiting for approval, a failed gate and failed checks, pull requests and merges, a
// deleted card) and the window's edges (an event exactly at `since` is old news).
import { strict as assert } from 'node:assert';
import { computeBriefing } from '../../../../src/assist/brief/briefing';
import { briefSections, renderBriefText } from '../../../../src/assist/brief/briefSections';
import type { Board, Task } from '../../../../src/protocol/model';
import type { SessionMeta } from '../../../../src/protocol/sessions';
import type { StageRun } from '../../../../src/protocol/automation';
import type { MemoryItem } from '../../../../src/protocol/memory';

const SINCE = new Date('2026-12-01T08:00:00Z');
const UNTIL = new Date('2026-12-01T18:00:00Z');
const AT = (h: number) => `2026-12-01T${String(h).padStart(2, '0')}:00:00.000Z`;

const task = (id: string, title: string, extra: Partial<Task> = {}): Task => ({ id, title, columnId: 'todo', order: 1, description: '', createdAt: AT(1), updatedAt: AT(1), agentStatus: 'idle', ...extra });
const session = (id: string, taskId: string, status: SessionMeta['status'], endedAt?: string, extra: Partial<SessionMeta> = {}): SessionMeta => ({
  schemaVersion: 1, id, taskId, executorId: 'claude-code', executorLabel: 'Claude Code', status, prompt: `Prompt of ${taskId}\nmore`, cwd: '/ws', createdAt: AT(7), startedAt: AT(7), entryCount: 0, ...(endedAt && { endedAt }), ...extra,
});

describe('computeBriefing', () => {
  const board: Board = {
    schemaVersion: 1,
    columns: [{ id: 'todo', title: 'To Do' }],
    tasks: [
      task('t_a', 'Add export', { verification: { state: 'checks_failed', attempts: 3, failedCommand: 'npm test', outputTail: 'a\nb\nc\nexpected 5, got -1', at: AT(10) } }),
      task('t_b', 'Build list', { accepted: { action: 'pr', branch: 'viban/t_b', at: AT(11) }, prUrl: 'https://github.com/o/r/pull/7' }),
      task('t_c', 'Clean up', { accepted: { action: 'squash', branch: 'viban/t_c', at: AT(12) } }),
      task('t_d', 'Old merge', { accepted: { action: 'merge', at: AT(6) } }),
      task('t_e', 'Ask first'),
      task('t_f', 'Old checks', { verification: { state: 'checks_failed', attempts: 1, at: AT(8) } }),
    ],
  };
  const sessions = [
    session('s1', 't_a', 'succeeded', AT(9), { costUsd: 0.5 }),
    session('s2', 't_gone', 'failed', AT(13), { costUsd: 0.25, error: 'boom\nstack' }),
    session('s3', 't_e', 'waiting_for_user', undefined, { startedAt: AT(2) }),
    session('s4', 't_a', 'interrupted', AT(14)),
    session('s5', 't_a', 'succeeded', AT(8), { costUsd: 9 }), // exactly at since: before the window
    session('s6', 't_a', 'stopped', AT(15), { costUsd: 0.125 }),
    session('s7', 't_a', 'running'),
  ];
  const gateRun = { taskId: 't_c', endedAt: AT(16), gates: [{ id: 'g1', name: 'Has tests', type: 'file_exists', required: true, passed: false, message: 'no test file' }, { id: 'g2', name: 'Optional', type: 'file_exists', required: false, passed: false, message: 'x' }] } as unknown as StageRun;
  const memory = [
    { id: 'mem_1', category: 'open', key: 'retry', value: 'Revisit the retry policy', confidence: 1, createdAt: AT(1), updatedAt: AT(1), due: AT(17) },
    { id: 'mem_2', category: 'open', key: 'logo', value: 'Pick a logo', confidence: 1, createdAt: AT(1), updatedAt: AT(1), due: '2026-12-02T00:00:00.000Z' },
    { id: 'mem_3', category: 'decision', key: 'x', value: 'Not a question', confidence: 1, createdAt: AT(1), updatedAt: AT(1), due: AT(1) },
  ] as MemoryItem[];

  const b = computeBriefing({ since: SINCE, until: UNTIL, board, sessions, stageRuns: [gateRun], memory });

  it('counts each kind of fact once, inside the window only', () => {
    assert.deepEqual(b.counts, { finished: 1, failed: 2, waiting: 1, checksFailed: 2, pullRequestsOpened: 1, merged: 1, dueQuestions: 1 });
    assert.equal(b.costUsd, 0.875, 'ended runs in the window, stopped ones included; the one at `since` is not');
  });

  it('names each fact’s card, and says when the card is gone', () => {
    assert.deepEqual(b.runs.failed.map((r) => [r.taskId, r.taskTitle, r.onBoard, r.status]), [
      ['t_gone', 'Prompt of t_gone', false, 'failed'],
      ['t_a', 'Add export', true, 'interrupted'],
    ]);
    assert.deepEqual(b.runs.waiting.map((r) => r.taskId), ['t_e']);
    assert.deepEqual(b.checksFailed.map((c) => [c.kind, c.taskId, c.name, c.message]), [
      ['verification', 't_a', 'npm test', 'b\nc\nexpected 5, got -1'],
      ['gate', 't_c', 'Has tests', 'no test file'],
    ]);
    assert.deepEqual(b.pullRequests.opened.map((p) => [p.taskId, p.url]), [['t_b', 'https://github.com/o/r/pull/7']]);
    assert.deepEqual(b.pullRequests.merged.map((p) => [p.taskId, p.branch]), [['t_c', 'viban/t_c']]);
    assert.deepEqual(b.dueQuestions, [{ memoryId: 'mem_1', value: 'Revisit the retry policy', due: AT(17) }]);
  });

  it('sections put what needs the user first and link lines to cards (none for a deleted card)', () => {
    const sections = briefSections(b);
    assert.deepEqual(sections.map((s) => s.title), ['Failed', 'Waiting for you', 'Checks failed', 'Pull requests opened', 'Merged', 'Open questions due', 'Finished']);
    assert.deepEqual(sections[0].lines.map((l) => l.taskId), [undefined, 't_a']);
    assert.match(sections[0].lines[0].text, /^"Prompt of t_gone" \(card deleted\) — Claude Code: boom$/);
    const text = renderBriefText(b);
    assert.equal(text[0], 'Since 2026-12-01 08:00 UTC (10 h ago): 1 run finished · 2 failed · 1 waiting for you · 2 checks failed · 1 pull request opened · 1 merged · $0.88 spent');
  });

  it('an empty store is a quiet briefing', () => {
    const quiet = computeBriefing({ since: SINCE, until: UNTIL, board: undefined, sessions: [], stageRuns: [], memory: [] });
    assert.deepEqual(renderBriefText(quiet).slice(1), ['Nothing happened on the board, and no open question is due.']);
  });
});
