// A large, realistic board: tasks spread over the five default columns, titles and descriptions of
// varied length, and a share of cards that have run an agent (status, message, session, cost).
import { DEFAULT_COLUMNS, type Board, type Task } from '../../src/protocol/model';

const VERBS = ['Fix', 'Add', 'Refactor', 'Document', 'Speed up', 'Remove', 'Test', 'Migrate', 'Rename', 'Split'];
const THINGS = ['the login form', 'CSV export', 'the retry loop', 'dark-mode colours', 'the settings page', 'flaky date tests', 'the README', 'API pagination', 'the upload worker', 'error messages'];
const WORDS = 'when the user opens the page the list is empty until a reload because the cache key ignores the locale and so we should'.split(' ');
const STATUSES: Task['agentStatus'][] = ['thinking', 'executing', 'waiting_for_user', 'error', 'done', 'queued'];

/** Deterministic pseudo-random numbers so every run measures the same board. */
export function rng(seed = 42): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export function bigBoard(taskCount: number, seed = 42): Board {
  const rand = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  const perColumn = new Map<string, number>();
  const base = Date.parse('2025-01-01T00:00:00.000Z');
  const tasks: Task[] = [];
  for (let i = 0; i < taskCount; i++) {
    const columnId = DEFAULT_COLUMNS[i % DEFAULT_COLUMNS.length].id;
    const n = (perColumn.get(columnId) ?? 0) + 1;
    perColumn.set(columnId, n);
    const words = Array.from({ length: Math.floor(rand() * 60) }, () => pick(WORDS));
    const at = new Date(base + i * 60_000).toISOString();
    const task: Task = {
      id: `t-bench-${i.toString(36)}`,
      columnId,
      order: n * 1000,
      title: `${pick(VERBS)} ${pick(THINGS)} (#${i + 1})`,
      description: words.join(' '),
      createdAt: at,
      updatedAt: at,
      agentStatus: 'idle',
    };
    if (rand() < 0.3) {
      const status = pick(STATUSES);
      Object.assign(task, {
        agentStatus: status,
        agentStatusMessage: status === 'error' ? 'Claude Code exited with code 1' : 'Editing src/app.ts',
        lastSessionId: `s-bench-${i}`,
        executorId: 'claude-code',
        costUsd: Math.round(rand() * 300) / 100,
      });
    }
    tasks.push(task);
  }
  return { schemaVersion: 1, columns: DEFAULT_COLUMNS.map((c) => ({ ...c })), tasks };
}
